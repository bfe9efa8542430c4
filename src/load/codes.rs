//! The loader's diagnostic codes.
//!
//! Every code whose finding is "the runner does not read this key" contains
//! `unknown-key`, so `--allow 'unknown-key*'`-style filters and scripts that
//! grep for it catch all of them.

use crate::{Rule, Severity, Stage};

/// Text that is not valid TOML; the runner refuses to load the file.
pub(crate) static SYNTAX_ERROR: Rule = Rule {
    code: "syntax-error",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "text that GitLab Runner's TOML decoder refuses",
    explanation: "GitLab Runner reads config.toml with BurntSushi/toml v1.6.0 (TOML 1.1) and \
                  refuses to start with a file it cannot parse (`decoding configuration file: \
                  toml: …`); a running runner keeps its old configuration when a reload \
                  fails. Besides TOML's grammar, the decoder refuses a key or table defined \
                  twice, integers outside 64 bits, floats too large for 64 bits, and \
                  date-times Go's `time` package cannot read (such as a 60th second).",
    bad: "[runners.kubernetes]\nmemory_limit = 3GB\n",
    good: "[runners.kubernetes]\nmemory_limit = \"3Gi\"\n",
};

/// TOML the specification forbids but GitLab Runner's decoder accepts.
pub(crate) static LENIENT_TOML: Rule = Rule {
    code: "lenient-toml",
    severity: Severity::Warning,
    stage: Stage::Load,
    summary: "invalid TOML that only GitLab Runner's lenient decoder accepts",
    explanation: "GitLab Runner's TOML decoder (BurntSushi/toml v1.6.0) accepts some files the \
                  TOML specification forbids, all about adding to a table already defined: a \
                  `[runners.docker]` header after `docker.image = …` in the same `[[runners]]` \
                  entry, a dotted key adding to a table a header defined, keys added to an \
                  inline table, a key set twice when the first value is a table. Its parser \
                  lets a table it created implicitly be defined again (`parse.go`, \
                  `setValue` and the `implicits` set), so the runner loads the file and \
                  merges the keys (or, for a key set twice, keeps or replaces one value). \
                  taplo, editors and other TOML tools reject the file.",
    bad: "[[runners]]\nexecutor = \"docker\"\ndocker.image = \"alpine\"\n[runners.docker]\nprivileged = false\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\nimage = \"alpine\"\nprivileged = false\n",
};

/// Valid TOML whose keys GitLab Runner's decoder drops.
pub(crate) static TOML_KEYS_DROPPED: Rule = Rule {
    code: "toml-keys-dropped",
    severity: Severity::Warning,
    stage: Stage::Load,
    summary: "keys that GitLab Runner's TOML decoder silently drops",
    explanation: "BurntSushi/toml records the type of each key path without its position in an \
                  array of tables (`keyInfo` in `parse.go`). When one `[[runners]]` entry has \
                  an array at a path where a later entry builds a table with dotted keys, \
                  each further dotted key makes the decoder start that table again \
                  (`setValue`: an implicit key recorded as an array is replaced), so the keys \
                  set before it are lost, without an error.",
    bad: "[[runners]]\nx = [1]\n[[runners]]\nx.a = 1\nx.b = 2\n",
    good: "[[runners]]\nx = [1]\n[[runners]]\nx = { a = 1, b = 2 }\n",
};

/// A key GitLab Runner does not know in this table; the runner ignores it.
pub(crate) static UNKNOWN_KEY: Rule = Rule {
    code: "unknown-key",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "key that GitLab Runner does not read in this table",
    explanation: "GitLab Runner silently ignores keys it does not know, so a misspelt key \
                  has no effect and the default applies.",
    bad: "[runners.docker]\npull_policies = \"if-not-present\"\n",
    good: "[runners.docker]\npull_policy = \"if-not-present\"\n",
};

/// A key the runner used to read and no longer does.
pub(crate) static UNKNOWN_KEY_REMOVED: Rule = Rule {
    code: "unknown-key-removed",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "key that GitLab Runner no longer reads",
    explanation: "Keys removed from GitLab Runner are ignored without a word: \
                  `pre_clone_script` stopped working in 17.0, and the pre-11.3 cache \
                  settings written directly under `[runners.cache]` are no longer read at \
                  all, so the job silently loses its pre-clone step or its cache \
                  credentials.",
    bad: "[[runners]]\npre_clone_script = \"git config --global http.sslVerify false\"\n",
    good: "[[runners]]\npre_get_sources_script = \"git config --global http.sslVerify false\"\n",
};

