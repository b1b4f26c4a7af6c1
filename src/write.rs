//! Writing files safely, for the CLI and the wizard alike. A set of files is written all or nothing: every new
//! version is staged in a temporary file next to its target, every replaced file is kept as a backup, and only
//! then are the temporary files renamed into place; when one step fails, what was done is undone.
//!
//! Nothing the user wrote is lost: a replaced file is kept as `<name>.bak`, or `<name>.bak.1`, `.bak.2`... when an
//! earlier backup differs, and backups are created exclusively, so they never replace anything and never write
//! through a symbolic link a project ships. A target that is itself a link is refused. A new file gets
//! 0666 minus the umask, like any file a shell would create; a replaced file keeps its mode (and owner where the
//! system allows). A file created without `force` is moved into place only if nothing is there yet, so two
//! concurrent runs cannot both write the same file.

use std::{
    fs::{self, OpenOptions, Permissions},
    io::{self, Write},
    os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt},
    path::{Path, PathBuf},
};

use anyhow::{Context, Result};

use crate::{
    error::bad,
    fsread::{self, ReadError},
};

/// An existing target larger than this is not compared nor replaced: no Dockerfile is that big.
pub const MAX_EXISTING: u64 = 16 * 1024 * 1024;

/// How many numbered backups are tried before giving up.
const MAX_BACKUPS: usize = 99;

/// What is at a target path now, compared with what would be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    Missing,
    Same,
    Different(String),
}

fn refuse(path: &Path, why: &ReadError) -> anyhow::Error {
    match why {
        ReadError::Symlink => bad(format!(
            "{} is a symbolic link; stagecraft never writes through a link. Remove the link, or write elsewhere \
             (-o FILE for the Dockerfile, --no-dockerignore for .dockerignore)",
            path.display()
        )),
        ReadError::NotRegular(_) | ReadError::TooLarge(_) => bad(format!(
            "{} {why}; move it away or write elsewhere (-o FILE for the Dockerfile, --no-dockerignore for \
             .dockerignore)",
            path.display()
        )),
        _ => bad(format!("{} {why}", path.display())),
    }
}

fn current(path: &Path) -> Result<Option<Vec<u8>>> {
    match fsread::read_bytes(path, MAX_EXISTING) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadError::Missing) => Ok(None),
        Err(e) => Err(refuse(path, &e)),
    }
}

pub fn existing(path: &Path, new: &str) -> Result<Existing> {
    Ok(match current(path)? {
        None => Existing::Missing,
        Some(bytes) if bytes == new.as_bytes() => Existing::Same,
        Some(bytes) => Existing::Different(String::from_utf8_lossy(&bytes).into_owned()),
    })
}

/// What writing did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Unchanged,
    Replaced { backup: PathBuf },
}

/// `<name>.bak` for the first backup, `<name>.bak.N` after it.
pub fn backup_path(path: &Path, n: usize) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    if n > 0 {
        name.push(format!(".{n}"));
    }
    path.with_file_name(name)
}

fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Keep `old` (the content of `path`) in a backup: an identical existing backup is reused, anything else at a
/// backup name (a different backup, a link, a folder) is left alone and the next number is tried. Returns the
/// backup and whether this call created it.
fn keep_backup(path: &Path, old: &[u8], mode: u32) -> Result<(PathBuf, bool)> {
    for n in 0..=MAX_BACKUPS {
        let candidate = backup_path(path, n);
        match fsread::read_bytes(&candidate, MAX_EXISTING) {
            Ok(bytes) if bytes == old => return Ok((candidate, false)),
            Ok(_) => continue,
            Err(ReadError::Missing) => {}
            Err(_) => continue,
        }
        // O_EXCL: fails on anything already there, a dangling link included, so nothing is replaced.
        let mut file = match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&candidate)
        {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e).with_context(|| {
                    format!(
                        "cannot back up {} to {}",
                        path.display(),
                        candidate.display()
                    )
                });
            }
        };
        let written = file
            .write_all(old)
            .and_then(|()| file.set_permissions(Permissions::from_mode(mode)))
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            // Never leave a partial backup behind.
            let _ = fs::remove_file(&candidate);
            return Err(e).with_context(|| {
                format!(
                    "cannot back up {} to {}",
                    path.display(),
                    candidate.display()
                )
            });
        }
        return Ok((candidate, true));
    }
    Err(bad(format!(
        "cannot keep a backup of {}: {} and .bak.1 to .bak.{MAX_BACKUPS} are all taken by other files; move some \
         away; nothing was written",
        path.display(),
        backup_path(path, 0).display()
    )))
}

