//! `[runners.instance]`: the `instance` executor.

use crate::model::shape::section;

section! {
    /// `[runners.instance]`: settings of the `instance` executor.
    pub struct InstanceConfig in "[runners.instance]" {
        /// Images jobs may ask for with `image:`; the instance executor uses the name to pick a
        /// VM image for nested isolation. Entries may use wildcards.
        "allowed_images" => allowed_images: Option<Vec<String>>,
        /// When `true`, all jobs on an instance share one build directory instead of one per
        /// concurrent job.
        "use_common_build_dir" => use_common_build_dir: Option<bool>,
    }
}
