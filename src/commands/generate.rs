//! `stagecraft generate`: the CLI's glue. Flags become the top draft layer, `resolve` makes the plan, `dockerfile`
//! renders it and `output` writes it (atomically, never over a different file without --force).

use std::{
    fs,
    io::{self, Write},
    path::{Path, PathBuf},
    sync::atomic::{AtomicBool, Ordering},
};

use anyhow::Context;

use crate::{
    cli::{CatalogArgs, GenerateArgs},
    dockerfile,
    output::{describe, next_steps, refuse_conflicts, targets, write_files},
    resolve::{Request, Resolved, resolve},
    write,
};

pub use crate::resolve::{MAX_ANSWERS_FILE, read_answers_file};

use super::{bad, field_errors, flags, load_catalog};

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
    let mut choices = flags::draft_from_flags(&args.flags)?;
    if args.compose {
        choices.switches.compose = Some(true);
    }
    let request = Request {
        dir: &dir,
        member: args.member.as_deref(),
        detect: !args.no_detect,
        answers_file: args.answers.as_deref(),
        choices,
    };
    let resolved = resolve(request, &catalog)?;
    for line in resolved.plan.support_lines(crate::eol::today()) {
        eprintln!("{line}");
    }
    let lines = resolved.assumption_lines();
    resolved.refuse_blocking(&lines)?;
    let Resolved { plan, notes, .. } = resolved;
    let answers = &plan.answers;
    let output =
        dockerfile::generate(&plan).map_err(|e| field_errors("the answers are not valid", &[e]))?;
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
    let mut files = targets(&dir, &dockerfile_path, answers, &output);
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
    report.push_str(&next_steps(&dir, &dockerfile_path, answers));
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(report.as_bytes())
        .context("cannot write to standard output")?;
    Ok(())
}
