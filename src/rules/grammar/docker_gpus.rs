//! docker/cli v29 `opts.GpuOpts.Set`: the `--gpus` syntax the runner uses
//! for `[runners.docker] gpus` and `service_gpus`.
//!
//! The value is one CSV record of fields: a count (`all` or a Go integer)
//! on its own, or `key=value` with the keys `count`, `driver`, `device`,
//! `capabilities` and `options`, each key at most once. Values holding a
//! `"` (CSV quoting) or a line break are not judged.

/// Why the Docker CLI refuses a `gpus` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GpusError {
    /// `invalid count (%s): value must be either "all" or an integer: …`.
    Count(String),
    /// `gpu request key '%s' can be specified only once`.
    Repeated(String),
    /// `unexpected key '%s' in '%s'`.
    UnknownKey(String, String),
}

impl std::fmt::Display for GpusError {
    /// The Docker CLI's error text (the `strconv` cause left out).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Count(s) => write!(
                f,
                "invalid count ({s}): value must be either \"all\" or an integer"
            ),
            Self::Repeated(k) => write!(f, "gpu request key '{k}' can be specified only once"),
            Self::UnknownKey(k, field) => write!(f, "unexpected key '{k}' in '{field}'"),
        }
    }
}

/// Whether `GpuOpts.Set` accepts `value`; `Ok(None)` when not judged.
pub(crate) fn check_gpus(value: &str) -> Result<Option<()>, GpusError> {
    if value.contains(['"', '\r', '\n']) {
        return Ok(None);
    }
    let mut seen: Vec<&str> = Vec::new();
    for field in value.split(',') {
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (field, None),
        };
        if seen.contains(&key) {
            return Err(GpusError::Repeated(key.to_owned()));
        }
        seen.push(key);
        match (key, val) {
            (count, None) => {
                seen.push("count");
                parse_count(count)?;
            }
            ("count", Some(v)) => parse_count(v)?,
            ("driver" | "device" | "capabilities" | "options", Some(_)) => {}
            (other, Some(_)) => {
                return Err(GpusError::UnknownKey(other.to_owned(), field.to_owned()));
            }
        }
    }
    Ok(Some(()))
}

/// `all`, or what Go's `strconv.Atoi` accepts (an optionally signed
/// decimal `int64`).
fn parse_count(s: &str) -> Result<(), GpusError> {
    if s == "all" || s.parse::<i64>().is_ok() {
        Ok(())
    } else {
        Err(GpusError::Count(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted() {
        for s in [
            "all",
            "2",
            "count=2",
            "device=0",
            "device=GPU-3a23c669",
            "driver=nvidia,count=all,capabilities=compute",
            "device=0,1",
            "all,2",
            "options=a=b",
        ] {
            assert_eq!(check_gpus(s), Ok(Some(())), "{s:?}");
        }
        assert_eq!(check_gpus("\"device=0,1\""), Ok(None));
    }

    #[test]
    fn refused() {
        let cases = [
            (
                "al",
                "invalid count (al): value must be either \"all\" or an integer",
            ),
            (
                " all",
                "invalid count ( all): value must be either \"all\" or an integer",
            ),
            (
                "all,",
                "invalid count (): value must be either \"all\" or an integer",
            ),
            (
                "count=two",
                "invalid count (two): value must be either \"all\" or an integer",
            ),
            ("gpu=all", "unexpected key 'gpu' in 'gpu=all'"),
            (
                "device=0,device=1",
                "gpu request key 'device' can be specified only once",
            ),
            (
                "all,count=1",
                "gpu request key 'count' can be specified only once",
            ),
        ];
        for (s, want) in cases {
            let got = check_gpus(s).map_err(|e| e.to_string());
            assert_eq!(got, Err(want.to_owned()), "{s:?}");
        }
    }
}