/// A `gitlab-runner register` option written into `config.toml`.
pub(crate) static UNKNOWN_KEY_REGISTRATION_OPTION: Rule = Rule {
    code: "unknown-key-registration-option",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "registration option that is not a config.toml key",
    explanation: "Tags, `run_untagged`, `locked`, the access level and the maximum timeout \
                  are sent to GitLab when a runner is registered and are stored there; \
                  GitLab Runner never reads them from config.toml, so changing them in the \
                  file changes nothing.",
    bad: "[[runners]]\nname = \"build\"\ntag_list = [\"docker\"]\n",
    good: "[[runners]]\nname = \"build\"\n# tags: set in GitLab, under the runner's settings\n",
};

/// A key written in a table that does not read it, but another one does.
pub(crate) static MISPLACED_KEY: Rule = Rule {
    code: "misplaced-key",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "key written in a table that does not read it",
    explanation: "Each table of config.toml has its own keys; GitLab Runner ignores a key \
                  written in the wrong one, so `pull_policy` directly under `[[runners]]` \
                  or `privileged` outside `[runners.docker]` has no effect at all.",
    bad: "[[runners]]\nexecutor = \"docker\"\npull_policy = \"if-not-present\"\n",
    good: "[[runners]]\nexecutor = \"docker\"\n[runners.docker]\npull_policy = \"if-not-present\"\n",
};

/// A key that only works through the runner's case-insensitive fallback.
pub(crate) static NON_CANONICAL_KEY_CASE: Rule = Rule {
    code: "non-canonical-key-case",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "key spelt in a different case than the runner's",
    explanation: "GitLab Runner's TOML decoder matches a key exactly first and then \
                  ignores case, so `Pull_Policy` still sets `pull_policy`. Other tools \
                  (schemas, editors, `gitlab-runner` rewriting the file) use the exact \
                  spelling, and tables with their own decoder \
                  (`[[runners.kubernetes.volumes.nfs]]`) do not fall back at all.",
    bad: "[runners.docker]\nPull_Policy = \"always\"\n",
    good: "[runners.docker]\npull_policy = \"always\"\n",
};

/// Two spellings of one key in the same table.
pub(crate) static CASE_DUPLICATE_KEY: Rule = Rule {
    code: "case-duplicate-key",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "the same key written twice in different cases",
    explanation: "`image` and `Image` are different TOML keys but the same runner setting. \
                  The runner's decoder sets the field once for each, in the random order of \
                  a Go map, so which value wins changes from one start to the next. \
                  `pull_policy` is different: its decoder appends, so `pull_policy` and \
                  `Pull_Policy` together give both lists, one after the other, in an order \
                  that changes from one start to the next.",
    bad: "[runners.docker]\npull_policy = \"always\"\nPull_Policy = \"never\"\n",
    good: "[runners.docker]\npull_policy = \"always\"\n",
};

/// A value of the wrong TOML type; the runner refuses to load the file.
pub(crate) static TYPE_MISMATCH: Rule = Rule {
    code: "type-mismatch",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "value of the wrong type",
    explanation: "GitLab Runner decodes config.toml into typed Go fields and refuses to \
                  load the whole file when one value has the wrong type \
                  (`incompatible types: TOML value has type string; destination has type \
                  integer`), including a table where an array of tables is expected \
                  (`[runners.docker]` without `[[runners]]`) and the other way round.",
    bad: "[runners.docker]\nshm_size = \"256m\"\n",
    good: "[runners.docker]\nshm_size = 268435456\n",
};

/// `allowed_pull_policies` written as one string.
pub(crate) static ALLOWED_PULL_POLICIES_NOT_ARRAY: Rule = Rule {
    code: "allowed-pull-policies-not-array",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "`allowed_pull_policies` written as a string instead of an array",
    explanation: "`pull_policy` accepts one string or an array, but \
                  `allowed_pull_policies` is a plain list: the runner refuses to load the \
                  file (`incompatible types: TOML value has type string; destination has \
                  type slice`).",
    bad: "[runners.docker]\nallowed_pull_policies = \"always\"\n",
    good: "[runners.docker]\nallowed_pull_policies = [\"always\"]\n",
};

