//! Folders and files a Go or Rust binary opens by a relative path at run time.

use super::{MAX_SOURCES, add, has_dir};
use crate::detect::{found::Found, regex};

/// Calls whose first string argument a Go program reads relative to its working directory.
const GO_READS: &[&str] = &[
    r#"ParseGlob\(\s*"([^"]+)""#,
    r#"ParseFiles\(\s*"([^"]+)""#,
    r#"LoadHTMLGlob\(\s*"([^"]+)""#,
    r#"LoadHTMLFiles\(\s*"([^"]+)""#,
    r#"http\.Dir\(\s*"([^"]+)""#,
    r#"\.Static\(\s*"[^"]*"\s*,\s*"([^"]+)""#,
    r#"html\.New\(\s*"([^"]+)""#,
    r#"os\.ReadFile\(\s*"([^"]+)""#,
    r#"os\.Open\(\s*"([^"]+)""#,
    r#"AddConfigPath\(\s*"([^"]+)""#,
    r#"filepath\.Join\(\s*"([^"]+)""#,
    r#"ioutil\.ReadFile\(\s*"([^"]+)""#,
    r#"SetConfigFile\(\s*"([^"]+)""#,
    // `flag.String("config", "./config/local.yml", ...)`: the default a plain `docker run` uses.
    r#"flag\.String\(\s*"[^"]*"\s*,\s*"([^"]+)""#,
];

/// The same for Rust.
const RUST_READS: &[&str] = &[
    r#"Tera::new\(\s*"([^"]+)""#,
    r#"ServeDir::new\(\s*"([^"]+)""#,
    r#"ServeFile::new\(\s*"([^"]+)""#,
    r#"Files::new\(\s*"[^"]*"\s*,\s*"([^"]+)""#,
    r#"FileServer::from\(\s*"([^"]+)""#,
    r#"File::with_name\(\s*"([^"]+)""#,
    r#"read_to_string\(\s*"([^"]+)""#,
    r#"File::open\(\s*"([^"]+)""#,
    // `current_dir()?.join("configuration")`; a name that is no folder of the project is dropped below.
    r#"\.join\(\s*"([^"]+)"\s*\)"#,
    r#"Handlebars.*register_templates_directory\(\s*"[^"]*"\s*,\s*"([^"]+)""#,
];

/// Folders and files a compiled binary opens by a relative path at run time. Embedded ones (`//go:embed`,
/// `include_str!`, `rust-embed`, `sqlx::migrate!`) are inside the binary and need no copy.
pub(super) fn runtime_reads(f: &mut Found<'_>, ext: &str) {
    if !f.prefix.is_empty() {
        return;
    }
    let patterns: &[&str] = if ext == ".go" { GO_READS } else { RUST_READS };
    // A line can only match a pattern that names its call: most source lines name none, and a pattern is compiled
    // only when some line does.
    let needles: Vec<String> = patterns.iter().map(|p| needle(p)).collect();
    let embed = regex(if ext == ".go" {
        r"//go:embed\s+(\S+)"
    } else {
        r#"(include_str!|include_bytes!|include_dir!|folder\s*=|migrate!)\s*\(?\s*"([^"]+)""#
    });
    let sources: Vec<String> = f
        .listing
        .files
        .iter()
        .filter(|p| p.ends_with(ext) && !p.ends_with("_test.go") && !p.starts_with("tests/"))
        .take(MAX_SOURCES)
        .cloned()
        .collect();
    let mut embedded: Vec<String> = Vec::new();
    let mut wanted: Vec<(String, String, usize, String)> = Vec::new();
    for file in sources {
        let Ok(text) = f.listing.read(&file) else {
            continue;
        };
        if let Some(re) = &embed {
            let group = if ext == ".go" { 1 } else { 2 };
            let mut rest: &str = &text;
            while let Some((target, at)) = re.group(rest, group) {
                if let Some(top) = top_segment(target) {
                    embedded.push(top);
                }
                rest = &rest[at + target.len()..];
            }
        }
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for (pattern, needle) in patterns.iter().zip(&needles) {
                if !line.contains(needle.as_str()) {
                    continue;
                }
                if let Some(re) = regex(pattern)
                    && let Some((target, _)) = re.group(line, 1)
                    && let Some(top) = top_segment(target)
                {
                    wanted.push((top, file.clone(), i + 1, line.trim().to_string()));
                }
            }
        }
    }
    for (top, file, line, code) in wanted {
        if embedded.contains(&top) {
            continue;
        }
        // `config::File::with_name("configuration/base")` names a file without its extension.
        let exists = has_dir(f, &top) || f.listing.has(&top);
        if !exists {
            continue;
        }
        let code: String = code.chars().take(80).collect();
        add(
            f,
            "runtime",
            &top,
            &file,
            Some(line),
            format!("`{code}` reads it at run time, relative to the working directory"),
        );
    }
}

/// The literal call name every match of `pattern` contains: the text before its `\(`, unescaped, after any `.*`.
fn needle(pattern: &str) -> String {
    let call = pattern.split(r"\(").next().unwrap_or(pattern);
    let call = call.rsplit(".*").next().unwrap_or(call);
    call.replace(r"\.", ".")
}

/// The first path segment of a relative path literal (`./templates/*.html` -> `templates`), unless it is absolute,
/// a glob or the current folder.
fn top_segment(path: &str) -> Option<String> {
    let mut p = path.trim();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    if p.starts_with('/') || p.starts_with("..") || p.is_empty() || p == "." {
        return None;
    }
    let top = p.split('/').next()?;
    if top.contains('*') || top.contains('{') || top.contains('$') {
        return None;
    }
    let ok = top
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    ok.then(|| top.to_string())
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_read_pattern_has_a_literal_needle_its_matches_contain() {
        for pattern in super::GO_READS.iter().chain(super::RUST_READS) {
            let needle = super::needle(pattern);
            assert!(!needle.is_empty(), "{pattern}");
            assert!(
                !needle.contains(['\\', '(', '*', '[', '+', '?']),
                "{pattern}: {needle}"
            );
        }
        assert_eq!(super::needle(r#"\.Static\(\s*"[^"]*""#), ".Static");
        assert_eq!(
            super::needle(r#"Handlebars.*register_templates_directory\(\s*"([^"]+)""#),
            "register_templates_directory"
        );
    }

    use super::*;

    #[test]
    fn run_time_paths_keep_their_first_segment() {
        assert_eq!(
            top_segment("./templates/*.html").as_deref(),
            Some("templates")
        );
        assert_eq!(
            top_segment("configuration/base").as_deref(),
            Some("configuration")
        );
        assert_eq!(top_segment("static").as_deref(), Some("static"));
        assert_eq!(top_segment("/etc/app.json"), None);
        assert_eq!(top_segment("*.html"), None);
        assert_eq!(top_segment("."), None);
    }
}
