//! `[runners.kubernetes.volumes]`: the volumes mounted into a job's pod.

use std::collections::BTreeMap;

use crate::model::shape::section;

section! {
    /// `[runners.kubernetes.volumes]`: volumes mounted into the build container, one array of
    /// tables per kind of volume.
    ///
    /// ```
    /// use runner_config::model::kubernetes::volumes::KubernetesVolumes;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "kubernetes"
    /// [[runners.kubernetes.volumes.host_path]]
    /// name = "docker-sock"
    /// mount_path = "/var/run/docker.sock"
    /// [[runners.kubernetes.volumes.pvc]]
    /// name = "cache"
    /// mount_path = "/cache"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let kubernetes = config.runners[0].kubernetes.as_ref().unwrap();
    /// let volumes: &KubernetesVolumes = kubernetes.volumes.as_ref().unwrap();
    /// assert_eq!(volumes.host_path[0].name.as_deref(), Some("docker-sock"));
    /// assert_eq!(volumes.pvc[0].mount_path.as_deref(), Some("/cache"));
    /// assert!(volumes.secret.is_empty());
    /// ```
    pub struct KubernetesVolumes in "[runners.kubernetes.volumes]" {
        /// Directories of the node, mounted into the build container.
        "host_path" => host_path: Vec<HostPathVolume>,
        /// Persistent volume claims, mounted into the build container.
        "pvc" => pvc: Vec<PvcVolume>,
        /// ConfigMaps, mounted as files.
        "config_map" => config_map: Vec<ConfigMapVolume>,
        /// Secrets, mounted as files.
        "secret" => secret: Vec<SecretVolume>,
        /// Empty directories that live as long as the pod.
        "empty_dir" => empty_dir: Vec<EmptyDirVolume>,
        /// Inline volumes provided by a CSI driver.
        "csi" => csi: Vec<CsiVolume>,
        /// NFS shares, mounted into the build container.
        "nfs" => nfs: Vec<NfsVolume>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.host_path]]`: a directory of the node, mounted into the
    /// container.
    ///
    /// ```
    /// use runner_config::model::kubernetes::volumes::HostPathVolume;
    /// use runner_config::model::shape::Section;
    ///
    /// let volume: HostPathVolume = toml::from_str(r#"
    /// name = "certs"
    /// mount_path = "/certs"
    /// host_path = "/etc/ssl/certs"
    /// read_only = true
    /// "#).unwrap();
    /// assert_eq!(volume.host_path.as_deref(), Some("/etc/ssl/certs"));
    /// assert_eq!(volume.read_only, Some(true));
    /// assert_eq!(HostPathVolume::TABLE.header, "[[runners.kubernetes.volumes.host_path]]");
    /// ```
    pub struct HostPathVolume in "[[runners.kubernetes.volumes.host_path]]" {
        /// The volume's name; it must be unique in the pod.
        "name" => name: Option<String>,
        /// Where the volume is mounted in the container.
        "mount_path" => mount_path: Option<String>,
        /// A path inside the volume to mount instead of its root.
        "sub_path" => sub_path: Option<String>,
        /// When `true`, the volume is mounted read-only.
        "read_only" => read_only: Option<bool>,
        /// The directory on the node. Not set: the same path as `mount_path`.
        "host_path" => host_path: Option<String>,
        /// How mounts propagate between host and container: `None`, `HostToContainer` or
        /// `Bidirectional`.
        "mount_propagation" => mount_propagation: Option<String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.pvc]]`: a persistent volume claim, mounted into the
    /// container.
    ///
    /// ```
    /// use runner_config::model::kubernetes::volumes::PvcVolume;
    /// use runner_config::model::shape::Section;
    ///
    /// let volume: PvcVolume = toml::from_str(r#"
    /// name = "shared-cache"
    /// mount_path = "/cache"
    /// "#).unwrap();
    /// assert_eq!(volume.name.as_deref(), Some("shared-cache"));
    /// assert_eq!(volume.read_only, None);
    /// assert_eq!(PvcVolume::TABLE.header, "[[runners.kubernetes.volumes.pvc]]");
    /// ```
    pub struct PvcVolume in "[[runners.kubernetes.volumes.pvc]]" {
        /// The name of the claim, which is also the volume's name.
        "name" => name: Option<String>,
        /// Where the volume is mounted in the container.
        "mount_path" => mount_path: Option<String>,
        /// A path inside the volume to mount instead of its root.
        "sub_path" => sub_path: Option<String>,
        /// When `true`, the volume is mounted read-only.
        "read_only" => read_only: Option<bool>,
        /// How mounts propagate between host and container: `None`, `HostToContainer` or
        /// `Bidirectional`.
        "mount_propagation" => mount_propagation: Option<String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.config_map]]`: a ConfigMap, mounted as files.
    ///
    /// ```
    /// use runner_config::model::kubernetes::volumes::ConfigMapVolume;
    ///
    /// let volume: ConfigMapVolume = toml::from_str(r#"
    /// name = "ci-settings"
    /// mount_path = "/etc/ci"
    /// [items]
    /// "settings.yml" = "settings.yml"
    /// "#)
    /// .unwrap();
    /// assert_eq!(volume.mount_path.as_deref(), Some("/etc/ci"));
    /// assert_eq!(volume.items["settings.yml"], "settings.yml");
    /// ```
    pub struct ConfigMapVolume in "[[runners.kubernetes.volumes.config_map]]" {
        /// The name of the ConfigMap, which is also the volume's name.
        "name" => name: Option<String>,
        /// Where the volume is mounted in the container.
        "mount_path" => mount_path: Option<String>,
        /// A path inside the volume to mount instead of its root.
        "sub_path" => sub_path: Option<String>,
        /// When `true`, the volume is mounted read-only.
        "read_only" => read_only: Option<bool>,
        /// Which keys become files, and their paths: `key = "path"`. Not set: every key, as a
        /// file of the same name.
        "items" => items: BTreeMap<String, String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.secret]]`: a Secret, mounted as files.
    ///
    /// ```
    /// use runner_config::model::kubernetes::volumes::SecretVolume;
    /// use runner_config::model::shape::Section;
    ///
    /// let volume: SecretVolume = toml::from_str(r#"
    /// name = "registry-ca"
    /// mount_path = "/etc/docker/certs.d"
    /// read_only = true
    /// "#).unwrap();
    /// assert_eq!(volume.name.as_deref(), Some("registry-ca"));
    /// assert_eq!(volume.read_only, Some(true));
    /// assert_eq!(SecretVolume::TABLE.header, "[[runners.kubernetes.volumes.secret]]");
    /// ```
    pub struct SecretVolume in "[[runners.kubernetes.volumes.secret]]" {
        /// The name of the Secret, which is also the volume's name.
        "name" => name: Option<String>,
        /// Where the volume is mounted in the container.
        "mount_path" => mount_path: Option<String>,
        /// A path inside the volume to mount instead of its root.
        "sub_path" => sub_path: Option<String>,
        /// When `true`, the volume is mounted read-only.
        "read_only" => read_only: Option<bool>,
        /// Which keys become files, and their paths: `key = "path"`. Not set: every key, as a
        /// file of the same name.
        "items" => items: BTreeMap<String, String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.empty_dir]]`: an empty directory created with the pod and
    /// deleted with it.
    ///
    /// ```
    /// use runner_config::model::kubernetes::volumes::EmptyDirVolume;
    ///
    /// let volume: EmptyDirVolume = toml::from_str(r#"
    /// name = "tmp"
    /// mount_path = "/tmp"
    /// medium = "Memory"
    /// size_limit = "1Gi"
    /// "#).unwrap();
    /// assert_eq!(volume.medium.as_deref(), Some("Memory"));
    /// assert_eq!(volume.size_limit.as_deref(), Some("1Gi"));
    /// ```
    pub struct EmptyDirVolume in "[[runners.kubernetes.volumes.empty_dir]]" {
        /// The volume's name; it must be unique in the pod.
        "name" => name: Option<String>,
        /// Where the volume is mounted in the container.
        "mount_path" => mount_path: Option<String>,
        /// A path inside the volume to mount instead of its root.
        "sub_path" => sub_path: Option<String>,
        /// Where the directory is stored: empty for the node's disk, `Memory` for a tmpfs.
        "medium" => medium: Option<String>,
        /// The most data the directory may hold, as a Kubernetes quantity (`1Gi`).
        "size_limit" => size_limit: Option<String>,
        /// How mounts propagate between host and container: `None`, `HostToContainer` or
        /// `Bidirectional`.
        "mount_propagation" => mount_propagation: Option<String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.csi]]`: an inline volume from a CSI driver.
    ///
    /// ```
    /// use runner_config::model::kubernetes::volumes::CsiVolume;
    ///
    /// let volume: CsiVolume = toml::from_str(r#"
    /// name = "secrets-store"
    /// mount_path = "/mnt/secrets"
    /// driver = "secrets-store.csi.k8s.io"
    /// [volume_attributes]
    /// secretProviderClass = "ci"
    /// "#)
    /// .unwrap();
    /// assert_eq!(volume.driver.as_deref(), Some("secrets-store.csi.k8s.io"));
    /// assert_eq!(volume.volume_attributes["secretProviderClass"], "ci");
    /// ```
    pub struct CsiVolume in "[[runners.kubernetes.volumes.csi]]" {
        /// The volume's name; it must be unique in the pod.
        "name" => name: Option<String>,
        /// Where the volume is mounted in the container.
        "mount_path" => mount_path: Option<String>,
        /// A path inside the volume to mount instead of its root.
        "sub_path" => sub_path: Option<String>,
        /// The name of the CSI driver.
        "driver" => driver: Option<String>,
        /// The filesystem type to mount (`ext4`). Not set: the driver's choice.
        "fs_type" => fs_type: Option<String>,
        /// When `true`, the volume is mounted read-only.
        "read_only" => read_only: Option<bool>,
        /// Driver-specific attributes of the volume.
        "volume_attributes" => volume_attributes: BTreeMap<String, String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.nfs]]`: an NFS share.
    ///
    /// The runner decodes this table itself and matches its keys exactly: `Server` or
    /// `MOUNT_PATH` are ignored here although other tables accept any case. `name`,
    /// `mount_path`, `server` and `path` are required.
    ///
    /// ```
    /// use runner_config::model::kubernetes::volumes::NfsVolume;
    /// use runner_config::model::shape::Section;
    ///
    /// let volume: NfsVolume = toml::from_str(r#"
    /// name = "artifacts"
    /// mount_path = "/artifacts"
    /// server = "nfs.internal"
    /// path = "/exports/ci"
    /// "#).unwrap();
    /// assert_eq!(volume.server.as_deref(), Some("nfs.internal"));
    /// // The runner decodes this table itself and matches its keys exactly.
    /// assert!(NfsVolume::TABLE.case_sensitive);
    /// ```
    pub struct NfsVolume in "[[runners.kubernetes.volumes.nfs]]", case_sensitive {
        /// The volume's name; it must be unique in the pod.
        "name" => name: Option<String>,
        /// Where the volume is mounted in the container.
        "mount_path" => mount_path: Option<String>,
        /// A path inside the volume to mount instead of its root.
        "sub_path" => sub_path: Option<String>,
        /// The NFS server's host name or address.
        "server" => server: Option<String>,
        /// The exported path on the server.
        "path" => path: Option<String>,
        /// When `true`, the share is mounted read-only.
        "read_only" => read_only: Option<bool>,
    }
}