/// One target being written.
struct Staged {
    path: PathBuf,
    temp: Option<tempfile::NamedTempFile>,
    /// The replaced content and its mode, when the target existed with other content.
    old: Option<(Vec<u8>, u32)>,
    backup: Option<(PathBuf, bool)>,
    outcome: Outcome,
}

fn stage(path: &Path, content: &str, force: bool) -> Result<Staged> {
    let old = current(path)?;
    if old.as_deref() == Some(content.as_bytes()) {
        return Ok(Staged {
            path: path.to_path_buf(),
            temp: None,
            old: None,
            backup: None,
            outcome: Outcome::Unchanged,
        });
    }
    if old.is_some() && !force {
        return Err(bad(format!(
            "{} exists with other content; not overwriting it, nothing was written. Re-run with --force to \
             replace it (the old version is kept as a backup)",
            path.display()
        )));
    }
    let meta = match &old {
        Some(_) => Some(
            fs::symlink_metadata(path)
                .with_context(|| format!("cannot stat {}", path.display()))?,
        ),
        None => None,
    };
    let dir = parent(path);
    let mut temp = tempfile::Builder::new()
        .prefix(".stagecraft-")
        // The OS applies the umask to this mode, as for any new file.
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(&dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(content.as_bytes())
        .context("cannot write the temporary file")?;
    if let Some(meta) = &meta {
        let file = temp.as_file();
        // The owner is kept where allowed (root, or the same owner); elsewhere the new file is the user's own.
        let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
        file.set_permissions(Permissions::from_mode(meta.mode() & 0o7777))
            .context("cannot set the temporary file's mode")?;
    }
    temp.as_file()
        .sync_all()
        .context("cannot flush the temporary file")?;
    Ok(Staged {
        path: path.to_path_buf(),
        temp: Some(temp),
        old: old.zip(meta.map(|m| m.mode() & 0o7777)),
        backup: None,
        outcome: Outcome::Created,
    })
}

/// Put the replaced content back (or remove a created file) after a later step failed.
fn undo(done: &Staged) {
    match &done.old {
        None => {
            let _ = fs::remove_file(&done.path);
        }
        Some((old, mode)) => {
            let dir = parent(&done.path);
            if let Ok(mut temp) = tempfile::Builder::new()
                .prefix(".stagecraft-")
                .tempfile_in(&dir)
                && temp.write_all(old).is_ok()
                && temp
                    .as_file()
                    .set_permissions(Permissions::from_mode(*mode))
                    .is_ok()
            {
                let _ = temp.persist(&done.path);
            }
        }
    }
}

fn drop_new_backups(staged: &[Staged]) {
    for s in staged {
        if let Some((backup, true)) = &s.backup {
            let _ = fs::remove_file(backup);
        }
    }
}

/// Write every `(path, content)` or none of them. Without `force`, an existing file with other content is an
/// error (checked again at the moment of the move, so a concurrent run cannot slip in between).
pub fn write_all(files: &[(PathBuf, String)], force: bool) -> Result<Vec<(PathBuf, Outcome)>> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, content) in files {
        staged.push(stage(path, content, force)?);
    }
    for i in 0..staged.len() {
        let s = &staged[i];
        if let Some((old, mode)) = &s.old {
            match keep_backup(&s.path, old, *mode) {
                Ok(backup) => {
                    staged[i].outcome = Outcome::Replaced {
                        backup: backup.0.clone(),
                    };
                    staged[i].backup = Some(backup);
                }
                Err(e) => {
                    drop_new_backups(&staged);
                    return Err(e);
                }
            }
        }
    }
    for i in 0..staged.len() {
        let Some(temp) = staged[i].temp.take() else {
            continue;
        };
        let path = staged[i].path.clone();
        let result = if staged[i].old.is_some() {
            temp.persist(&path).map(|_| ()).map_err(|e| e.error)
        } else {
            temp.persist_noclobber(&path)
                .map(|_| ())
                .map_err(|e| e.error)
        };
        if let Err(e) = result {
            let content = &files[i].1;
            if e.kind() == io::ErrorKind::AlreadyExists
                && current(&path).ok().flatten().as_deref() == Some(content.as_bytes())
            {
                // Another run wrote the very same file meanwhile.
                staged[i].outcome = Outcome::Unchanged;
                continue;
            }
            for done in staged[..i]
                .iter()
                .filter(|s| s.outcome != Outcome::Unchanged)
            {
                undo(done);
            }
            drop_new_backups(&staged);
            return Err(if e.kind() == io::ErrorKind::AlreadyExists {
                bad(format!(
                    "{} appeared while stagecraft was writing (another run?); not overwriting it, nothing was \
                     written",
                    path.display()
                ))
            } else {
                anyhow::Error::new(e).context(format!(
                    "cannot move the new file into place at {}; nothing was written",
                    path.display()
                ))
            });
        }
    }
    Ok(staged.into_iter().map(|s| (s.path, s.outcome)).collect())
}