/// An `executor` the runner does not have.
pub(crate) static UNKNOWN_EXECUTOR: Rule = Rule {
    code: "unknown-executor",
    severity: Severity::Error,
    stage: Stage::Polling,
    summary: "`executor` that GitLab Runner does not provide",
    explanation: "GitLab Runner looks the executor up by its exact name each time it polls \
                  for a job on the entry (`RunCommand.processRunner`). For an unknown name it \
                  logs `Executor \"…\" is not known; marking Runner as unhealthy` and asks \
                  for no job, so the entry never runs one. The names are `shell`, `custom`, \
                  `instance`, `docker`, `docker-windows`, `docker-autoscaler`, \
                  `docker+machine`, `kubernetes`, `ssh`, `parallels` and `virtualbox`.",
    bad: "[[runners]]\nexecutor = \"docker+autoscaler\"\n",
    good: "[[runners]]\nexecutor = \"docker-autoscaler\"\n",
};

/// A string outside the fixed set a key accepts, which stops the runner or
/// its jobs.
pub(crate) static UNKNOWN_VALUE: Rule = Rule {
    code: "unknown-value",
    severity: Severity::Error,
    stage: Stage::StartUp,
    summary: "value outside the set a key accepts",
    explanation: "Some keys accept a fixed set of strings and GitLab Runner cannot work \
                  with any other: an unknown `log_level` or `log_format` stops \
                  `gitlab-runner run` at start-up (`updateLoggingConfiguration`), and a \
                  `shell` the runner has no implementation for (`shell cmd not found`: only \
                  `bash`, `sh`, `pwsh` and `powershell` exist) or an unknown Docker \
                  `isolation` fails every job before its script. Settings the runner logs \
                  and drops are `unknown-value-ignored` and `unknown-cache-value`.",
    bad: "[[runners]]\nshell = \"zsh\"\n",
    good: "[[runners]]\nshell = \"bash\"\n",
};

/// A string outside a key's set that the runner logs and drops.
pub(crate) static UNKNOWN_VALUE_IGNORED: Rule = Rule {
    code: "unknown-value-ignored",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "value outside the set a key accepts; the runner ignores it",
    explanation: "For some keys GitLab Runner logs an unknown value (or not) and goes on \
                  without it: an unknown Kubernetes `dns_policy` falls back to the \
                  cluster's default (`getDNSPolicy`), an unknown `proc_mount` or seccomp or \
                  AppArmor profile `type` is left out of the security context \
                  (`getProcMount`, `validateProfileType`). Jobs run, without what the author asked for.",
    bad: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
          dns_policy = \"ClusterFirst\"\n",
    good: "[[runners]]\nexecutor = \"kubernetes\"\n[runners.kubernetes]\n\
           dns_policy = \"cluster-first\"\n",
};

/// A cache setting outside its set: the runner starts and runs jobs, but
/// without the cache (or without that setting).
pub(crate) static UNKNOWN_CACHE_VALUE: Rule = Rule {
    code: "unknown-cache-value",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "cache setting outside the set it accepts; jobs run without it",
    explanation: "GitLab Runner looks the cache adapter up by `[runners.cache] Type` when a \
                  job starts; for an unknown type it logs \"Could not create cache adapter\" \
                  and runs the job with no distributed cache. An unknown S3 \
                  `AuthenticationType` falls back to the default credential chain, and an \
                  unknown `ServerSideEncryption` is logged and leaves encryption off (both \
                  are compared without regard to case, and `aws:kms`, `aws:kms:dsse` are \
                  accepted aliases). Jobs keep working, only slower or without the intended \
                  protection.",
    bad: "[[runners]]\n  [runners.cache]\n    Type = \"S3\"\n",
    good: "[[runners]]\n  [runners.cache]\n    Type = \"s3\"\n",
};

/// A duration string Go's `time.ParseDuration` rejects.
pub(crate) static INVALID_DURATION: Rule = Rule {
    code: "invalid-duration",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "duration that Go cannot parse",
    explanation: "Duration keys are Go `time.Duration` values: a string such as `\"90s\"` \
                  or `\"1h30m\"` (units ns, us, ms, s, m, h, no spaces) or an integer \
                  number of nanoseconds. Anything else makes the runner refuse to load the \
                  file.",
    bad: "[[runners]]\nunhealthy_interval = \"1 h\"\n",
    good: "[[runners]]\nunhealthy_interval = \"1h\"\n",
};

