//! `[runners.instance]`: the `instance` executor.

use crate::model::shape::section;

section! {
    /// `[runners.instance]`: settings of the `instance` executor.
    ///
    /// ```
    /// use runner_config::model::InstanceConfig;
    ///
    /// let config = runner_config::load::load(
    ///     "[[runners]]\nexecutor = \"instance\"\n[runners.instance]\nallowed_images = [\"ubuntu:*\"]\n",
    /// )
    /// .into_config()
    /// .unwrap();
    /// let instance: &InstanceConfig = config.runners[0].instance.as_ref().unwrap();
    /// assert_eq!(instance.allowed_images.as_deref(), Some(&["ubuntu:*".to_owned()][..]));
    /// assert_eq!(instance.use_common_build_dir, None);
    /// ```
    pub struct InstanceConfig in "[runners.instance]" {
        /// Images jobs may ask for with `image:`; the instance executor uses the name to pick a
        /// VM image for nested isolation. Entries may use wildcards.
        "allowed_images" => allowed_images: Option<Vec<String>>,
        /// When `true`, all jobs on an instance share one build directory instead of one per
        /// concurrent job.
        "use_common_build_dir" => use_common_build_dir: Option<bool>,
    }
}
