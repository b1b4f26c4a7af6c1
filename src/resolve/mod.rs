//! From a project folder, an answers file and the user's choices to a validated `Plan`: the layers (detection <
//! answers file < choices), what the project asks for and no catalog value gives (refusals), what detection
//! assumed that no layer settled, and the checks that the project can build. Shared by the CLI and the wizard;
//! knows nothing of clap.

mod inputs;

use std::path::Path;

pub use inputs::problem;

use crate::{
    answers::Draft,
    catalog::Catalog,
    detect::Assumption,
    error::{bad, field_errors},
    fsread,
    plan::Plan,
};

/// An answers file is a few KiB; anything near this is not one.
pub const MAX_ANSWERS_FILE: u64 = 1024 * 1024;

/// Read an answers file as a draft layer: a regular file (never through a link), at most 1 MiB.
pub fn read_answers_file(path: &Path) -> anyhow::Result<Draft> {
    let text = fsread::read_text(path, MAX_ANSWERS_FILE)
        .map_err(|e| bad(format!("answers file {} {e}", path.display())))?;
    Draft::from_toml(&text)
        .map_err(|e| bad(format!("{}: {}: {}", path.display(), e.field, e.message)))
}

/// What to resolve.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The project folder.
    pub dir: &'a Path,
    /// The workspace member to build (monorepos).
    pub member: Option<&'a str>,
    /// Read the project; without it only the answers file, the choices and the catalog's defaults count.
    pub detect: bool,
    /// An answers file, read as a layer over detection.
    pub answers_file: Option<&'a Path>,
    /// What the user chose (CLI flags): the top layer.
    pub choices: Draft,
}

/// The plan, detection's assumptions no layer settled, and what detection could not decide.
#[derive(Debug)]
pub struct Resolved<'c> {
    pub plan: Plan<'c>,
    pub assumed: Vec<Assumption>,
    pub notes: Vec<String>,
}

/// Detection (when asked), then the answers file, then the choices; completed from the catalog and validated.
/// Errors are the user's to fix (`BadInput`): a refused version, invalid answers, a project that cannot build.
pub fn resolve<'c>(request: Request<'_>, catalog: &'c Catalog) -> anyhow::Result<Resolved<'c>> {
    let mut draft = Draft::default();
    let mut refused = Vec::new();
    let mut assumed = Vec::new();
    let mut notes = Vec::new();
    let mut detected = Draft::default();
    if request.detect {
        let detection = crate::detect::detect(request.dir, request.member, catalog)
            .map_err(|e| bad(e.to_string()))?;
        draft = detection.draft;
        refused = detection.refused;
        assumed = detection.assumed;
        notes = detection.undecided;
        detected = draft.clone();
    }
    let mut user = Draft::default();
    if let Some(path) = request.answers_file {
        let file = read_answers_file(path)?;
        user = user.overlay(file.clone());
        draft = draft.overlay(file);
    }
    user = user.overlay(request.choices.clone());
    draft = draft.overlay(request.choices);
    // What the project asks for and no catalog value satisfies stops here, unless a version was given.
    if let Some(refusal) = refused.iter().find(|r| r.field == "version")
        && draft.version.is_none()
    {
        return Err(bad(format!(
            "{}\nnothing was written; --lang-version VERSION (or `version` in an answers file) overrides this",
            refusal.message
        )));
    }
    let plan = draft
        .plan(catalog)
        .map_err(|e| field_errors("the answers are not valid", &e))?;
    // A different language than detected makes detection's assumptions about the project moot.
    let detected_language = user.language.is_none();
    if let Some(problem) = problem(&plan.answers, &plan.build, request.dir, &detected) {
        return Err(bad(problem));
    }
    assumed.retain(|a| detected_language && !a.settled_by.iter().any(|f| user_sets(&user, f)));
    // Without detection of this language, the catalog's defaults stand in for what the project would say.
    if !request.detect || !detected_language {
        assumed.extend(catalog_defaults(&user, &plan));
    }
    // The port and version notes say what the assumptions say.
    notes.retain(|n| detected_language && !n.starts_with("port: ") && !n.starts_with("version: "));
    Ok(Resolved {
        plan,
        assumed,
        notes,
    })
}