/// A date-time string that is not RFC 3339.
pub(crate) static INVALID_DATETIME: Rule = Rule {
    code: "invalid-datetime",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "date-time that is neither a TOML date-time nor RFC 3339",
    explanation: "Date-time keys are Go `time.Time` values, read from a TOML date-time or \
                  an RFC 3339 string; anything else makes the runner refuse to load the \
                  file.",
    bad: "[[runners]]\ntoken_expires_at = \"next year\"\n",
    good: "[[runners]]\ntoken_expires_at = 2030-01-01T00:00:00Z\n",
};

/// A label key or value the runner's patterns refuse.
pub(crate) static INVALID_LABEL: Rule = Rule {
    code: "invalid-label",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "label key or value that GitLab Runner refuses",
    explanation: "Label keys must match `^[a-zA-Z0-9_][a-zA-Z0-9._-]{2,64}$` and values \
                  `^[a-zA-Z0-9._-]{1,256}$`, in the global `[labels]` and in each \
                  `[runners.labels]`. GitLab Runner checks them after decoding \
                  (`common/labels.go` `Labels.validatePatterns`, called from \
                  `Config.Validate`) and refuses to load the file: `invalid config: \
                  validating global labels: invalid label key, doesn't match …`.",
    bad: "[labels]\n\"team/name\" = \"ci\"\n",
    good: "[labels]\nteam = \"ci\"\n",
};

/// More than 32 labels on a runner once the global ones are merged in.
pub(crate) static TOO_MANY_LABELS: Rule = Rule {
    code: "too-many-labels",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "more than 32 labels on a runner, global labels included",
    explanation: "Each runner's labels are its own `[runners.labels]` merged over the global \
                  `[labels]` (a key in both counts once). GitLab Runner allows at most 32 \
                  (`common/labels.go` `Labels.validateCount`, from \
                  `RunnerConfig.validateComputedLabels`) and refuses to load the file: \
                  `exceeded maximum computed labels number of 32`.",
    bad: "[[runners]]\nname = \"a\"\n[runners.labels]\nl01 = \"1\"\nl02 = \"2\"\nl03 = \"3\"\nl04 = \"4\"\nl05 = \"5\"\nl06 = \"6\"\nl07 = \"7\"\nl08 = \"8\"\nl09 = \"9\"\nl10 = \"10\"\nl11 = \"11\"\nl12 = \"12\"\nl13 = \"13\"\nl14 = \"14\"\nl15 = \"15\"\nl16 = \"16\"\nl17 = \"17\"\nl18 = \"18\"\nl19 = \"19\"\nl20 = \"20\"\nl21 = \"21\"\nl22 = \"22\"\nl23 = \"23\"\nl24 = \"24\"\nl25 = \"25\"\nl26 = \"26\"\nl27 = \"27\"\nl28 = \"28\"\nl29 = \"29\"\nl30 = \"30\"\nl31 = \"31\"\nl32 = \"32\"\nl33 = \"33\"\n",
    good: "[[runners]]\nname = \"a\"\n[runners.labels]\nl01 = \"1\"\n",
};

/// A `MachineOptionsWithName` entry without `%s`.
pub(crate) static MACHINE_OPTION_WITHOUT_PLACEHOLDER: Rule = Rule {
    code: "machine-option-without-placeholder",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "`MachineOptionsWithName` entry without `%s`",
    explanation: "`MachineOptionsWithName` holds the Docker Machine options that contain the \
                  machine's name, written as `%s`. GitLab Runner refuses to load a file in \
                  which one of them has no `%s` \
                  (`common/config.go` `RunnerConfig.validateMachineOptionsWithName`): \
                  `machine option with name \"…\" must contain %s placeholder`.",
    bad: "[[runners]]\nexecutor = \"docker+machine\"\n[runners.machine]\nMachineOptionsWithName = [\"amazonec2-tags=role,ci\"]\n",
    good: "[[runners]]\nexecutor = \"docker+machine\"\n[runners.machine]\nMachineOptionsWithName = [\"amazonec2-tags=name,%s\"]\n",
};

