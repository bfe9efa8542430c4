//! `[runners.parallels]` and `[runners.virtualbox]`: the virtual-machine
//! executors.

use crate::model::shape::section;

section! {
    /// `[runners.parallels]`: the `parallels` executor, which runs each job in a clone of a
    /// Parallels Desktop VM.
    ///
    /// ```
    /// use runner_config::model::ParallelsConfig;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "parallels"
    /// [runners.parallels]
    /// base_name = "macos-14"
    /// disable_snapshots = true
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let parallels: &ParallelsConfig = config.runners[0].parallels.as_ref().unwrap();
    /// assert_eq!(parallels.base_name.as_deref(), Some("macos-14"));
    /// assert_eq!(parallels.disable_snapshots, Some(true));
    /// ```
    pub struct ParallelsConfig in "[runners.parallels]" {
        /// The VM that jobs' VMs are cloned from.
        "base_name" => base_name: Option<String>,
        /// The name of the template the runner creates from `base_name` and clones jobs' VMs
        /// from.
        "template_name" => template_name: Option<String>,
        /// When `true`, each job's VM is destroyed after the job instead of being reverted to a
        /// snapshot and reused.
        "disable_snapshots" => disable_snapshots: Option<bool>,
        /// The NTP server the VM's clock is synchronised with. Empty uses the default.
        ///
        /// Default: `"time.apple.com"`.
        "time_server" => time_server: Option<String>,
        /// VM names jobs may ask for with `image:` instead of `base_name`. Entries are regular
        /// expressions.
        "allowed_images" => allowed_images: Option<Vec<String>>,
    }
}

section! {
    /// `[runners.virtualbox]`: the `virtualbox` executor, which runs each job in a clone of a
    /// VirtualBox VM.
    ///
    /// ```
    /// use runner_config::model::VirtualBoxConfig;
    ///
    /// let config = runner_config::load::load(r#"
    /// [[runners]]
    /// executor = "virtualbox"
    /// [runners.virtualbox]
    /// base_name = "debian-12"
    /// start_type = "headless"
    /// "#)
    /// .into_config()
    /// .unwrap();
    /// let vbox: &VirtualBoxConfig = config.runners[0].virtualbox.as_ref().unwrap();
    /// assert_eq!(vbox.base_name.as_deref(), Some("debian-12"));
    /// assert_eq!(vbox.start_type.as_deref(), Some("headless"));
    /// ```
    pub struct VirtualBoxConfig in "[runners.virtualbox]" {
        /// The VM that jobs' VMs are cloned from.
        "base_name" => base_name: Option<String>,
        /// The snapshot of `base_name` to clone from. Not set: the current state.
        "base_snapshot" => base_snapshot: Option<String>,
        /// The folder where the clones are created. Not set: VirtualBox's default machine
        /// folder.
        "base_folder" => base_folder: Option<String>,
        /// When `true`, each job's VM is destroyed after the job instead of being reverted to a
        /// snapshot and reused.
        "disable_snapshots" => disable_snapshots: Option<bool>,
        /// VM names jobs may ask for with `image:` instead of `base_name`. Entries are regular
        /// expressions.
        "allowed_images" => allowed_images: Option<Vec<String>>,
        /// How the VM is started (`headless`, `gui`, `separate`). Empty uses the default.
        ///
        /// Default: `"headless"`.
        "start_type" => start_type: Option<String>,
    }
}
