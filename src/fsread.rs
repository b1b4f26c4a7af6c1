//! The one way stagecraft reads a file it did not write: a project's manifests, an answers file, a catalog file,
//! a target it may replace. Files in a project folder are hostile, so a read never follows a symbolic link (the
//! link could point at /dev/zero or a secret), never opens anything but a regular file (a FIFO would block
//! forever; `O_NONBLOCK` keeps even the open from waiting), and never reads past a size cap (checked before
//! reading and enforced while reading, for files that grow).

use std::{
    fmt,
    fs::{self, File, OpenOptions},
    io::{self, Read},
    path::Path,
};

/// Why a file was not read. The `Display` text completes a sentence that starts with the file's name.
#[derive(Debug)]
pub enum ReadError {
    Missing,
    Symlink,
    NotRegular(&'static str),
    TooLarge(u64),
    NotUtf8,
    Io(io::Error),
}

/// `512 KiB`, `1 MiB`: how a cap is shown.
pub fn size_text(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes / 1024)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Missing => write!(f, "does not exist (No such file or directory)"),
            ReadError::Symlink => {
                write!(f, "is a symbolic link; links are never followed, not read")
            }
            ReadError::NotRegular(kind) => {
                write!(f, "is not a regular file (it is {kind}); not read")
            }
            ReadError::TooLarge(cap) => write!(f, "is larger than {}; not read", size_text(*cap)),
            ReadError::NotUtf8 => write!(f, "is not UTF-8 text"),
            ReadError::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                write!(f, "cannot be read: permission denied")
            }
            ReadError::Io(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

fn kind_of(file_type: fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_char_device() {
        "a character device"
    } else if file_type.is_block_device() {
        "a block device"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// Open `path` for reading if it is a regular file reached without following a link at its last component.
pub fn open_regular(path: &Path) -> Result<(File, u64), ReadError> {
    open(path, false)
}

fn open(path: &Path, follow: bool) -> Result<(File, u64), ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    let meta = fs::symlink_metadata(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => ReadError::Missing,
        _ => ReadError::Io(e),
    })?;
    if meta.file_type().is_symlink() && !follow {
        return Err(ReadError::Symlink);
    }
    if !meta.file_type().is_file() && !meta.file_type().is_symlink() {
        return Err(ReadError::NotRegular(kind_of(meta.file_type())));
    }
    // Checked again on the open file: the path may have been swapped between the look and the open.
    let flags = if follow {
        libc::O_NONBLOCK
    } else {
        libc::O_NOFOLLOW | libc::O_NONBLOCK
    };
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => ReadError::Symlink,
            _ if e.kind() == io::ErrorKind::NotFound => ReadError::Missing,
            _ => ReadError::Io(e),
        })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular(kind_of(meta.file_type())));
    }
    Ok((file, meta.len()))
}

/// The whole file, at most `cap` bytes.
pub fn read_bytes(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    read_opened(open_regular(path)?, cap)
}

/// Like `read_text`, through a link: for the user's own configuration (a catalog folder kept in a dotfiles
/// repository is often a folder of links), never for a project's files. The target must still be a regular file
/// within the cap.
pub fn read_text_following(path: &Path, cap: u64) -> Result<String, ReadError> {
    String::from_utf8(read_opened(open(path, true)?, cap)?).map_err(|_| ReadError::NotUtf8)
}

fn read_opened((file, len): (File, u64), cap: u64) -> Result<Vec<u8>, ReadError> {
    if len > cap {
        return Err(ReadError::TooLarge(cap));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    Ok(bytes)
}

/// The whole file as UTF-8 text, at most `cap` bytes.
pub fn read_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    String::from_utf8(read_bytes(path, cap)?).map_err(|_| ReadError::NotUtf8)
}

/// The first `bytes` of a regular file, whatever its size.
pub fn read_head(path: &Path, bytes: u64) -> Result<Vec<u8>, ReadError> {
    let (file, _) = open_regular(path)?;
    let mut buf = Vec::new();
    file.take(bytes)
        .read_to_end(&mut buf)
        .map_err(ReadError::Io)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use std::{os::unix::fs::symlink, process::Command};

    use super::*;

    #[test]
    fn reads_a_regular_file_within_the_cap() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.toml");
        fs::write(&path, "abc").expect("write");
        assert_eq!(read_text(&path, 3).expect("read"), "abc");
        assert!(matches!(read_text(&path, 2), Err(ReadError::TooLarge(2))));
        assert_eq!(read_head(&path, 2).expect("head"), b"ab");
    }

    #[test]
    fn refuses_links_devices_fifos_and_folders() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path();
        fs::write(p.join("real"), "x").expect("write");
        symlink(p.join("real"), p.join("link")).expect("symlink");
        symlink("/dev/zero", p.join("zero")).expect("symlink");
        let fifo = p.join("fifo");
        assert!(
            Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .expect("mkfifo")
                .success()
        );
        assert!(matches!(
            read_text(&p.join("link"), 10),
            Err(ReadError::Symlink)
        ));
        assert!(matches!(
            read_text(&p.join("zero"), 10),
            Err(ReadError::Symlink)
        ));
        assert!(matches!(
            read_text(&fifo, 10),
            Err(ReadError::NotRegular("a FIFO"))
        ));
        assert!(matches!(
            read_text(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular("a character device"))
        ));
        assert!(matches!(
            read_text(p, 10),
            Err(ReadError::NotRegular("a directory"))
        ));
        assert_eq!(
            read_text_following(&p.join("link"), 10).expect("followed"),
            "x"
        );
        assert!(matches!(
            read_text_following(&p.join("zero"), 10),
            Err(ReadError::NotRegular("a character device"))
        ));
        assert!(matches!(
            read_text(&p.join("none"), 10),
            Err(ReadError::Missing)
        ));
        assert_eq!(
            ReadError::TooLarge(512 * 1024).to_string(),
            "is larger than 512 KiB; not read"
        );
        assert_eq!(
            ReadError::TooLarge(1024 * 1024).to_string(),
            "is larger than 1 MiB; not read"
        );
    }
}
