//! `stagecraft generate`: detection < answers file < flags -> answers -> Dockerfile + .dockerignore, written
//! atomically and never over a different file without --force.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::Context;

use crate::{
    answers::{Answers, Draft},
    catalog::Catalog,
    cli::{CatalogArgs, GenerateArgs},
    detect::Assumption,
    dockerfile::{self, Output},
    write::{self, Existing, Outcome},
};

use super::{bad, field_errors, flags, load_catalog, next_steps};

/// Read an answers file as a draft layer.
pub fn read_answers_file(path: &Path) -> anyhow::Result<Draft> {
    let text = fs::read_to_string(path)
        .map_err(|e| bad(format!("cannot read answers file {}: {e}", path.display())))?;
    Draft::from_toml(&text)
        .map_err(|e| bad(format!("{}: {}: {}", path.display(), e.field, e.message)))
}

pub fn project_dir(dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    let dir = dir.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    if !dir.is_dir() {
        return Err(bad(format!(
            "{} is not a folder; give the project folder (default: the current one)",
            dir.display()
        )));
    }
    Ok(dir)
}

/// Detection (unless switched off), then the answers file, then the flags; completed from the catalog.
pub fn resolve_answers(
    args: &GenerateArgs,
    catalog: &Catalog,
    dir: &Path,
) -> anyhow::Result<Answers> {
    resolve(args, catalog, dir).map(|r| r.answers)
}

/// The answers and what they assume: detection's assumptions that neither the answers file nor a flag settled.
pub fn resolve(args: &GenerateArgs, catalog: &Catalog, dir: &Path) -> anyhow::Result<Resolved> {
    let mut draft = Draft::default();
    let mut assumed = Vec::new();
    let mut notes = Vec::new();
    if !args.no_detect {
        let detection = crate::detect::detect(dir, args.member.as_deref(), catalog)
            .map_err(|e| bad(e.to_string()))?;
        draft = detection.draft;
        assumed = detection.assumed;
        notes = detection.undecided;
    }
    let mut user = Draft::default();
    if let Some(path) = &args.answers {
        let file = read_answers_file(path)?;
        user = user.overlay(file.clone());
        draft = draft.overlay(file);
    }
    let from_flags = flags::draft_from_flags(&args.flags, &draft)?;
    user = user.overlay(from_flags.clone());
    draft = draft.overlay(from_flags);
    let mut answers = draft
        .complete(catalog)
        .map_err(|e| field_errors("the answers are not valid", &e))?;
    flags::apply_tweaks(&args.flags, &mut answers);
    // A different language than detected makes detection's assumptions about the project moot.
    let detected_language = user.language.is_none();
    assumed.retain(|a| detected_language && !a.settled_by.iter().any(|f| user_sets(&user, f)));
    // Without detection of this language, the catalog's defaults stand in for what the project would say.
    if args.no_detect || !detected_language {
        assumed.extend(catalog_defaults(&user, &answers, catalog));
    }
    // The port and version notes say what the assumptions say.
    notes.retain(|n| detected_language && !n.starts_with("port: ") && !n.starts_with("version: "));
    Ok(Resolved {
        answers,
        assumed,
        notes,
    })
}

/// Completed answers, detection's assumptions no layer settled, and what detection could not decide.
pub struct Resolved {
    pub answers: Answers,
    pub assumed: Vec<Assumption>,
    pub notes: Vec<String>,
}