/// Write one file; an existing different file is kept as a backup first.
pub fn write_atomic(path: &Path, content: &str) -> Result<Outcome> {
    let mut done = write_all(&[(path.to_path_buf(), content.to_string())], true)?;
    Ok(done
        .pop()
        .map_or(Outcome::Unchanged, |(_, outcome)| outcome))
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
    use std::os::unix::fs::symlink;

    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("ls")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

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
        assert_eq!(
            names(dir.path()),
            ["Dockerfile", "Dockerfile.bak"],
            "temp files left behind"
        );
    }

    #[test]
    fn item_04_numbered_backups_never_replace_an_earlier_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("Dockerfile");
        for v in ["1\n", "2\n", "3\n", "4\n"] {
            write_atomic(&path, v).expect("write");
        }
        let backups: Vec<String> = ["Dockerfile.bak", "Dockerfile.bak.1", "Dockerfile.bak.2"]
            .iter()
            .map(|n| fs::read_to_string(dir.path().join(n)).expect("backup"))
            .collect();
        assert_eq!(backups, ["1\n", "2\n", "3\n"]);
        // Going back to a version already kept reuses its backup.
        assert_eq!(
            write_atomic(&path, "1\n").expect("write"),
            Outcome::Replaced {
                backup: dir.path().join("Dockerfile.bak.3")
            }
        );
        assert_eq!(
            write_atomic(&path, "2\n").expect("write"),
            Outcome::Replaced {
                backup: dir.path().join("Dockerfile.bak")
            }
        );
    }

    #[test]
    fn item_01_backup_never_goes_through_a_link() {
        let dir = tempfile::tempdir().expect("tempdir");
        let outside = tempfile::tempdir().expect("tempdir");
        let victim = outside.path().join("victim");
        let path = dir.path().join("Dockerfile");
        fs::write(&path, "old\n").expect("write");
        // A dangling link is a trap too: following it would create the file where it points.
        symlink(&victim, dir.path().join("Dockerfile.bak")).expect("symlink");
        let outcome = write_atomic(&path, "new\n").expect("write");
        assert_eq!(
            outcome,
            Outcome::Replaced {
                backup: dir.path().join("Dockerfile.bak.1")
            }
        );
        assert!(!victim.exists(), "wrote through the link");
    }

    #[test]
    fn item_06_a_failed_second_file_leaves_the_first_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = dir.path().join("Dockerfile");
        fs::write(&first, "old\n").expect("write");
        let missing_dir = dir.path().join("gone").join(".dockerignore");
        let err = write_all(
            &[(first.clone(), "new\n".into()), (missing_dir, "x\n".into())],
            true,
        )
        .expect_err("the second file cannot be written");
        assert!(format!("{err:#}").contains("gone"), "{err:#}");
        assert_eq!(fs::read_to_string(&first).expect("read"), "old\n");
        assert_eq!(names(dir.path()), ["Dockerfile"]);
    }

    #[test]
    fn item_07_without_force_an_existing_file_is_never_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("Dockerfile");
        fs::write(&path, "theirs\n").expect("write");
        let err = write_all(&[(path.clone(), "mine\n".into())], false).expect_err("refused");
        assert!(err.to_string().contains("not overwriting"), "{err}");
        assert_eq!(fs::read_to_string(&path).expect("read"), "theirs\n");
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
