//! `[runners.parallels]` and `[runners.virtualbox]`: the virtual-machine
//! executors.

use crate::model::shape::section;

section! {
    /// `[runners.parallels]`.
    pub struct ParallelsConfig in "[runners.parallels]" {
        /// `base_name`.
        "base_name" => base_name: Option<String>,
        /// `template_name`.
        "template_name" => template_name: Option<String>,
        /// `disable_snapshots`.
        "disable_snapshots" => disable_snapshots: Option<bool>,
        /// `time_server`.
        ///
        /// Default: `"time.apple.com"`.
        "time_server" => time_server: Option<String>,
        /// `allowed_images`.
        "allowed_images" => allowed_images: Option<Vec<String>>,
    }
}

section! {
    /// `[runners.virtualbox]`.
    pub struct VirtualBoxConfig in "[runners.virtualbox]" {
        /// `base_name`.
        "base_name" => base_name: Option<String>,
        /// `base_snapshot`.
        "base_snapshot" => base_snapshot: Option<String>,
        /// `base_folder`.
        "base_folder" => base_folder: Option<String>,
        /// `disable_snapshots`.
        "disable_snapshots" => disable_snapshots: Option<bool>,
        /// `allowed_images`.
        "allowed_images" => allowed_images: Option<Vec<String>>,
        /// `start_type`.
        ///
        /// Default: `"headless"`.
        "start_type" => start_type: Option<String>,
    }
}
