//! `[runners.cache]`: the distributed cache and its S3, GCS and Azure
//! backends.

use crate::model::shape::{section, string_enum};

section! {
    /// `[runners.cache]`.
    pub struct CacheConfig in "[runners.cache]" {
        /// `Type`.
        "Type" => cache_type: Option<CacheType>,
        /// `Path`.
        "Path" => path: Option<String>,
        /// `Shared`.
        "Shared" => shared: Option<bool>,
        /// `MaxUploadedArchiveSize`.
        "MaxUploadedArchiveSize" => max_uploaded_archive_size: Option<i64>,
        /// `s3`.
        "s3" => s3: Option<CacheS3Config>,
        /// `gcs`.
        "gcs" => gcs: Option<CacheGcsConfig>,
        /// `azure`.
        "azure" => azure: Option<CacheAzureConfig>,
    }
}

section! {
    /// `[runners.cache.s3]`.
    pub struct CacheS3Config in "[runners.cache.s3]" {
        /// `ServerAddress`.
        "ServerAddress" => server_address: Option<String>,
        /// `AccessKey`.
        "AccessKey" [secret] => access_key: Option<String>,
        /// `SecretKey`.
        "SecretKey" [secret] => secret_key: Option<String>,
        /// `SessionToken`.
        "SessionToken" [secret] => session_token: Option<String>,
        /// `BucketName`.
        "BucketName" => bucket_name: Option<String>,
        /// `BucketLocation`.
        "BucketLocation" => bucket_location: Option<String>,
        /// `Insecure`.
        "Insecure" => insecure: Option<bool>,
        /// `AuthenticationType`.
        "AuthenticationType" => authentication_type: Option<S3AuthenticationType>,
        /// `ServerSideEncryption`.
        "ServerSideEncryption" => server_side_encryption: Option<S3ServerSideEncryption>,
        /// `ServerSideEncryptionKeyID`.
        "ServerSideEncryptionKeyID" => server_side_encryption_key_id: Option<String>,
        /// `DualStack`.
        ///
        /// Default: `true`.
        "DualStack" => dual_stack: Option<bool>,
        /// `PathStyle`.
        "PathStyle" => path_style: Option<bool>,
        /// `Accelerate`.
        "Accelerate" => accelerate: Option<bool>,
        /// `RoleARN`.
        "RoleARN" => role_arn: Option<String>,
        /// `UploadRoleARN`.
        "UploadRoleARN" => upload_role_arn: Option<String>,
        /// `AssumeRoleMaxConcurrency`.
        ///
        /// Default: `5`.
        "AssumeRoleMaxConcurrency" => assume_role_max_concurrency: Option<i64>,
        /// `DisableAssumeRoleCredentialsCaching`.
        "DisableAssumeRoleCredentialsCaching" => disable_assume_role_credentials_caching: Option<bool>,
    }
}

section! {
    /// `[runners.cache.gcs]`.
    pub struct CacheGcsConfig in "[runners.cache.gcs]" {
        /// `AccessID`.
        "AccessID" => access_id: Option<String>,
        /// `PrivateKey`.
        "PrivateKey" [secret] => private_key: Option<String>,
        /// `CredentialsFile`.
        "CredentialsFile" => credentials_file: Option<String>,
        /// `BucketName`.
        "BucketName" => bucket_name: Option<String>,
        /// `UniverseDomain`.
        "UniverseDomain" => universe_domain: Option<String>,
    }
}

section! {
    /// `[runners.cache.azure]`.
    pub struct CacheAzureConfig in "[runners.cache.azure]" {
        /// `AccountName`.
        "AccountName" => account_name: Option<String>,
        /// `AccountKey`.
        "AccountKey" [secret] => account_key: Option<String>,
        /// `ContainerName`.
        "ContainerName" => container_name: Option<String>,
        /// `StorageDomain`.
        "StorageDomain" => storage_domain: Option<String>,
    }
}

string_enum! {
    /// The storage backend of the distributed cache.
    pub enum CacheType as "cache type" {
        /// `azure`: Azure Blob Storage, see `[runners.cache.azure]`.
        Azure = "azure",
        /// `gcs`: Google Cloud Storage, see `[runners.cache.gcs]`. Runs the
        /// `gcsv2` adapter unless `FF_USE_LEGACY_GCS_CACHE_ADAPTER` is set.
        Gcs = "gcs",
        /// `gcsv2`: Google Cloud Storage through the newer client library.
        Gcsv2 = "gcsv2",
        /// `s3`: Amazon S3 or an S3-compatible store, see
        /// `[runners.cache.s3]`. Runs the `s3v2` adapter unless
        /// `FF_USE_LEGACY_S3_CACHE_ADAPTER` is set.
        S3 = "s3",
        /// `s3v2`: S3 through the AWS SDK v2.
        S3v2 = "s3v2",
    }
}

string_enum! {
    /// How the runner authenticates to S3. Matched without regard to case.
    pub enum S3AuthenticationType as "S3 authentication type", case_insensitive {
        /// `access-key`: the `AccessKey` and `SecretKey` in the file.
        AccessKey = "access-key",
        /// `iam`: the instance's IAM role or the default credential chain.
        Iam = "iam",
    }
}

string_enum! {
    /// Server-side encryption for cache objects in S3. Matched without regard
    /// to case; the runner warns about other values and encrypts nothing.
    pub enum S3ServerSideEncryption as "S3 server-side encryption", case_insensitive {
        /// `""`: no server-side encryption requested.
        None = "",
        /// `S3`: keys managed by S3 (SSE-S3).
        S3 = "S3",
        /// `AES256`: the same as `S3`.
        Aes256 = "AES256",
        /// `KMS`: keys from AWS KMS (SSE-KMS); set `ServerSideEncryptionKeyID`.
        Kms = "KMS",
        /// `DSSE-KMS`: dual-layer encryption with KMS keys.
        DsseKms = "DSSE-KMS",
    }
}
