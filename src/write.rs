//! Writing files safely: compare with what is there, write through a temp file and rename (so a crash never leaves
//! half a Dockerfile), and keep the replaced file as `<name>.bak`.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::{Context, Result};

/// What is at a target path now, compared with what would be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    Missing,
    Same,
    Different(String),
}

pub fn existing(path: &Path, new: &str) -> Result<Existing> {
    match fs::read(path) {
        Ok(bytes) if bytes == new.as_bytes() => Ok(Existing::Same),
        Ok(bytes) => Ok(Existing::Different(
            String::from_utf8_lossy(&bytes).into_owned(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Existing::Missing),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// What writing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Unchanged,
    Replaced { backup: PathBuf },
}

pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Write `content` to `path` atomically; an existing different file is kept as `<path>.bak` first.
pub fn write_atomic(path: &Path, content: &str) -> Result<Outcome> {
    let state = existing(path, content)?;
    if state == Existing::Same {
        return Ok(Outcome::Unchanged);
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".stagecraft-")
        .tempfile_in(&dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(content.as_bytes())
        .context("cannot write the temporary file")?;
    temp.as_file()
        .sync_all()
        .context("cannot flush the temporary file")?;
    let outcome = match state {
        Existing::Different(_) => {
            let backup = backup_path(path);
            fs::copy(path, &backup).with_context(|| {
                format!("cannot back up {} to {}", path.display(), backup.display())
            })?;
            Outcome::Replaced { backup }
        }
        _ => Outcome::Created,
    };
    temp.persist(path)
        .with_context(|| format!("cannot move the new file into place at {}", path.display()))?;
    Ok(outcome)
}

/// A unified diff from `old` to `new`, labelled with `path`.
pub fn unified_diff(old: &str, new: &str, path: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{path} (existing)"), &format!("{path} (new)"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_keeps_and_backs_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("Dockerfile");
        assert_eq!(write_atomic(&path, "a\n").expect("write"), Outcome::Created);
        assert_eq!(
            write_atomic(&path, "a\n").expect("write"),
            Outcome::Unchanged
        );
        let outcome = write_atomic(&path, "b\n").expect("write");
        assert_eq!(
            outcome,
            Outcome::Replaced {
                backup: dir.path().join("Dockerfile.bak")
            }
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), "b\n");
        assert_eq!(
            fs::read_to_string(dir.path().join("Dockerfile.bak")).expect("read"),
            "a\n"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("ls")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".stagecraft-"))
            .collect();
        assert!(leftovers.is_empty(), "temp files left behind");
    }

    #[test]
    fn diff_shows_both_sides() {
        let diff = unified_diff("FROM a\nUSER 1\n", "FROM b\nUSER 1\n", "Dockerfile");
        assert!(
            diff.contains("-FROM a") && diff.contains("+FROM b"),
            "{diff}"
        );
    }
}