impl Resolved<'_> {
    /// One line per assumption, naming the value used and the flag that settles it.
    pub fn assumption_lines(&self) -> Vec<String> {
        let answers = &self.plan.answers;
        self.assumed
            .iter()
            .map(|a| {
                let value = match a.field.as_str() {
                    "command" => {
                        format!("start command `{}`", shell_words::join(&answers.command))
                    }
                    "port" => format!(
                        "port {}",
                        answers
                            .port
                            .map_or_else(|| "none".to_string(), |p| p.to_string())
                    ),
                    "version" => format!("{} version {}", self.plan.language.name, answers.version),
                    "healthcheck" => "health check: the port accepts connections".to_string(),
                    other => other.to_string(),
                };
                format!("assumed: {value} ({}; {})", a.why, a.fix)
            })
            .collect()
    }

    /// An image that cannot start is not written: the user settles the assumption first. `lines` are
    /// `assumption_lines()`.
    pub fn refuse_blocking(&self, lines: &[String]) -> anyhow::Result<()> {
        let blocking: Vec<&str> = self
            .assumed
            .iter()
            .zip(lines)
            .filter(|(a, _)| a.blocking)
            .map(|(_, line)| line.as_str())
            .collect();
        if blocking.is_empty() {
            return Ok(());
        }
        Err(bad(format!(
            "the image would not start; nothing was written:\n  {}",
            blocking.join("\n  ")
        )))
    }
}

/// The start command and port taken from the catalog because neither detection nor the user gave them.
fn catalog_defaults(user: &Draft, plan: &Plan<'_>) -> Vec<Assumption> {
    let mut out = Vec::new();
    let why = "not detected: the catalog's default";
    // Only a command naming an entry file or module guesses at the project; a built binary or jar is known.
    let guessed: Vec<&str> = ["main", "app_module"]
        .into_iter()
        .filter(|p| {
            plan.build
                .command
                .iter()
                .any(|w| w.contains(&format!("{{{p}}}")))
        })
        .collect();
    let settled = guessed.iter().any(|p| user.params.contains_key(*p));
    if user.command.is_none() && !guessed.is_empty() && !settled {
        out.push(Assumption {
            field: "command".into(),
            why: why.into(),
            fix: "set it with --command or --param".into(),
            settled_by: Vec::new(),
            blocking: false,
        });
    }
    if user.port.is_none() && plan.base.port.is_none() && plan.answers.port.is_some() {
        out.push(Assumption {
            field: "port".into(),
            why: why.into(),
            fix: "set it with --port".into(),
            settled_by: Vec::new(),
            blocking: false,
        });
    }
    out
}

/// Whether a user layer settles `field` (an assumption's `settled_by`).
fn user_sets(user: &Draft, field: &str) -> bool {
    match field {
        "command" => user.command.is_some(),
        "port" => user.port.is_some(),
        "version" => user.version.is_some(),
        "healthcheck" => user.healthcheck.is_some() || user.health.mode.is_some(),
        other => other
            .strip_prefix("params.")
            .is_some_and(|k| user.params.contains_key(k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::port::Port;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/projects")
            .join(name)
    }

    #[test]
    fn choices_go_over_detection_and_settle_its_assumptions() {
        let catalog = crate::catalog::builtin().expect("catalog");
        let dir = fixture("go-basic");
        let detected = resolve(
            Request {
                dir: &dir,
                member: None,
                detect: true,
                answers_file: None,
                choices: Draft::default(),
            },
            &catalog,
        )
        .expect("go-basic");
        assert_eq!(detected.plan.answers.language, "go");
        let chosen = resolve(
            Request {
                dir: &dir,
                member: None,
                detect: true,
                answers_file: None,
                choices: Draft {
                    port: Port::new(9123),
                    ..Draft::default()
                },
            },
            &catalog,
        )
        .expect("go-basic");
        assert_eq!(chosen.plan.answers.port, Port::new(9123));
        assert!(chosen.assumed.iter().all(|a| a.field != "port"));
        assert!(
            chosen
                .assumption_lines()
                .iter()
                .all(|l| l.starts_with("assumed: "))
        );
    }

    #[test]
    fn without_detection_the_catalog_defaults_are_assumptions() {
        let catalog = crate::catalog::builtin().expect("catalog");
        let dir = fixture("empty");
        let resolved = resolve(
            Request {
                dir: &dir,
                member: None,
                detect: false,
                answers_file: None,
                choices: Draft {
                    language: Some("python".into()),
                    ..Draft::default()
                },
            },
            &catalog,
        )
        .expect("python template");
        let fields: Vec<&str> = resolved.assumed.iter().map(|a| a.field.as_str()).collect();
        assert!(fields.contains(&"port"), "{fields:?}");
        let lines = resolved.assumption_lines();
        resolved.refuse_blocking(&lines).expect("nothing blocks");
    }
}
