//! A bounded, gitignore-aware listing of a project: the files detection may look at, and a size-capped reader.

use std::path::{Path, PathBuf};

/// Folders never worth reading: dependencies, build output, VCS data, virtualenvs.
const SKIP_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "target",
    ".venv",
    "venv",
    "env",
    "__pycache__",
    ".tox",
    "vendor",
    ".gradle",
    ".idea",
    ".vscode",
    "bin",
    "obj",
    ".next",
    ".nuxt",
    "dist",
    "build",
    "coverage",
    ".mypy_cache",
    ".pytest_cache",
    ".cargo",
    ".yarn",
    ".pnpm-store",
    "bower_components",
    "tmp",
    "log",
];

pub const MAX_DEPTH: usize = 5;
pub const MAX_FILES: usize = 20_000;
pub const MAX_READ: u64 = 512 * 1024;

fn skipped_dir(e: &ignore::DirEntry) -> bool {
    let is_dir = e.file_type().is_some_and(|t| t.is_dir());
    let name = e.file_name().to_str().unwrap_or_default();
    // src/bin holds Cargo's extra binaries, not build output.
    let cargo_bins = name == "bin" && e.path().parent().is_some_and(|p| p.ends_with("src"));
    is_dir && e.depth() > 0 && SKIP_DIRS.contains(&name) && !cargo_bins
}

fn walker(root: &Path, depth: usize, ignore_files: bool) -> ignore::Walk {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .max_depth(Some(depth))
        .follow_links(false)
        .hidden(false)
        .git_ignore(ignore_files)
        .ignore(ignore_files)
        .git_exclude(false)
        .git_global(false)
        .require_git(false)
        .filter_entry(|e| !skipped_dir(e))
        .sort_by_file_path(|a, b| a.cmp(b));
    if ignore_files {
        builder.add_custom_ignore_filename(".dockerignore");
    }
    builder.build()
}

/// The ignore files the walk would read are read by the `ignore` crate, which follows links and reads without
/// limit: a `.gitignore` that is a FIFO or a link to /dev/zero would hang the walk. They are looked at first
/// (never opened); when one is not a small regular file, no ignore file is used, and the note says why.
fn hostile_ignore_file(root: &Path) -> Option<String> {
    let walk = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .follow_links(false)
        .max_depth(Some(MAX_DEPTH))
        .filter_entry(|e| !skipped_dir(e))
        .build();
    for entry in walk.flatten().take(MAX_FILES) {
        let name = entry.file_name().to_str().unwrap_or_default();
        if !matches!(name, ".gitignore" | ".ignore" | ".dockerignore") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .map_or_else(|_| name.to_string(), |p| p.to_string_lossy().into_owned());
        let why = match std::fs::symlink_metadata(entry.path()) {
            Ok(meta) if meta.file_type().is_symlink() => Some("is a symbolic link".to_string()),
            Ok(meta) if !meta.file_type().is_file() => Some("is not a regular file".to_string()),
            Ok(meta) if meta.len() > MAX_READ => Some(format!(
                "is larger than {}",
                crate::fsread::size_text(MAX_READ)
            )),
            Ok(_) => None,
            Err(e) => Some(format!("cannot be read: {e}")),
        };
        if let Some(why) = why {
            return Some(format!(
                "{rel} {why}; no .gitignore or .dockerignore was used, so ignored files may have been looked at"
            ));
        }
    }
    None
}

/// The project's files, relative to its root, sorted; `truncated` when the file limit was reached.
pub struct Listing {
    pub root: PathBuf,
    pub files: Vec<String>,
    pub truncated: bool,
    /// Why the ignore files were not used, when one of them could not be read safely.
    pub unsafe_ignore_file: Option<String>,
}

impl Listing {
    pub fn new(root: &Path) -> Listing {
        let mut files = Vec::new();
        let mut truncated = false;
        let unsafe_ignore_file = hostile_ignore_file(root);
        let ignore_files = unsafe_ignore_file.is_none();
        for entry in walker(root, MAX_DEPTH, ignore_files).flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            if files.len() >= MAX_FILES {
                truncated = true;
                break;
            }
            if let Ok(rel) = entry.path().strip_prefix(root) {
                files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
        // The walk is depth-first, so a big folder sorted before go.mod or package.json could use up the budget;
        // the top level, where the manifests are, is always listed.
        if truncated {
            for entry in walker(root, 1, ignore_files).flatten() {
                if entry.file_type().is_some_and(|t| t.is_file())
                    && let Ok(rel) = entry.path().strip_prefix(root)
                {
                    files.push(rel.to_string_lossy().into_owned());
                }
            }
        }
        files.sort();
        files.dedup();
        Listing {
            root: root.to_path_buf(),
            files,
            truncated,
            unsafe_ignore_file,
        }
    }

    pub fn has(&self, rel: &str) -> bool {
        self.files.binary_search_by(|f| f.as_str().cmp(rel)).is_ok()
    }

    /// Files at the top level whose name ends with `suffix`.
    pub fn top_level_with_suffix(&self, suffix: &str) -> Vec<&str> {
        self.files
            .iter()
            .map(String::as_str)
            .filter(|f| !f.contains('/') && f.ends_with(suffix))
            .collect()
    }

    /// The file's text, or why it could not be read (too large, not UTF-8, I/O error).
    pub fn read(&self, rel: &str) -> Result<String, String> {
        self.read_capped(rel, MAX_READ)
    }

    /// Like `read`, with a larger cap for files that are big by nature (Cargo.lock, uv.lock).
    pub fn read_capped(&self, rel: &str, cap: u64) -> Result<String, String> {
        crate::fsread::read_text(&self.root.join(rel), cap).map_err(|e| e.to_string())
    }

    /// The first `bytes` of a file, lossily decoded: enough for a lockfile's header whatever the file's size.
    pub fn head(&self, rel: &str, bytes: u64) -> Option<String> {
        let buf = crate::fsread::read_head(&self.root.join(rel), bytes).ok()?;
        Some(String::from_utf8_lossy(&buf).into_owned())
    }
}

/// 1-based line of the first line containing `needle`.
pub fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// 1-based line of a byte offset.
pub fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}
