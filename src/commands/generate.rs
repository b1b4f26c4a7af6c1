//! `stagecraft generate`: detection < answers file < flags -> answers -> Dockerfile + .dockerignore, written
//! atomically and never over a different file without --force.

use std::{
    fs,
    io::{self, Write},
    path::{Path, PathBuf},
    sync::atomic::{AtomicBool, Ordering},
};

use anyhow::Context;

use crate::{
    answers::{Answers, Draft},
    catalog::Catalog,
    cli::{CatalogArgs, GenerateArgs},
    detect::Assumption,
    dockerfile::{self, Output},
    fsread,
    write::{self, Existing, Outcome},
};

use super::{bad, field_errors, flags, load_catalog, next_steps};

/// An answers file is a few KiB; anything near this is not one.
pub const MAX_ANSWERS_FILE: u64 = 1024 * 1024;

/// Read an answers file as a draft layer: a regular file (never through a link), at most 1 MiB.
pub fn read_answers_file(path: &Path) -> anyhow::Result<Draft> {
    let text = fsread::read_text(path, MAX_ANSWERS_FILE)
        .map_err(|e| bad(format!("answers file {} {e}", path.display())))?;
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
    // An unreadable folder would otherwise look empty ("no manifest"), which is not what is wrong.
    if let Err(e) = fs::read_dir(&dir) {
        return Err(bad(match e.kind() {
            io::ErrorKind::PermissionDenied => {
                format!("cannot read {}: permission denied", dir.display())
            }
            _ => format!("cannot read {}: {e}", dir.display()),
        }));
    }
    Ok(dir)
}

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Called first thing in `main`: was standard output closed when stagecraft started (`>&-`)? The Rust runtime
/// reopens a closed standard descriptor on /dev/null, read-write, before `main`; a shell's `> /dev/null` opens it
/// write-only. Printing to a closed output is then an error rather than a silent success.
pub fn guard_stdout() {
    use std::os::{fd::AsFd, unix::fs::MetadataExt};
    let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        return;
    };
    // SAFETY: fcntl(F_GETFL) on a descriptor this function owns; it reads flags only.
    let flags = unsafe { libc::fcntl(std::os::fd::AsRawFd::as_raw_fd(&fd), libc::F_GETFL) };
    let is_null = |meta: fs::Metadata| {
        fs::metadata("/dev/null").is_ok_and(|null| null.rdev() == meta.rdev() && meta.rdev() != 0)
    };
    let reopened = flags != -1
        && flags & libc::O_ACCMODE == libc::O_RDWR
        && fs::File::from(fd).metadata().is_ok_and(is_null);
    STDOUT_CLOSED.store(reopened, Ordering::Relaxed);
}

