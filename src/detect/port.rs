//! Ports the app listens on, read from its code, config and .env files.

use std::sync::OnceLock;

use regex::Regex;

use super::{found::Found, walk::line_at};

struct Pattern {
    exts: &'static [&'static str],
    regex: &'static str,
    what: &'static str,
}

const PATTERNS: &[Pattern] = &[
    Pattern {
        exts: &[".env", ".env.example", ".env.sample"],
        regex: r"(?m)^\s*(?:export\s+)?PORT\s*=\s*[\x22']?(\d{2,5})",
        what: "PORT in an env file",
    },
    Pattern {
        exts: &[".js", ".mjs", ".cjs", ".ts"],
        regex: r"\.listen\(\s*(?:process\.env\.PORT\s*(?:\|\||\?\?)\s*)?(\d{2,5})",
        what: "a listen() call",
    },
    Pattern {
        exts: &[".js", ".mjs", ".cjs", ".ts"],
        regex: r"process\.env\.PORT\s*(?:\|\||\?\?)\s*[\x22']?(\d{2,5})",
        what: "the PORT default",
    },
    Pattern {
        exts: &[".js", ".mjs", ".cjs", ".ts"],
        regex: r"port:\s*(?:Number\(process\.env\.PORT\)\s*(?:\|\||\?\?)\s*)?(\d{2,5})",
        what: "a listen option",
    },
    Pattern {
        exts: &[".go"],
        regex: r#"(?:ListenAndServe(?:TLS)?\(|Addr:\s*)\s*"[\w.]*:(\d{2,5})""#,
        what: "the listen address",
    },
    Pattern {
        exts: &[".go"],
        regex: r#"(?:port|Port|PORT)\s*:?=\s*"(\d{2,5})""#,
        what: "the PORT default",
    },
    Pattern {
        exts: &[".rs"],
        regex: r#""(?:0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\])?:(\d{2,5})""#,
        what: "the bind address",
    },
    Pattern {
        exts: &[".rs"],
        regex: r"\(\[\s*\d+\s*,\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\]\s*,\s*(\d{2,5})\s*\)",
        what: "the socket address",
    },
    Pattern {
        exts: &[".py"],
        regex: r"(?:uvicorn\.run|\.run)\([^)]*port\s*=\s*(\d{2,5})",
        what: "the run() call",
    },
    Pattern {
        exts: &[".py"],
        regex: r#"environ\.get\(\s*["']PORT["']\s*,\s*["']?(\d{2,5})"#,
        what: "the PORT default",
    },
    Pattern {
        exts: &["application.properties"],
        regex: r"(?m)^\s*server\.port\s*=\s*(\d{2,5})",
        what: "server.port",
    },
    Pattern {
        exts: &["application.yml", "application.yaml"],
        regex: r"(?m)^server:[ \t]*\n(?:[ \t]+[^\n]*\n)*?[ \t]+port:[ \t]*([0-9]{2,5})",
        what: "server.port",
    },
    Pattern {
        exts: &["Procfile"],
        regex: r"(?:--port[ =]|-p |:)(\d{2,5})\b",
        what: "the Procfile command",
    },
    Pattern {
        exts: &[".rb"],
        regex: r"(?m)^\s*port\s+(?:ENV\.fetch\([^)]*\)\s*\{\s*)?(\d{2,5})",
        what: "the Puma port",
    },
];

/// Compiled on first use: a project only pays for the patterns of the file kinds it has.
fn compiled(index: usize) -> Option<&'static Regex> {
    static CELLS: [OnceLock<Option<Regex>>; PATTERNS.len()] =
        [const { OnceLock::new() }; PATTERNS.len()];
    // ASCII-only classes compile to far smaller automata; patterns that need Unicode mode fall back to it.
    CELLS[index]
        .get_or_init(|| {
            let pattern = PATTERNS[index].regex;
            super::regex(pattern)
        })
        .as_ref()
}

/// The first port found, in file order, preferring env files and config over code.
pub fn detect(found: &mut Found<'_>) {
    let prefix = if found.prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", found.prefix)
    };
    let files: Vec<String> = found
        .listing
        .files
        .iter()
        .filter(|f| f.starts_with(&prefix))
        .filter(|f| {
            !found
                .excluded
                .iter()
                .any(|m| f.starts_with(&format!("{m}/")))
        })
        .filter(|f| !f.contains("test") && !f.contains("spec"))
        .cloned()
        .collect();
    for (index, pattern) in PATTERNS.iter().enumerate() {
        for file in files
            .iter()
            .filter(|f| pattern.exts.iter().any(|e| f.ends_with(e)))
        {
            let Some(regex) = compiled(index) else {
                continue;
            };
            let Ok(text) = found.listing.read(file) else {
                continue;
            };
            if let Some(caps) = regex.captures(&text)
                && let Some(m) = caps.get(1)
                && m.as_str().parse::<u16>().is_ok_and(|p| p >= 80)
            {
                found.set(
                    "port",
                    m.as_str(),
                    file,
                    Some(line_at(&text, m.start())),
                    format!("from {}", pattern.what),
                );
                return;
            }
        }
    }
}
