//! `[runners.kubernetes.volumes]`: the volumes mounted into a job's pod.

use std::collections::BTreeMap;

use crate::model::shape::section;

section! {
    /// `[runners.kubernetes.volumes]`.
    pub struct KubernetesVolumes in "[runners.kubernetes.volumes]" {
        /// `host_path`.
        "host_path" => host_path: Vec<HostPathVolume>,
        /// `pvc`.
        "pvc" => pvc: Vec<PvcVolume>,
        /// `config_map`.
        "config_map" => config_map: Vec<ConfigMapVolume>,
        /// `secret`.
        "secret" => secret: Vec<SecretVolume>,
        /// `empty_dir`.
        "empty_dir" => empty_dir: Vec<EmptyDirVolume>,
        /// `csi`.
        "csi" => csi: Vec<CsiVolume>,
        /// `nfs`.
        "nfs" => nfs: Vec<NfsVolume>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.host_path]]`.
    pub struct HostPathVolume in "[[runners.kubernetes.volumes.host_path]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `mount_path`.
        "mount_path" => mount_path: Option<String>,
        /// `sub_path`.
        "sub_path" => sub_path: Option<String>,
        /// `read_only`.
        "read_only" => read_only: Option<bool>,
        /// `host_path`.
        "host_path" => host_path: Option<String>,
        /// `mount_propagation`.
        "mount_propagation" => mount_propagation: Option<String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.pvc]]`.
    pub struct PvcVolume in "[[runners.kubernetes.volumes.pvc]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `mount_path`.
        "mount_path" => mount_path: Option<String>,
        /// `sub_path`.
        "sub_path" => sub_path: Option<String>,
        /// `read_only`.
        "read_only" => read_only: Option<bool>,
        /// `mount_propagation`.
        "mount_propagation" => mount_propagation: Option<String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.config_map]]`.
    pub struct ConfigMapVolume in "[[runners.kubernetes.volumes.config_map]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `mount_path`.
        "mount_path" => mount_path: Option<String>,
        /// `sub_path`.
        "sub_path" => sub_path: Option<String>,
        /// `read_only`.
        "read_only" => read_only: Option<bool>,
        /// `items`.
        "items" => items: BTreeMap<String, String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.secret]]`.
    pub struct SecretVolume in "[[runners.kubernetes.volumes.secret]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `mount_path`.
        "mount_path" => mount_path: Option<String>,
        /// `sub_path`.
        "sub_path" => sub_path: Option<String>,
        /// `read_only`.
        "read_only" => read_only: Option<bool>,
        /// `items`.
        "items" => items: BTreeMap<String, String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.empty_dir]]`.
    pub struct EmptyDirVolume in "[[runners.kubernetes.volumes.empty_dir]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `mount_path`.
        "mount_path" => mount_path: Option<String>,
        /// `sub_path`.
        "sub_path" => sub_path: Option<String>,
        /// `medium`.
        "medium" => medium: Option<String>,
        /// `size_limit`.
        "size_limit" => size_limit: Option<String>,
        /// `mount_propagation`.
        "mount_propagation" => mount_propagation: Option<String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.csi]]`.
    pub struct CsiVolume in "[[runners.kubernetes.volumes.csi]]" {
        /// `name`.
        "name" => name: Option<String>,
        /// `mount_path`.
        "mount_path" => mount_path: Option<String>,
        /// `sub_path`.
        "sub_path" => sub_path: Option<String>,
        /// `driver`.
        "driver" => driver: Option<String>,
        /// `fs_type`.
        "fs_type" => fs_type: Option<String>,
        /// `read_only`.
        "read_only" => read_only: Option<bool>,
        /// `volume_attributes`.
        "volume_attributes" => volume_attributes: BTreeMap<String, String>,
    }
}

section! {
    /// `[[runners.kubernetes.volumes.nfs]]`.
    pub struct NfsVolume in "[[runners.kubernetes.volumes.nfs]]", case_sensitive {
        /// `name`.
        "name" => name: Option<String>,
        /// `mount_path`.
        "mount_path" => mount_path: Option<String>,
        /// `sub_path`.
        "sub_path" => sub_path: Option<String>,
        /// `server`.
        "server" => server: Option<String>,
        /// `path`.
        "path" => path: Option<String>,
        /// `read_only`.
        "read_only" => read_only: Option<bool>,
    }
}
