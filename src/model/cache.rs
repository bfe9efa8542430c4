//! `[runners.cache]`: the distributed cache and its S3, GCS and Azure
//! backends.

use crate::model::shape::{section, string_enum};

section! {
    /// `[runners.cache]`: the distributed cache, which lets jobs on different hosts share
    /// cached files through object storage.
    ///
    /// ```
    /// use runner_config::model::{CacheConfig, CacheType};
    ///
    /// let loaded = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "docker"
    /// [runners.cache]
    /// Type = "s3"
    /// Shared = true
    /// [runners.cache.s3]
    /// ServerAddress = "s3.amazonaws.com"
    /// BucketName = "runner-cache"
    /// "#);
    /// let config = loaded.config().unwrap();
    /// let cache: &CacheConfig = config.runners[0].cache.as_ref().unwrap();
    /// assert_eq!(cache.cache_type, Some(CacheType::S3));
    /// assert_eq!(cache.shared, Some(true));
    /// assert_eq!(cache.s3.as_ref().unwrap().bucket_name.as_deref(), Some("runner-cache"));
    /// assert!(cache.gcs.is_none());
    ///
    /// // The runner spells these keys `Type`, `Shared`, ...; it also reads `type`,
    /// // which loads but is reported.
    /// let loaded = runner_config::load::load("[[runners]]\n[runners.cache]\ntype = \"gcs\"\n");
    /// let cache = loaded.config().unwrap().runners[0].cache.clone().unwrap();
    /// assert_eq!(cache.cache_type, Some(CacheType::Gcs));
    /// assert_eq!(loaded.diagnostics()[0].code(), "non-canonical-key-case");
    /// ```
    pub struct CacheConfig in "[runners.cache]" {
        /// The storage backend. Not set: no distributed cache, only the local one.
        "Type" => cache_type: Option<CacheType>,
        /// A prefix put before every cache object's name in the bucket.
        "Path" => path: Option<String>,
        /// When `true`, runners share cache objects instead of each keeping its own under a
        /// runner-specific prefix.
        "Shared" => shared: Option<bool>,
        /// The largest cache archive, in bytes, the runner uploads; bigger archives are not
        /// uploaded. `0` means no limit.
        "MaxUploadedArchiveSize" => max_uploaded_archive_size: Option<i64>,
        /// Settings for `Type = "s3"` and `"s3v2"`.
        "s3" => s3: Option<CacheS3Config>,
        /// Settings for `Type = "gcs"` and `"gcsv2"`.
        "gcs" => gcs: Option<CacheGcsConfig>,
        /// Settings for `Type = "azure"`.
        "azure" => azure: Option<CacheAzureConfig>,
    }
}

