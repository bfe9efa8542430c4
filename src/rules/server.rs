//! The addresses `gitlab-runner run` listens on at start-up: the metrics
//! server (`listen_address`) and the session server (`[session_server]`),
//! set up by `RunCommand.setupMetricsAndDebugServer` and
//! `RunCommand.setupSessionServer` (`commands/multi.go`).
//!
//! Host names that do not resolve and ports already in use also stop the
//! runner, but they depend on the host it runs on; only what the file
//! alone decides is reported.

use crate::load::Loaded;
use crate::model::Config;
use crate::{Diagnostic, Rule, Severity, Stage};

use super::grammar::go_net::{Port, classify_port, split_host_port};
use super::locate;

/// An address `net.Listen` refuses: the runner exits at start-up.
pub(crate) static INVALID_LISTEN_ADDRESS: Rule = Rule {
    code: "invalid-listen-address",
    severity: Severity::Error,
    stage: Stage::StartUp,
    summary: "`listen_address` the runner cannot listen on: it exits at start-up",
    explanation: "`gitlab-runner run` opens the metrics server on `listen_address` (port 9252 \
                  when none is given) and the session server on `[session_server] \
                  listen_address` when it starts, and exits if `net.Listen` fails: `Failed to \
                  create listener for metrics server` (`RunCommand.\
                  setupMetricsAndDebugServer`) or `Failed to create session server` \
                  (`session.NewServer`). A port above 65535, a negative port, a session \
                  `listen_address` without a port, or a metrics address ending in `:` (the \
                  runner then appends `:9252` to it) always fail. `--listen-address` (or \
                  `LISTEN_ADDRESS`) on the command line replaces the metrics address.",
    bad: "listen_address = \"0.0.0.0:92520\"\n[[runners]]\nexecutor = \"shell\"\n",
    good: "listen_address = \"0.0.0.0:9252\"\n[[runners]]\nexecutor = \"shell\"\n",
};

/// A metrics `listen_address` `net.SplitHostPort` rejects: logged, no metrics.
pub(crate) static LISTEN_ADDRESS_IGNORED: Rule = Rule {
    code: "listen-address-ignored",
    severity: Severity::Warning,
    stage: Stage::StartUp,
    summary: "`listen_address` cannot be parsed: the metrics server stays off",
    explanation: "The runner splits `listen_address` into host and port with Go's \
                  `net.SplitHostPort` (`listenAddress` in `commands/multi.go`). Apart from a \
                  missing port (9252 is then used), any error there is only logged as \
                  `invalid listen address: …`, and the metrics and debug endpoints are not \
                  started. An IPv6 address needs brackets: `[::1]:9252`.",
    bad: "listen_address = \"::1\"\n[[runners]]\nexecutor = \"shell\"\n",
    good: "listen_address = \"[::1]:9252\"\n[[runners]]\nexecutor = \"shell\"\n",
};

/// A `[session_server]` address `session.NewServer` refuses.
pub(crate) static INVALID_SESSION_SERVER_ADDRESS: Rule = Rule {
    code: "invalid-session-server-address",
    severity: Severity::Error,
    stage: Stage::StartUp,
    summary: "`[session_server]` addresses the runner refuses: it exits at start-up",
    explanation: "When `[session_server] listen_address` is set, `gitlab-runner run` creates \
                  the session server at start-up and exits if that fails (`Failed to create \
                  session server`, `RunCommand.setupSessionServer`). `session.NewServer` needs \
                  a host name from `advertise_address` or else `listen_address` (`:8093` has \
                  none: `no valid address provided`), and `advertise_address` must be \
                  `host:port` without a scheme, since the runner adds `https://` itself \
                  (`url not valid, scheme defined`).",
    bad: "[session_server]\nlisten_address = \"[::]:8093\"\n\
          advertise_address = \"https://runner.example.com:8093\"\n[[runners]]\nexecutor = \"shell\"\n",
    good: "[session_server]\nlisten_address = \"[::]:8093\"\n\
           advertise_address = \"runner.example.com:8093\"\n[[runners]]\nexecutor = \"shell\"\n",
};