/// Print `text` as a command's result: a closed or broken standard output is an error (exit 1), not a success.
pub fn print_result(text: &str) -> anyhow::Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Err(anyhow::anyhow!(
            "cannot write to standard output: it is closed; redirect it to a file (> Dockerfile) instead"
        ));
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .context("cannot write to standard output")
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
    let mut refused = Vec::new();
    let mut assumed = Vec::new();
    let mut notes = Vec::new();
    let mut detected = Draft::default();
    if !args.no_detect {
        let detection = crate::detect::detect(dir, args.member.as_deref(), catalog)
            .map_err(|e| bad(e.to_string()))?;
        draft = detection.draft;
        refused = detection.refused;
        assumed = detection.assumed;
        notes = detection.undecided;
        detected = draft.clone();
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
    // What the project asks for and no catalog value satisfies stops here, unless a version was given.
    if let Some(refusal) = refused.iter().find(|r| r.field == "version")
        && draft.version.is_none()
    {
        return Err(bad(format!(
            "{}\nnothing was written; --lang-version VERSION (or `version` in an answers file) overrides this",
            refusal.message
        )));
    }
    let mut answers = draft
        .complete(catalog)
        .map_err(|e| field_errors("the answers are not valid", &e))?;
    flags::apply_tweaks(&args.flags, &mut answers);
    // A different language than detected makes detection's assumptions about the project moot.
    let detected_language = user.language.is_none();
    if let Some(problem) = super::inputs::problem(&answers, catalog, dir, &detected) {
        return Err(bad(problem));
    }
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
    if let Some(out) = &args.output
        && out.is_dir()
    {
        return Err(bad(format!(
            "{} is a directory; -o takes the Dockerfile's file path: pass -o {}",
            out.display(),
            out.join("Dockerfile").display()
        )));
    }
    let Resolved {
        mut answers,
        assumed,
        notes,
    } = resolve(&args, &catalog, &dir)?;
    if args.compose {
        answers.options.compose = true;
    }
    for line in crate::eol::support_lines(&catalog, &answers, crate::eol::today()) {
        eprintln!("{line}");
    }
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
    let saved = args
        .save_answers
        .as_ref()
        .map(|path| (path.clone(), answers.to_toml()));

    if args.stdout {
        // The answers file obeys the same rule as any file: checked before anything is printed, written after.
        if let Some(saved) = &saved
            && !args.force
        {
            refuse_conflicts(std::slice::from_ref(saved))?;
        }
        print_result(output.dockerfile())?;
        if let Some(saved) = saved {
            for (path, outcome) in write::write_all(&[saved], args.force)? {
                eprintln!("{}", describe(&path, &outcome, "saved answers to"));
            }
        }
        return Ok(());
    }
    let dockerfile_path = args
        .output
        .clone()
        .unwrap_or_else(|| dir.join("Dockerfile"));
    let mut files = targets(&dir, &dockerfile_path, &answers, &output);
    files.extend(saved);
    let written = write_files(&files, args.force)?;
    let mut report = String::new();
    for (path, outcome) in written {
        let verb = if Some(&path) == args.save_answers.as_ref() {
            "saved answers to"
        } else {
            "wrote"
        };
        report.push_str(&describe(&path, &outcome, verb));
        report.push('\n');
    }
    report.push('\n');
    report.push_str(&next_steps(&dir, &dockerfile_path, &answers));
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(report.as_bytes())
        .context("cannot write to standard output")?;
    Ok(())
}

/// One line of the report for a written file.
pub fn describe(path: &Path, outcome: &Outcome, verb: &str) -> String {
    match outcome {
        Outcome::Created => format!("{verb} {}", path.display()),
        Outcome::Unchanged => format!("unchanged {}", path.display()),
        Outcome::Replaced { backup } => format!(
            "{verb} {} (previous version kept as {})",
            path.display(),
            backup.display()
        ),
    }
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
    if answers.options.compose {
        let compose = crate::compose::target(dir);
        let env_example = dir.join(crate::compose::ENV_EXAMPLE).is_file();
        files.push((
            compose.clone(),
            crate::compose::render_compose(
                dir,
                dockerfile_path,
                answers,
                &output.model,
                env_example,
            ),
        ));
        files.push((
            dir.join(crate::compose::README),
            crate::compose::render_readme(
                dir,
                dockerfile_path,
                answers,
                &output.model,
                Some(&compose),
            ),
        ));
    }
    files
}

/// Without --force, any target that exists with other content stops the run before anything is written, with
/// the diff of each.
fn refuse_conflicts(files: &[(PathBuf, String)]) -> anyhow::Result<()> {
    let mut conflicts = Vec::new();
    for (path, content) in files {
        if let Existing::Different(old) = write::existing(path, content)? {
            conflicts.push(write::unified_diff(
                &old,
                content,
                &path.display().to_string(),
            ));
        }
    }
    if conflicts.is_empty() {
        return Ok(());
    }
    Err(bad(format!(
        "{}\nnot overwriting the existing file(s) above; nothing was written.\n\
         Re-run with --force to replace them (the old versions are kept as .bak), -o FILE to write the \
         Dockerfile elsewhere, --no-dockerignore to leave .dockerignore alone, or --stdout to print it.",
        conflicts.join("\n")
    )))
}

/// Write all the files or none (see `write::write_all`).
pub fn write_files(
    files: &[(PathBuf, String)],
    force: bool,
) -> anyhow::Result<Vec<(PathBuf, Outcome)>> {
    if !force {
        refuse_conflicts(files)?;
    }
    write::write_all(files, force)
}

/// The Dockerfile and .dockerignore, all or nothing; the report's lines.
pub fn write_outputs(
    dir: &Path,
    dockerfile_path: &Path,
    answers: &Answers,
    output: &Output,
    force: bool,
) -> anyhow::Result<Vec<String>> {
    let files = targets(dir, dockerfile_path, answers, output);
    Ok(write_files(&files, force)?
        .iter()
        .map(|(path, outcome)| describe(path, outcome, "wrote"))
        .collect())
}
