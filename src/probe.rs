//! How a health check probes, decided by what the runtime base has: a tool it ships (curl, wget, the runtime's
//! interpreter with the catalog's template), bash's /dev/tcp or busybox nc for a TCP check, or a static busybox
//! copied in. The plan decides it once; the renderer and the wizard read the decision.

use crate::{
    answers::{Answers, HealthMode},
    catalog::{Base, Probe},
};

/// A static busybox (musl build) whose `wget` applet probes HTTP in bases that have no probe of their own.
pub const PROBE_IMAGE: &str = "busybox:1.38.0-musl";

/// The probe and why it was chosen, for the wizard to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probing {
    pub method: ProbeMethod,
    pub why: String,
}

/// How the health check probes, decided by what the base has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeMethod {
    None,
    /// An HTTP GET with a tool the base ships (curl, wget, the runtime's interpreter with the catalog's template).
    Builtin(Probe),
    /// An HTTP GET with a static busybox wget copied in from `PROBE_IMAGE`.
    Copied,
    /// A connection to the port, with what the base has.
    Tcp(TcpProbe),
    /// The user's own command.
    Command,
}

/// What opens the connection of a TCP check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TcpProbe {
    /// bash's /dev/tcp: no process beyond the shell.
    Bash,
    /// The interpreter of the base's runtime kind, with the catalog's TCP template.
    Interpreter(String),
    /// busybox `nc HOST PORT -e busybox true`: connects, then runs `true` (the small and the full nc agree on it).
    Busybox,
    /// The same, with a static busybox copied in from `PROBE_IMAGE`.
    Copied,
}

impl ProbeMethod {
    /// The probe stage is needed: the base has nothing to probe with.
    pub fn copies_probe(&self) -> bool {
        matches!(
            self,
            ProbeMethod::Copied | ProbeMethod::Tcp(TcpProbe::Copied)
        )
    }
}

/// The interpreter probe `base` can run: one it lists whose runtime kind is the base's own runtime (the catalog
/// check makes sure that kind has probe templates).
fn interpreter(base: &Base) -> Option<&Probe> {
    let runtime_kind = base.runtime.as_ref().map(|r| r.kind.as_str());
    base.probes
        .iter()
        .find(|p| matches!(p, Probe::Interpreter(kind) if Some(kind.as_str()) == runtime_kind))
}

fn tcp_probe(base: &Base) -> TcpProbe {
    match (base.shell.as_deref(), interpreter(base)) {
        (Some("bash"), _) => TcpProbe::Bash,
        (_, Some(probe)) => TcpProbe::Interpreter(probe.label().to_string()),
        // busybox itself, or Alpine (whose ash and nc are busybox applets); any other base gets the static copy.
        (Some(_), _) if busybox_based(base) => TcpProbe::Busybox,
        _ => TcpProbe::Copied,
    }
}

fn busybox_based(base: &Base) -> bool {
    matches!(base.family.as_str(), "alpine" | "busybox")
        || base.tag.contains("alpine")
        || base.image.contains("alpine")
}

/// The probe a health check uses on `base`, with a reason for the wizard to show.
pub fn probe_method(answers: &Answers, base: &Base) -> (ProbeMethod, String) {
    match answers.healthcheck.mode {
        HealthMode::None => (
            ProbeMethod::None,
            "no health check: orchestrators only see whether the process runs".into(),
        ),
        HealthMode::Command => (
            ProbeMethod::Command,
            "your command runs in exec form inside the container".into(),
        ),
        HealthMode::Tcp => {
            let probe = tcp_probe(base);
            let why = match &probe {
                TcpProbe::Bash => format!("bash's /dev/tcp in {} opens the connection", base.name),
                TcpProbe::Interpreter(kind) => {
                    format!("{kind} in {} opens the connection", base.name)
                }
                TcpProbe::Busybox => format!("busybox nc in {} opens the connection", base.name),
                TcpProbe::Copied => format!(
                    "{} has no shell or interpreter, so a static busybox (~1 MB) is copied in to connect",
                    base.name
                ),
            };
            (ProbeMethod::Tcp(probe), why)
        }
        HealthMode::Http => {
            let usable =
                |p: &Probe| matches!(p, Probe::Curl | Probe::Wget) || Some(p) == interpreter(base);
            match base.probes.iter().find(|p| usable(p)) {
                Some(probe) => (
                    ProbeMethod::Builtin(probe.clone()),
                    format!(
                        "{} is in {}, so the probe needs nothing extra",
                        probe.label(),
                        base.name
                    ),
                ),
                None => (
                    ProbeMethod::Copied,
                    format!(
                        "{} has no curl, wget or interpreter to probe with, so a static busybox wget (~1 MB) is copied in",
                        base.name
                    ),
                ),
            }
        }
    }
}
