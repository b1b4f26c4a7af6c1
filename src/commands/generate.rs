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
    let mut draft = Draft::default();
    let mut detected = Draft::default();
    if !args.no_detect {
        let detection = crate::detect::detect(dir, args.member.as_deref(), catalog)
            .map_err(|e| bad(e.to_string()))?;
        draft = detection.draft;
        detected = draft.clone();
    }
    if let Some(path) = &args.answers {
        draft = draft.overlay(read_answers_file(path)?);
    }
    let from_flags = flags::draft_from_flags(&args.flags, &draft)?;
    draft = draft.overlay(from_flags);
    let mut answers = draft
        .complete(catalog)
        .map_err(|e| field_errors("the answers are not valid", &e))?;
    flags::apply_tweaks(&args.flags, &mut answers);
    if let Some(problem) = super::inputs::problem(&answers, catalog, dir, &detected) {
        return Err(bad(problem));
    }
    Ok(answers)
}

pub fn run(args: GenerateArgs, catalog_args: &CatalogArgs) -> anyhow::Result<()> {
    let catalog = load_catalog(catalog_args)?;
    let dir = project_dir(args.dir.as_deref())?;
    let answers = resolve_answers(&args, &catalog, &dir)?;
    let output = dockerfile::generate(&answers, &catalog)
        .map_err(|e| field_errors("the answers are not valid", &e))?;

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
