//! Folders and files a Go or Rust binary opens by a relative path at run time.

use super::{MAX_SOURCES, add, has_dir};
use crate::detect::{found::Found, regex};

/// Folders and files a compiled binary opens by a relative path at run time. Embedded ones (`//go:embed`,
/// `include_str!`, `rust-embed`, `sqlx::migrate!`) are inside the binary and need no copy.
pub(super) fn runtime_reads(f: &mut Found<'_>, ext: &str) {
    if !f.prefix.is_empty() {
        return;
    }
    let patterns: &[&str] = if ext == ".go" {
        &[
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
        ]
    } else {
        &[
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
        ]
    };
    let compiled: Vec<_> = patterns.iter().filter_map(|p| regex(p)).collect();
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
            for re in &compiled {
                if let Some((target, _)) = re.group(line, 1)
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