/// A period that gorhill/cronexpr cannot parse.
pub(crate) static INVALID_PERIOD: Rule = Rule {
    code: "invalid-period",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "autoscaling or monitoring period that is not a valid cron expression",
    explanation: "`[[runners.machine.autoscaling]] Periods` and \
                  `[[runners.monitoring.job_queuing_durations]] periods` are parsed with \
                  gorhill/cronexpr when the file is loaded (`helpers/timeperiod` \
                  `TimePeriodsWithTimer`, from `DockerMachine.CompilePeriods` and \
                  `JobQueuingDuration.Compile`). Five fields start with the minute, six add \
                  a year, seven put seconds first; `@daily`-style aliases work. Any other \
                  text makes the runner refuse the file: `invalid time periods [...], caused \
                  by: syntax error in hour field: '25'`.",
    bad: "[[runners]]\n[runners.machine]\n[[runners.machine.autoscaling]]\nPeriods = [\"* * 9-25 * * mon-fri *\"]\n",
    good: "[[runners]]\n[runners.machine]\n[[runners.machine.autoscaling]]\nPeriods = [\"* * 9-17 * * mon-fri *\"]\n",
};

/// A period field written only as ranges from high to low: the runner
/// loads it, then crashes.
pub(crate) static REVERSED_PERIOD_RANGE: Rule = Rule {
    code: "reversed-period-range",
    severity: Severity::Error,
    stage: Stage::StartUp,
    summary: "period whose seconds, minutes, hours or months select nothing (`22-6`)",
    explanation: "gorhill/cronexpr reads a range such as `22-6` from low to high, so it \
                  selects no hour at all, and it accepts the period. When the seconds, \
                  minutes, hours or months of a period select nothing, its `Expression.Next` \
                  indexes an empty list: GitLab Runner loads the file, then panics (`index out \
                  of range [0] with length 0`) the first time it checks the period \
                  (`helpers/timeperiod` `TimePeriod.InPeriod`, from \
                  `DockerMachine.GetIdleCount` or `JobQueuingDurations.GetActiveConfiguration`), \
                  and the whole runner process stops.",
    bad: "[[runners]]\n[runners.machine]\n[[runners.machine.autoscaling]]\nPeriods = [\"* * 22-6 * * * *\"]\n",
    good: "[[runners]]\n[runners.machine]\n[[runners.machine.autoscaling]]\nPeriods = [\"* * 22-23,0-6 * * * *\"]\n",
};

/// A zero-padded month or day of week in a period, which cronexpr reads
/// as another value.
pub(crate) static ZERO_PADDED_PERIOD_VALUE: Rule = Rule {
    code: "zero-padded-period-value",
    severity: Severity::Warning,
    stage: Stage::Silent,
    summary: "a period's month or day of week written with a leading zero (`01`), which \
              cronexpr reads as another value",
    explanation: "gorhill/cronexpr accepts `01` to `09` as months and `01` to `06` as days \
                  of the week, but looks them up in tables that know only `1` to `12` and \
                  `0` to `7` (`cronexpr_parse.go` `monthDescriptor.atoi`, \
                  `dowDescriptor.atoi`): a missing entry reads as 0. A month `01` is month 0, which \
                  breaks cronexpr's schedule (the period is almost never in force), and \
                  `01-05` as days of the week runs from Sunday, not \
                  Monday. GitLab Runner loads the file and uses the period as cronexpr \
                  reads it (`helpers/timeperiod` `TimePeriod.InPeriod`), so the autoscaling or monitoring \
                  settings apply at other times than written, without a word. Hours, \
                  minutes and days of the month are read correctly with a leading zero.",
    bad: "[[runners]]\n[runners.machine]\n[[runners.machine.autoscaling]]\nPeriods = [\"* * 9-17 * * 01-05 *\"]\n",
    good: "[[runners]]\n[runners.machine]\n[[runners.machine.autoscaling]]\nPeriods = [\"* * 9-17 * * 1-5 *\"]\n",
};

/// A time zone name that Go's `time.LoadLocation` refuses.
pub(crate) static INVALID_TIMEZONE: Rule = Rule {
    code: "invalid-timezone",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "time zone name that is not in the time zone database",
    explanation: "`Timezone` (autoscaling) and `timezone` (monitoring) are loaded with Go's \
                  `time.LoadLocation` when the file is loaded (`helpers/timeperiod` \
                  `TimePeriodsWithTimer`): empty means the machine's zone, `UTC` and `Local` \
                  are built in, anything else must be an IANA name from the machine's tz \
                  database, spelt in its case. GitLab Runner refuses to load the file \
                  otherwise (`unknown time zone …`). Its binary does not embed the database, \
                  so a host without tzdata refuses even valid names.",
    bad: "[[runners]]\n[runners.machine]\n[[runners.machine.autoscaling]]\nPeriods = [\"* * 9-17 * * mon-fri *\"]\nTimezone = \"CEST\"\n",
    good: "[[runners]]\n[runners.machine]\n[[runners.machine.autoscaling]]\nPeriods = [\"* * 9-17 * * mon-fri *\"]\nTimezone = \"Europe/Berlin\"\n",
};