/// The start command and port taken from the catalog because neither detection nor the user gave them.
fn catalog_defaults(user: &Draft, answers: &Answers, catalog: &Catalog) -> Vec<Assumption> {
    let mut out = Vec::new();
    let why = "not detected: the catalog's default";
    // Only a command naming an entry file or module guesses at the project; a built binary or jar is known.
    let guessed: Vec<&str> = crate::plan::effective_build(catalog, answers)
        .map(|b| {
            ["main", "app_module"]
                .into_iter()
                .filter(|p| b.command.iter().any(|w| w.contains(&format!("{{{p}}}"))))
                .collect()
        })
        .unwrap_or_default();
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
    let base_port = catalog.base(&answers.base).and_then(|b| b.port);
    if user.port.is_none() && base_port.is_none() && answers.port.is_some() {
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

fn user_sets(user: &Draft, field: &str) -> bool {
    match field {
        "command" => user.command.is_some(),
        "port" => user.port.is_some(),
        "version" => user.version.is_some(),
        "healthcheck" => user.healthcheck.is_some(),
        other => other
            .strip_prefix("params.")
            .is_some_and(|k| user.params.contains_key(k)),
    }
}

/// One line per assumption, naming the value used and the flag that settles it.
pub fn assumption_lines(
    assumed: &[Assumption],
    answers: &Answers,
    catalog: &Catalog,
) -> Vec<String> {
    let language = catalog
        .language(&answers.language)
        .map_or(answers.language.as_str(), |l| l.name.as_str());
    assumed
        .iter()
        .map(|a| {
            let value = match a.field.as_str() {
                "command" => format!("start command `{}`", shell_words::join(&answers.command)),
                "port" => format!(
                    "port {}",
                    answers
                        .port
                        .map_or_else(|| "none".to_string(), |p| p.to_string())
                ),
                "version" => format!("{language} version {}", answers.version),
                "healthcheck" => "health check: the port accepts connections".to_string(),
                other => other.to_string(),
            };
            format!("assumed: {value} ({}; {})", a.why, a.fix)
        })
        .collect()
}

pub fn run(args: GenerateArgs, catalog_args: &CatalogArgs) -> anyhow::Result<()> {
    let catalog = load_catalog(catalog_args)?;
    let dir = project_dir(args.dir.as_deref())?;
    let Resolved {
        answers,
        assumed,
        notes,
    } = resolve(&args, &catalog, &dir)?;
    let lines = assumption_lines(&assumed, &answers, &catalog);
    // An image that cannot start is not written: the user settles the assumption first.
    let blocking: Vec<&String> = assumed
        .iter()
        .zip(&lines)
        .filter(|(a, _)| a.blocking)
        .map(|(_, line)| line)
        .collect();
    if !blocking.is_empty() {
        return Err(bad(format!(
            "the image would not start; nothing was written:\n  {}",
            blocking
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        )));
    }
    let output = dockerfile::generate(&answers, &catalog)
        .map_err(|e| field_errors("the answers are not valid", &e))?;
    {
        let mut stderr = std::io::stderr().lock();
        // A closed stderr must not stop the files from being written.
        for line in &lines {
            let _ = writeln!(stderr, "warning: {line}");
        }
        for note in &notes {
            let _ = writeln!(stderr, "note: {note}");
        }
    }

    if let Some(path) = &args.save_answers {
        write::write_atomic(path, &answers.to_toml())
            .with_context(|| format!("cannot save the answers to {}", path.display()))?;
    }
    if args.stdout {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(output.dockerfile().as_bytes())
            .context("cannot write to standard output")?;
        return Ok(());
    }
    let dockerfile_path = args
        .output
        .clone()
        .unwrap_or_else(|| dir.join("Dockerfile"));
    let written = write_outputs(&dir, &dockerfile_path, &answers, &output, args.force)?;
    let mut stdout = std::io::stdout().lock();
    for line in written {
        writeln!(stdout, "{line}").context("cannot write to standard output")?;
    }
    if let Some(path) = &args.save_answers {
        writeln!(stdout, "saved answers to {}", path.display()).context("stdout")?;
    }
    write!(stdout, "\n{}", next_steps(&dir, &dockerfile_path, &answers))
        .context("cannot write to standard output")?;
    Ok(())
}

/// The files to write: the Dockerfile, and the .dockerignore in the build context when asked for.
pub fn targets(
    dir: &Path,
    dockerfile_path: &Path,
    answers: &Answers,
    output: &Output,
) -> Vec<(PathBuf, String)> {
    let mut files = vec![(
        dockerfile_path.to_path_buf(),
        output.dockerfile().to_string(),
    )];
    if answers.options.dockerignore {
        files.push((dir.join(".dockerignore"), output.dockerignore.clone()));
    }
    files
}

/// Check every target first, so that a conflict leaves nothing half-written; then write them all.
pub fn write_outputs(
    dir: &Path,
    dockerfile_path: &Path,
    answers: &Answers,
    output: &Output,
    force: bool,
) -> anyhow::Result<Vec<String>> {
    let files = targets(dir, dockerfile_path, answers, output);
    if !force {
        let mut conflicts = Vec::new();
        for (path, content) in &files {
            if let Existing::Different(old) = write::existing(path, content)? {
                conflicts.push(write::unified_diff(
                    &old,
                    content,
                    &path.display().to_string(),
                ));
            }
        }
        if !conflicts.is_empty() {
            return Err(bad(format!(
                "{}\nnot overwriting the existing file(s) above; nothing was written.\n\
                 Re-run with --force to replace them (the old versions are kept as .bak), -o FILE to write the \
                 Dockerfile elsewhere, --no-dockerignore to leave .dockerignore alone, or --stdout to print it.",
                conflicts.join("\n")
            )));
        }
    }
    let mut report = Vec::new();
    for (path, content) in &files {
        let outcome = write::write_atomic(path, content)?;
        report.push(match outcome {
            Outcome::Created => format!("wrote {}", path.display()),
            Outcome::Unchanged => format!("unchanged {}", path.display()),
            Outcome::Replaced { backup } => format!(
                "wrote {} (previous version kept as {})",
                path.display(),
                backup.display()
            ),
        });
    }
    Ok(report)
}