section! {
    /// `[runners.cache.s3]`: cache storage in Amazon S3 or an S3-compatible service.
    ///
    /// ```
    /// use runner_config::model::cache::{CacheS3Config, S3AuthenticationType};
    /// use runner_config::model::shape::Section;
    ///
    /// let s3: CacheS3Config =
    ///     toml::from_str("BucketName = \"cache\"\nAuthenticationType = \"iam\"\n").unwrap();
    /// assert_eq!(s3.bucket_name.as_deref(), Some("cache"));
    /// assert_eq!(s3.authentication_type, Some(S3AuthenticationType::Iam));
    /// // Credentials are marked, so they are blanked in every report.
    /// assert!(CacheS3Config::TABLE.key("SecretKey").unwrap().secret);
    /// assert!(!CacheS3Config::TABLE.key("BucketName").unwrap().secret);
    /// ```
    pub struct CacheS3Config in "[runners.cache.s3]" {
        /// The `host:port` of the S3 endpoint. Not set: the AWS endpoint for `BucketLocation`.
        "ServerAddress" => server_address: Option<String>,
        /// The access key ID for `AuthenticationType = "access-key"`.
        "AccessKey" [secret] => access_key: Option<String>,
        /// The secret access key that goes with `AccessKey`.
        "SecretKey" [secret] => secret_key: Option<String>,
        /// A session token for temporary credentials, used with `AccessKey` and `SecretKey`.
        "SessionToken" [secret] => session_token: Option<String>,
        /// The bucket that holds the cache.
        "BucketName" => bucket_name: Option<String>,
        /// The bucket's region (`us-east-1`).
        "BucketLocation" => bucket_location: Option<String>,
        /// When `true`, the runner talks to the endpoint over plain HTTP.
        "Insecure" => insecure: Option<bool>,
        /// How the runner authenticates. Not set: `iam` when `ServerAddress`, `AccessKey` or
        /// `SecretKey` is missing, `access-key` otherwise.
        "AuthenticationType" => authentication_type: Option<S3AuthenticationType>,
        /// Server-side encryption for uploaded objects. Not set or empty: none.
        "ServerSideEncryption" => server_side_encryption: Option<S3ServerSideEncryption>,
        /// The KMS key (ID or ARN) used with `ServerSideEncryption = "KMS"` or `"DSSE-KMS"`.
        "ServerSideEncryptionKeyID" => server_side_encryption_key_id: Option<String>,
        /// Whether the runner uses AWS dual-stack (IPv4 and IPv6) endpoints.
        ///
        /// Default: `true`.
        "DualStack" => dual_stack: Option<bool>,
        /// Whether the bucket is addressed in the path (`host/bucket`) instead of the host name
        /// (`bucket.host`). Not set: decided from `ServerAddress` and `BucketName`.
        "PathStyle" => path_style: Option<bool>,
        /// When `true`, the runner uses S3 Transfer Acceleration endpoints.
        "Accelerate" => accelerate: Option<bool>,
        /// An IAM role the runner assumes to get short-lived credentials for cache transfers.
        "RoleARN" => role_arn: Option<String>,
        /// An IAM role assumed for uploads only. The documentation marks it deprecated in
        /// favour of `RoleARN`.
        "UploadRoleARN" => upload_role_arn: Option<String>,
        /// The most role assumptions the runner makes at once; a negative value removes the
        /// limit. `0` uses the default.
        ///
        /// Default: `5`.
        "AssumeRoleMaxConcurrency" => assume_role_max_concurrency: Option<i64>,
        /// When `true`, the runner assumes the role anew for every transfer instead of reusing
        /// credentials.
        "DisableAssumeRoleCredentialsCaching" => disable_assume_role_credentials_caching: Option<bool>,
    }
}

section! {
    /// `[runners.cache.gcs]`: cache storage in Google Cloud Storage.
    ///
    /// ```
    /// use runner_config::model::cache::CacheGcsConfig;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// [runners.cache]
    /// Type = "gcs"
    /// [runners.cache.gcs]
    /// BucketName = "ci-cache"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let gcs: &CacheGcsConfig = config.runners[0].cache.as_ref().unwrap().gcs.as_ref().unwrap();
    /// assert_eq!(gcs.bucket_name.as_deref(), Some("ci-cache"));
    /// assert_eq!(CacheGcsConfig::TABLE.header, "[runners.cache.gcs]");
    /// ```
    pub struct CacheGcsConfig in "[runners.cache.gcs]" {
        /// The service account e-mail used to sign cache URLs, with `PrivateKey`.
        "AccessID" => access_id: Option<String>,
        /// The service account's PEM private key, with `AccessID`.
        "PrivateKey" [secret] => private_key: Option<String>,
        /// A service account JSON key file; used instead of `AccessID` and `PrivateKey`.
        "CredentialsFile" => credentials_file: Option<String>,
        /// The bucket that holds the cache.
        "BucketName" => bucket_name: Option<String>,
        /// The Google Cloud universe domain, for sovereign clouds. Not set: `googleapis.com`.
        "UniverseDomain" => universe_domain: Option<String>,
    }
}

section! {
    /// `[runners.cache.azure]`: cache storage in Azure Blob Storage.
    ///
    /// ```
    /// use runner_config::model::cache::CacheAzureConfig;
    /// use runner_config::model::shape::Section;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// [runners.cache]
    /// Type = "azure"
    /// [runners.cache.azure]
    /// ContainerName = "cache"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let azure: &CacheAzureConfig = config.runners[0].cache.as_ref().unwrap().azure.as_ref().unwrap();
    /// assert_eq!(azure.container_name.as_deref(), Some("cache"));
    /// assert!(CacheAzureConfig::TABLE.key("AccountKey").unwrap().secret);
    /// ```
    pub struct CacheAzureConfig in "[runners.cache.azure]" {
        /// The storage account name.
        "AccountName" => account_name: Option<String>,
        /// The storage account's access key.
        "AccountKey" [secret] => account_key: Option<String>,
        /// The blob container that holds the cache.
        "ContainerName" => container_name: Option<String>,
        /// The domain of the blob service, for clouds other than Azure's public one. Not set:
        /// `blob.core.windows.net`.
        "StorageDomain" => storage_domain: Option<String>,
    }
}