/// A `jobs_running_for_project` pattern that Go's `regexp` refuses.
pub(crate) static INVALID_REGEX: Rule = Rule {
    code: "invalid-regex",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "`jobs_running_for_project` that is not a Go regular expression",
    explanation: "`[[runners.monitoring.job_queuing_durations]] jobs_running_for_project` is \
                  compiled with Go's `regexp.Compile` (RE2 syntax) when the file is loaded \
                  (`common/config/runner/monitoring` `JobQueuingDuration.Compile`). RE2 has \
                  no backreferences, lookaround or possessive repetition, and refuses \
                  counts above 1000; a pattern it cannot compile makes the runner refuse the \
                  file: `jobs_running_for_project: error parsing regexp: …`.",
    bad: "[[runners]]\n[[runners.monitoring.job_queuing_durations]]\nperiods = [\"* * * * *\"]\nthreshold = \"5m\"\njobs_running_for_project = \"(?<!test)-deploy\"\n",
    good: "[[runners]]\n[[runners.monitoring.job_queuing_durations]]\nperiods = [\"* * * * *\"]\nthreshold = \"5m\"\njobs_running_for_project = \"^deploy-\"\n",
};

/// An NFS volume without one of its required fields.
pub(crate) static NFS_MISSING_FIELD: Rule = Rule {
    code: "nfs-missing-field",
    severity: Severity::Error,
    stage: Stage::Load,
    summary: "NFS volume without `name`, `mount_path`, `server` or `path`",
    explanation: "GitLab Runner decodes `[[runners.kubernetes.volumes.nfs]]` itself \
                  (`common/config.go` `KubernetesNFS.UnmarshalTOML`): it reads `name`, \
                  `mount_path`, `server` and `path` by their exact names, skips values that \
                  are not strings, and refuses to load the file when any of them ends up \
                  empty: `nfs volume: missing required fields: …`. `Mount_Path` does not set \
                  `mount_path` here.",
    bad: "[[runners]]\n[[runners.kubernetes.volumes.nfs]]\nname = \"data\"\nMount_Path = \"/data\"\nserver = \"nfs.internal\"\npath = \"/exports/data\"\n",
    good: "[[runners]]\n[[runners.kubernetes.volumes.nfs]]\nname = \"data\"\nmount_path = \"/data\"\nserver = \"nfs.internal\"\npath = \"/exports/data\"\n",
};

/// An optional NFS setting of the wrong type, which the runner skips.
pub(crate) static NFS_VALUE_IGNORED: Rule = Rule {
    code: "nfs-value-ignored",
    severity: Severity::Warning,
    stage: Stage::Load,
    summary: "NFS volume setting of the wrong type, which the runner skips",
    explanation: "GitLab Runner's own decoder for `[[runners.kubernetes.volumes.nfs]]` \
                  (`common/config.go` `KubernetesNFS.UnmarshalTOML`) takes a value only when \
                  it has the expected type and silently skips it otherwise, so \
                  `read_only = \"true\"` mounts the share read-write and a numeric `sub_path` \
                  mounts its root. Elsewhere the same mistake refuses the whole file.",
    bad: "[[runners]]\n[[runners.kubernetes.volumes.nfs]]\nname = \"data\"\nmount_path = \"/data\"\nserver = \"nfs.internal\"\npath = \"/exports/data\"\nread_only = \"true\"\n",
    good: "[[runners]]\n[[runners.kubernetes.volumes.nfs]]\nname = \"data\"\nmount_path = \"/data\"\nserver = \"nfs.internal\"\npath = \"/exports/data\"\nread_only = true\n",
};