/// Runs the start-up address rules.
pub fn run(loaded: &Loaded<Config>, out: &mut Vec<Diagnostic>) {
    let spans = loaded.spans();
    let config = loaded.best_effort();
    let mut push = |rule: &'static Rule, path: &str, message: String, help: &str| {
        out.push(
            Diagnostic::new(rule, message)
                .at_opt(locate(spans, path))
                .key(path)
                .help(help),
        );
    };
    if let Some(address) = config.listen_address.as_deref().filter(|a| !a.is_empty()) {
        metrics(address, &mut push);
    }
    if let Some(session) = &config.session_server {
        let listen = session.listen_address.as_deref().unwrap_or("");
        let advertise = session.advertise_address.as_deref().unwrap_or("");
        if !listen.is_empty() {
            session_server(listen, advertise, &mut push);
        }
    }
}

type Push<'a> = dyn FnMut(&'static Rule, &str, String, &str) + 'a;

/// `listenAddress`, then `net.Listen`.
fn metrics(address: &str, push: &mut Push<'_>) {
    const KEY: &str = "listen_address";
    let port = match split_host_port(address) {
        Ok((_, port)) => port,
        Err(e) if e.ends_with("missing port in address") => "",
        Err(e) => {
            push(
                &LISTEN_ADDRESS_IGNORED,
                KEY,
                format!("metrics and debug endpoints stay off: `invalid listen address: {e}`"),
                "write `host:port`, with brackets around an IPv6 address: \"[::1]:9252\"",
            );
            return;
        }
    };
    let listened = if port.is_empty() {
        format!("{address}:9252")
    } else {
        address.to_owned()
    };
    if let Some(why) = listen_error(&listened) {
        push(
            &INVALID_LISTEN_ADDRESS,
            KEY,
            format!(
                "the runner exits at start-up: `Failed to create listener for metrics server` \
                 ({why})"
            ),
            "write `host:port` with a port from 0 to 65535, e.g. \"0.0.0.0:9252\"",
        );
    }
}

/// Why `net.Listen("tcp", address)` fails whatever the host, if it does.
fn listen_error(address: &str) -> Option<String> {
    match split_host_port(address) {
        Err(e) => Some(e),
        Ok((_, port)) => (classify_port(port) == Port::OutOfRange)
            .then(|| format!("address {port}: invalid port")),
    }
}

/// `session.NewServer`: `getPublicHost`, `setAdvertiseAddress`,
/// `net.Listen`.
fn session_server(listen: &str, advertise: &str, push: &mut Push<'_>) {
    const LISTEN: &str = "session_server.listen_address";
    const ADVERTISE: &str = "session_server.advertise_address";
    let has_host = [advertise, listen]
        .iter()
        .filter(|a| !a.is_empty())
        .any(|a| split_host_port(a).is_ok_and(|(host, _)| !host.is_empty()));
    if !has_host {
        let path = if advertise.is_empty() {
            LISTEN
        } else {
            ADVERTISE
        };
        push(
            &INVALID_SESSION_SERVER_ADDRESS,
            path,
            "the runner exits at start-up: `Failed to create session server`: `no valid \
             address provided`"
                .to_owned(),
            "set `advertise_address` to the `host:port` GitLab reaches this runner at, e.g. \
             \"runner.example.com:8093\"",
        );
    }
    let advertised = if advertise.is_empty() {
        listen
    } else {
        advertise
    };
    if advertised.starts_with("https://") || advertised.starts_with("http://") {
        let path = if advertise.is_empty() {
            LISTEN
        } else {
            ADVERTISE
        };
        push(
            &INVALID_SESSION_SERVER_ADDRESS,
            path,
            "the runner exits at start-up: `Failed to create session server`: `url not valid, \
             scheme defined`"
                .to_owned(),
            "remove the scheme: the runner adds \"https://\" itself",
        );
    }
    if let Some(why) = listen_error(listen) {
        push(
            &INVALID_LISTEN_ADDRESS,
            LISTEN,
            format!("the runner exits at start-up: `Failed to create session server` ({why})"),
            "write `host:port` with a port from 0 to 65535, e.g. \"[::]:8093\"",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_errors() {
        assert_eq!(listen_error("0.0.0.0:9252"), None);
        assert_eq!(listen_error(":0"), None);
        assert_eq!(listen_error("localhost:http"), None);
        assert_eq!(
            listen_error("0.0.0.0:92520").as_deref(),
            Some("address 92520: invalid port")
        );
        assert_eq!(
            listen_error("host::9252").as_deref(),
            Some("address host::9252: too many colons in address")
        );
        assert_eq!(
            listen_error("0.0.0.0").as_deref(),
            Some("address 0.0.0.0: missing port in address")
        );
    }
}