string_enum! {
    /// The storage backend of the distributed cache.
    ///
    /// ```
    /// use runner_config::model::CacheType;
    ///
    /// assert_eq!("s3v2".parse::<CacheType>(), Ok(CacheType::S3v2));
    /// // The runner compares cache types exactly: `S3` is not `s3`.
    /// let err = "S3".parse::<CacheType>().unwrap_err();
    /// assert_eq!(err.to_string(), r#"unknown cache type "S3", did you mean "s3"?"#);
    /// ```
    pub enum CacheType as "cache type" {
        matching: Exact,
        on_unknown: Ignored,
        says: "Could not create cache adapter",
        empty_is_unset: true,
    } {
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
    /// How the runner authenticates to S3. Matched without regard to case;
    /// another value, or none, falls back to what the keys written imply
    /// (`CacheS3Config.AuthType`).
    ///
    /// ```
    /// use runner_config::model::cache::S3AuthenticationType;
    ///
    /// // Matched case-insensitively.
    /// assert_eq!("IAM".parse::<S3AuthenticationType>(), Ok(S3AuthenticationType::Iam));
    /// assert_eq!(S3AuthenticationType::AccessKey.as_str(), "access-key");
    /// let err = "access_key".parse::<S3AuthenticationType>().unwrap_err();
    /// assert_eq!(err.suggestion(), Some("access-key"));
    /// ```
    pub enum S3AuthenticationType as "S3 authentication type" {
        matching: Lowercased,
        on_unknown: Ignored,
        says: "",
        empty_is_unset: true,
    } {
        /// `access-key`: the `AccessKey` and `SecretKey` in the file.
        AccessKey = "access-key",
        /// `iam`: the instance's IAM role or the default credential chain.
        Iam = "iam",
    }
}

string_enum! {
    /// Server-side encryption for cache objects in S3. The runner upper-cases
    /// the value and also accepts `aws:kms` and `aws:kms:dsse`; it logs any
    /// other value and encrypts nothing (`CacheS3Config.EncryptionType`).
    ///
    /// ```
    /// use runner_config::model::cache::S3ServerSideEncryption;
    ///
    /// assert_eq!("kms".parse::<S3ServerSideEncryption>(), Ok(S3ServerSideEncryption::Kms));
    /// assert_eq!("aws:kms".parse::<S3ServerSideEncryption>(), Ok(S3ServerSideEncryption::Kms));
    /// assert_eq!(
    ///     "AWS:KMS:DSSE".parse::<S3ServerSideEncryption>(),
    ///     Ok(S3ServerSideEncryption::DsseKms),
    /// );
    /// assert_eq!("".parse::<S3ServerSideEncryption>(), Ok(S3ServerSideEncryption::Unset));
    /// let err = "AES-256".parse::<S3ServerSideEncryption>().unwrap_err();
    /// assert_eq!(err.suggestion(), Some("AES256"));
    /// ```
    pub enum S3ServerSideEncryption as "S3 server-side encryption" {
        matching: Uppercased,
        on_unknown: Ignored,
        says: "unknown ServerSideEncryption value: %S",
    } {
        /// `""`: no server-side encryption requested.
        Unset = "",
        /// `S3`: keys managed by S3 (SSE-S3).
        S3 = "S3",
        /// `AES256`: the same as `S3`.
        Aes256 = "AES256",
        /// `KMS`: keys from AWS KMS (SSE-KMS); set `ServerSideEncryptionKeyID`.
        Kms = "KMS" | "AWS:KMS",
        /// `DSSE-KMS`: dual-layer encryption with KMS keys.
        DsseKms = "DSSE-KMS" | "AWS:KMS:DSSE",
    }
}