/// A Windows path in a double-quoted string whose backslashes became
/// escapes.
pub(crate) static ESCAPED_WINDOWS_PATH: Rule = Rule {
    code: "escaped-windows-path",
    severity: Severity::Warning,
    stage: Stage::Job,
    summary: "a Windows path in double quotes whose `\\b`, `\\t`, `\\n`, `\\f`, `\\r` or \
              `\\e` is read as a control character",
    explanation: "In a TOML basic string (double quotes) a backslash starts an escape. Most \
                  letters after it make an invalid escape, which the runner's decoder \
                  refuses (`syntax-error`), but `\\b`, `\\t`, `\\n`, `\\f` and `\\r` (and \
                  `\\e` from GitLab Runner 18.9, which reads TOML 1.1) are valid (BurntSushi/toml \
                  `lex.go` `lexStringEscape`, `parse.go` `replaceEscapes`): \
                  `builds_dir = \"C:\\builds\"` loads without a word as `C:`, a backspace \
                  and `uilds`. The runner uses the value as it is, so jobs on a Windows \
                  runner fail to create or find the directory (a file name cannot hold \
                  control characters), and elsewhere they use a directory nobody meant. \
                  Write Windows paths in single quotes, where a backslash is just a \
                  backslash, or double each backslash.",
    bad: "[[runners]]\nexecutor = \"shell\"\nshell = \"pwsh\"\nbuilds_dir = \"C:\\builds\"\n",
    good: "[[runners]]\nexecutor = \"shell\"\nshell = \"pwsh\"\nbuilds_dir = 'C:\\builds'\n",
};

/// A slot cgroup template without `${slot}`, which the runner only logs.
pub(crate) static SLOT_CGROUP_TEMPLATE_WITHOUT_SLOT: Rule = Rule {
    code: "slot-cgroup-template-without-slot",
    severity: Severity::Warning,
    stage: Stage::Load,
    summary: "slot cgroup template without `${slot}`: all jobs share one cgroup",
    explanation: "With `use_slot_cgroups = true`, each job runs in the cgroup named by \
                  `slot_cgroup_template` (and services by `[runners.docker] \
                  service_slot_cgroup_template`), with `${slot}` replaced by the job's slot. \
                  Without `${slot}` every job lands in the same cgroup; GitLab Runner loads \
                  the file and only logs a warning (`common/config.go` \
                  `validateSlotCgroupTemplate`, from `RunnerConfig.validateSlotCgroups`).",
    bad: "[[runners]]\nuse_slot_cgroups = true\nslot_cgroup_template = \"gitlab-runner/jobs\"\n",
    good: "[[runners]]\nuse_slot_cgroups = true\nslot_cgroup_template = \"gitlab-runner/slot-${slot}\"\n",
};

/// Every rule the loader can report.
pub(crate) static RULES: &[&Rule] = &[
    &SYNTAX_ERROR,
    &LENIENT_TOML,
    &TOML_KEYS_DROPPED,
    &TYPE_MISMATCH,
    &ALLOWED_PULL_POLICIES_NOT_ARRAY,
    &UNKNOWN_EXECUTOR,
    &UNKNOWN_VALUE,
    &UNKNOWN_VALUE_IGNORED,
    &UNKNOWN_CACHE_VALUE,
    &INVALID_DURATION,
    &INVALID_DATETIME,
    &INVALID_LABEL,
    &TOO_MANY_LABELS,
    &MACHINE_OPTION_WITHOUT_PLACEHOLDER,
    &INVALID_PERIOD,
    &REVERSED_PERIOD_RANGE,
    &ZERO_PADDED_PERIOD_VALUE,
    &INVALID_TIMEZONE,
    &INVALID_REGEX,
    &NFS_MISSING_FIELD,
    &NFS_VALUE_IGNORED,
    &SLOT_CGROUP_TEMPLATE_WITHOUT_SLOT,
    &ESCAPED_WINDOWS_PATH,
    &UNKNOWN_KEY,
    &UNKNOWN_KEY_REMOVED,
    &UNKNOWN_KEY_REGISTRATION_OPTION,
    &MISPLACED_KEY,
    &NON_CANONICAL_KEY_CASE,
    &CASE_DUPLICATE_KEY,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(
                rule.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is not kebab-case",
                rule.code
            );
            assert!(!rule.summary.is_empty() && !rule.explanation.is_empty());
            assert!(
                toml::from_str::<toml::Table>(rule.bad).is_ok()
                    || ["syntax-error", "lenient-toml"].contains(&rule.code)
            );
            assert!(
                toml::from_str::<toml::Table>(rule.good).is_ok(),
                "{}",
                rule.code
            );
            assert_ne!(rule.bad, rule.good);
        }
    }
}
