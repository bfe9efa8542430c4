//! `[runners.instance]`: the `instance` executor.

use crate::model::shape::section;

section! {
    /// `[runners.instance]`.
    pub struct InstanceConfig in "[runners.instance]" {
        /// `allowed_images`.
        "allowed_images" => allowed_images: Option<Vec<String>>,
        /// `use_common_build_dir`.
        "use_common_build_dir" => use_common_build_dir: Option<bool>,
    }
}
