//! Ports the app listens on, read from its code, config and .env files.

use std::sync::OnceLock;

use super::{found::Found, walk::line_at};

struct Pattern {
    /// Config and env files outrank code: they are what the app reads at start.
    config: bool,
    exts: &'static [&'static str],
    regex: &'static str,
    what: &'static str,
}

const PATTERNS: &[Pattern] = &[
    Pattern {
        config: true,
        exts: &[".env", ".env.example", ".env.sample"],
        regex: r"(?m)^\s*(?:export\s+)?PORT\s*=\s*[\x22']?(\d{2,5})",
        what: "PORT in an env file",
    },
    Pattern {
        config: false,
        exts: &[".js", ".mjs", ".cjs", ".ts"],
        regex: r"\.listen\(\s*(?:process\.env\.PORT\s*(?:\|\||\?\?)\s*)?(\d{2,5})",
        what: "a listen() call",
    },
    Pattern {
        config: false,
        exts: &[".js", ".mjs", ".cjs", ".ts"],
        regex: r"process\.env\.PORT\s*(?:\|\||\?\?)\s*[\x22']?(\d{2,5})",
        what: "the PORT default",
    },
    Pattern {
        config: false,
        exts: &[".js", ".mjs", ".cjs", ".ts"],
        regex: r"port:\s*(?:Number\(process\.env\.PORT\)\s*(?:\|\||\?\?)\s*)?(\d{2,5})",
        what: "a listen option",
    },
    Pattern {
        config: false,
        exts: &[".go"],
        regex: r#"(?:ListenAndServe(?:TLS)?\(|Addr:\s*)\s*"[\w.]*:(\d{2,5})""#,
        what: "the listen address",
    },
    Pattern {
        config: false,
        exts: &[".go"],
        regex: r#"(?:port|Port|PORT)\s*:?=\s*"(\d{2,5})""#,
        what: "the PORT default",
    },
    Pattern {
        config: false,
        exts: &[".rs"],
        regex: r#""(?:0\.0\.0\.0|127\.0\.0\.1|localhost|\[::\])?:(\d{2,5})""#,
        what: "the bind address",
    },
    Pattern {
        config: false,
        exts: &[".rs"],
        regex: r"\(\[\s*\d+\s*,\s*\d+\s*,\s*\d+\s*,\s*\d+\s*\]\s*,\s*(\d{2,5})\s*\)",
        what: "the socket address",
    },
    Pattern {
        config: false,
        exts: &[".py"],
        regex: r"(?:uvicorn\.run|\.run)\([^)]*port\s*=\s*(\d{2,5})",
        what: "the run() call",
    },
    Pattern {
        config: false,
        exts: &[".py"],
        regex: r#"(?:environ\.get|getenv)\(\s*["']PORT["']\s*,\s*["']?(\d{2,5})"#,
        what: "the PORT default",
    },
    Pattern {
        config: false,
        exts: &[".go"],
        // A project's own env helper with a default: `getEnv("WHOAMI_PORT_NUMBER", "80")`, `envOr("PORT", "3000")`.
        regex: r#"(?i)\w*env\w*\(\s*"\w*PORT\w*"\s*,\s*"(\d{2,5})""#,
        what: "the default of the port's environment variable",
    },
    Pattern {
        config: true,
        exts: &["application.properties"],
        regex: r"(?m)^\s*server\.port\s*=\s*(?:\$\{PORT:)?(\d{2,5})",
        what: "server.port",
    },
    Pattern {
        config: true,
        exts: &["application.yml", "application.yaml"],
        regex: r"(?m)^server:[ \t]*\n(?:[ \t]+[^\n]*\n)*?[ \t]+port:[ \t]*(?:\$\{PORT:)?([0-9]{2,5})",
        what: "server.port",
    },
    Pattern {
        config: true,
        exts: &["Procfile"],
        regex: r"(?:--port[ =]|-p |:)(\d{2,5})\b",
        what: "the Procfile command",
    },
    Pattern {
        config: false,
        exts: &[".rb"],
        regex: r"(?m)^\s*port\s+(?:ENV\.fetch\([^)]*\)\s*\{\s*)?(\d{2,5})",
        what: "the Puma port",
    },
    Pattern {
        config: false,
        exts: &[".js", ".mjs", ".cjs", ".ts"],
        regex: r"(?:const|let|var)\s+(?i:port)\s*=\s*(?:(?:Number|parseInt)\(\s*)?(?:process\.env\.PORT\s*(?:\|\||\?\?)\s*)?(\d{2,5})",
        what: "the port constant",
    },
    Pattern {
        config: false,
        exts: &[".rs"],
        regex: r#"var\(\s*"PORT"\s*\)[^;]*?"(\d{2,5})""#,
        what: "the PORT default",
    },
    Pattern {
        config: false,
        exts: &[".go"],
        regex: r#"\.(?:Run|Start|Listen)\(\s*"[\w.]*:(\d{2,5})""#,
        what: "the router's Run/Start/Listen call",
    },
    Pattern {
        config: false,
        exts: &[".rs"],
        regex: r#"bind\(\s*\(\s*"[^"]*"\s*,\s*(\d{2,5})\s*\)"#,
        what: "the bind address",
    },
    Pattern {
        config: true,
        exts: &["Rocket.toml"],
        regex: r"(?m)^\s*port\s*=\s*(\d{2,5})",
        what: "the Rocket.toml port",
    },
    Pattern {
        config: true,
        exts: &["gunicorn.conf.py"],
        regex: r#"bind\s*=\s*\[?\s*["'][\w.]*:(\d{2,5})"#,
        what: "gunicorn's bind",
    },
    Pattern {
        config: false,
        exts: &[".cs"],
        regex: r#"(?:UseUrls|Urls\.Add|\.Run)\(\s*"https?://[^":]*:(\d{2,5})"#,
        what: "the URL the app listens on",
    },
    Pattern {
        config: false,
        exts: &[".rb"],
        regex: r"set\s*\(?\s*:port\s*,\s*(\d{2,5})",
        what: "set :port",
    },
    Pattern {
        config: false,
        exts: &[".go"],
        regex: r#"net\.Listen\(\s*"tcp[46]?"\s*,\s*"[\w.\[\]:]*:(\d{2,5})""#,
        what: "the net.Listen address",
    },
    Pattern {
        config: false,
        exts: &[".go"],
        regex: r#"flag\.(?:Int|String|Uint)(?:Var)?\([^)]*?"(?:port|addr|address|listen|grpc-port|http-port)"\s*,\s*"?(?:[\w.]*:)?(\d{2,5})"?"#,
        what: "the port flag's default",
    },
    Pattern {
        config: false,
        exts: &[".py"],
        regex: r#"add_(?:in)?secure_port\(\s*["'][^"']*:(\d{2,5})["']"#,
        what: "the gRPC server's port",
    },
    Pattern {
        config: false,
        exts: &[".js", ".mjs", ".cjs", ".ts"],
        regex: r#"bindAsync\(\s*["'`][^"'`]*:(\d{2,5})["'`]"#,
        what: "the gRPC server's bind address",
    },
    Pattern {
        config: false,
        exts: &[".rs"],
        regex: r#""\[::1?\]:(\d{2,5})""#,
        what: "the bind address",
    },
    Pattern {
        config: true,
        exts: &["appsettings.json"],
        regex: r#""Url"\s*:\s*"https?://[^":]*:(\d{2,5})""#,
        what: "a Kestrel endpoint URL",
    },
    Pattern {
        config: true,
        exts: &["appsettings.json"],
        regex: r#""(?:urls|Urls|URLS)"\s*:\s*"https?://[^":]*:(\d{2,5})""#,
        what: "the urls setting",
    },
    Pattern {
        config: true,
        exts: &[
            "config.yaml",
            "config.yml",
            "config.toml",
            "settings.yaml",
            "settings.toml",
            // The config crate's and zero2prod-style layered files (config/default.toml, configuration/base.yaml).
            "config/default.toml",
            "config/default.yaml",
            "config/default.yml",
            "config/production.toml",
            "config/production.yaml",
            "config/base.toml",
            "config/base.yaml",
            "configuration/base.yaml",
            "configuration/base.yml",
            "configuration/production.yaml",
            "configuration/default.toml",
        ],
        regex: r"(?m)^\s*(?:port|http_port|listen_port)\s*[:=]\s*[\x22']?(\d{2,5})\b",
        what: "the port in the config file",
    },
];

/// Code that reads the port from PORT: the image sets PORT, so the app binds what EXPOSE and the probe say.
const READS_PORT: &str = r#"process\.env\.PORT|process\.env\[["']PORT["']\]|Getenv\(\s*"PORT"\s*\)|LookupEnv\(\s*"PORT"|environ(?:\.get)?[\[(]\s*["']PORT["']|getenv\(\s*["']PORT["']|env::var\(\s*"PORT"\s*\)|ENV\.fetch\(\s*["']PORT["']|ENV\[["']PORT["']\]|\$\{PORT\}|\$PORT\b"#;

const MAX_FILES_READ: usize = 2_000;

/// Compiled on first use: a project only pays for the patterns of the file kinds it has.
fn compiled(index: usize) -> Option<&'static super::Re> {
    static CELLS: [OnceLock<Option<super::Re>>; PATTERNS.len()] =
        [const { OnceLock::new() }; PATTERNS.len()];
    CELLS[index]
        .get_or_init(|| {
            let pattern = PATTERNS[index].regex;
            super::regex(pattern)
        })
        .as_ref()
}

/// The first port found: config and env files first, then code, the entry file before the rest and shallow files
/// before deep ones; each file is read once. Without one, the framework's default, said so in the evidence.
pub fn detect(found: &mut Found<'_>) {
    // The server of a static site or a PHP app is the base image's (nginx, Apache), which fixes its own port.
    if matches!(found.draft.language.as_deref(), Some("static" | "php")) {
        return;
    }
    let prefix = if found.prefix.is_empty() {
        String::new()
    } else {
        format!("{}/", found.prefix)
    };
    let entries = entry_files(found);
    let mut files: Vec<&String> = found
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
        .filter(|f| {
            PATTERNS
                .iter()
                .any(|p| p.exts.iter().any(|e| f.ends_with(e)))
        })
        .collect();
    files.sort_by_key(|f| {
        (
            !entries
                .iter()
                .any(|e| f.as_str() == e || f.starts_with(e.as_str())),
            f.matches('/').count(),
            f.as_str(),
        )
    });
    // The likeliest files come first; past these, a big repository would only cost time.
    files.truncate(MAX_FILES_READ);
    for config in [true, false] {
        for file in &files {
            let wanted: Vec<usize> = PATTERNS
                .iter()
                .enumerate()
                .filter(|(_, p)| p.config == config && p.exts.iter().any(|e| file.ends_with(e)))
                .map(|(i, _)| i)
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let Ok(text) = found.listing.read(file) else {
                continue;
            };
            for index in wanted {
                let Some(regex) = compiled(index) else {
                    continue;
                };
                if let Some((m, start)) = first_app_port(regex, &text, PATTERNS[index].config) {
                    let (file, port) = ((*file).clone(), m.to_string());
                    found.set(
                        "port",
                        &port,
                        &file,
                        Some(line_at(&text, start)),
                        format!("from {}", PATTERNS[index].what),
                    );
                    return;
                }
            }
        }
    }
    if found.excluded.is_empty()
        && let Some((file, line)) = reads_port(found, &files)
    {
        let (port, whose) = default_for(found);
        if let Some(port) = port {
            found.set(
                "port",
                &port.to_string(),
                &file,
                Some(line),
                format!(
                    "the port comes from the PORT variable, with no default here; the image sets PORT={port} \
                     ({whose}), so the app, EXPOSE and the health check agree"
                ),
            );
            return;
        }
    }
    default_port(found);
}

fn reads_port(found: &Found<'_>, files: &[&String]) -> Option<(String, usize)> {
    let re = super::regex(READS_PORT)?;
    let code = [
        ".js",
        ".mjs",
        ".cjs",
        ".ts",
        ".go",
        ".py",
        ".rs",
        ".rb",
        ".properties",
        ".yml",
        ".yaml",
        "Procfile",
    ];
    for file in files {
        if !code.iter().any(|e| file.ends_with(e)) {
            continue;
        }
        let Ok(text) = found.listing.read(file) else {
            continue;
        };
        if let Some((_, start)) = re.group(&text, 0) {
            return Some(((*file).clone(), line_at(&text, start)));
        }
    }
    None
}

/// The framework's default port, else the language's, with whose it is.
fn default_for(found: &Found<'_>) -> (Option<u16>, String) {
    let Some(language) = found
        .draft
        .language
        .as_deref()
        .and_then(|id| found.catalog.language(id))
    else {
        return (None, String::new());
    };
    if let Some(framework) = found
        .draft
        .framework
        .as_deref()
        .and_then(|id| language.framework(id))
        && let Some(port) = framework.overlay.port
    {
        return (Some(port), format!("{}'s usual port", framework.name));
    }
    (
        language.default_port,
        format!("{}'s usual port", language.name),
    )
}

/// Ports of databases and caches a config file also names (`database: port: 5432`): never the app's own.
const SERVICE_PORTS: &[u16] = &[5432, 3306, 6379, 27017, 9200, 11211, 5672, 1433, 1521];

/// The first port `regex` finds in `text` that can be the app's: at least 80, and in config files not a
/// database's or cache's.
fn first_app_port<'t>(regex: &super::Re, text: &'t str, config: bool) -> Option<(&'t str, usize)> {
    let mut offset = 0;
    while offset < text.len() {
        let rest = &text[offset..];
        let (m, start) = regex.group(rest, 1)?;
        let port = m.parse::<u16>().ok();
        let usable = port.is_some_and(|p| p >= 80 && !(config && SERVICE_PORTS.contains(&p)));
        if usable {
            return Some((m, offset + start));
        }
        // Look again after this match; a line-anchored pattern starts on the next line.
        let skip = start + m.len();
        offset += rest[skip..].find('\n').map_or(rest.len(), |n| skip + n);
    }
    None
}

/// Files (or folders, ending in `/`) that hold the app's entry point, from what detection found so far.
fn entry_files(found: &Found<'_>) -> Vec<String> {
    let mut entries = Vec::new();
    let params = &found.draft.params;
    if let Some(main) = params.get("main") {
        entries.push(main.clone());
        entries.push(found.path(main));
    }
    if let Some(pkg) = params.get("main_package") {
        let dir = pkg.trim_start_matches("./").trim_start_matches('.');
        entries.push(found.path(&format!("{dir}/")).replace("//", "/"));
    }
    if let Some(ev) = found
        .evidence
        .iter()
        .find(|e| e.field == "params.app_module")
    {
        entries.push(ev.file.clone());
    }
    entries
}

/// No port in the files: the framework's default from the catalog, or a default detection knows (Sinatra), else a
/// note that the language's default applies.
fn default_port(found: &mut Found<'_>) {
    if let Some((port, file, detail)) = found.fallback_port.clone() {
        found.set("port", &port.to_string(), &file, None, detail);
        return;
    }
    let Some(language) = found
        .draft
        .language
        .as_deref()
        .and_then(|id| found.catalog.language(id))
    else {
        return;
    };
    let framework = found
        .draft
        .framework
        .as_deref()
        .and_then(|id| language.framework(id));
    if let Some(framework) = framework
        && let Some(port) = framework.overlay.port
    {
        let file = found
            .evidence
            .iter()
            .find(|e| e.field == "framework")
            .map(|e| e.file.clone())
            .unwrap_or_default();
        found.set(
            "port",
            &port.to_string(),
            &file,
            None,
            format!(
                "no port in the code or config; {} listens on {port} by default",
                framework.name
            ),
        );
        return;
    }
    // A workspace root is rarely the app; the members say their own ports.
    if let Some(port) = language.default_port
        && found.excluded.is_empty()
    {
        found.note(format!(
            "port: nothing in the code or config says; {port} ({}'s usual default) is assumed, set --port if the \
             app listens elsewhere",
            language.name
        ));
        found.assume(
            "port",
            format!(
                "nothing in the code or config says; {}'s usual default",
                language.name
            ),
            "set it with --port",
            &[],
            false,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port_in(file: &str, text: &str) -> Option<String> {
        PATTERNS.iter().enumerate().find_map(|(i, p)| {
            if !p.exts.iter().any(|e| file.ends_with(e)) {
                return None;
            }
            Some(first_app_port(compiled(i)?, text, p.config)?.0.to_string())
        })
    }

    #[test]
    fn every_pattern_compiles() {
        for (i, p) in PATTERNS.iter().enumerate() {
            assert!(compiled(i).is_some_and(|re| re.compiles()), "{}", p.regex);
        }
    }

    #[test]
    fn listen_calls_of_common_servers() {
        for (file, text, port) in [
            (".env", "DEBUG=1\nPORT=4100\n", "4100"),
            ("server.js", "app.listen(process.env.PORT || 3001)", "3001"),
            (
                "main.ts",
                "await app.listen(process.env.PORT ?? 3100);",
                "3100",
            ),
            (
                "index.js",
                "fastify.listen({ port: 3300, host: '0.0.0.0' })",
                "3300",
            ),
            ("main.go", "http.ListenAndServe(\":9000\", nil)", "9000"),
            ("main.go", "r := gin.Default()\nr.Run(\":8089\")", "8089"),
            ("main.go", "e.Logger.Fatal(e.Start(\":1323\"))", "1323"),
            (
                "main.go",
                "port := os.Getenv(\"PORT\")\nif port == \"\" { port = \"8070\" }",
                "8070",
            ),
            ("main.rs", "TcpListener::bind(\"0.0.0.0:3000\")", "3000"),
            ("main.rs", ".bind((\"0.0.0.0\", 8090))?", "8090"),
            ("Rocket.toml", "[default]\nport = 8001\n", "8001"),
            ("app.py", "app.run(host=\"0.0.0.0\", port=5001)", "5001"),
            (
                "main.py",
                "port = int(os.environ.get(\"PORT\", 8088))",
                "8088",
            ),
            ("gunicorn.conf.py", "bind = \"0.0.0.0:8002\"\n", "8002"),
            ("application.properties", "server.port=9090\n", "9090"),
            ("application.yml", "server:\n  port: 8181\n", "8181"),
            (
                "Program.cs",
                "builder.WebHost.UseUrls(\"http://0.0.0.0:5080\");",
                "5080",
            ),
            ("Program.cs", "app.Run(\"http://localhost:5090\");", "5090"),
            ("app.rb", "set :port, 4568", "4568"),
            ("index.js", "const port = 3005;\napp.listen(port);", "3005"),
            (
                "index.ts",
                "const PORT = Number(process.env.PORT ?? 3006);",
                "3006",
            ),
            ("main.py", "port = int(os.getenv('PORT', '8003'))", "8003"),
            (
                "app.go",
                "flag.StringVar(&port, \"port\", getEnv(\"WHOAMI_PORT_NUMBER\", \"80\"), \"the port\")",
                "80",
            ),
            (
                "main.rs",
                "let port = std::env::var(\"PORT\").unwrap_or_else(|_| \"3007\".into());",
                "3007",
            ),
            (
                "application.properties",
                "server.port=${PORT:8082}\n",
                "8082",
            ),
            (
                "config/puma.rb",
                "port ENV.fetch(\"PORT\") { 3002 }",
                "3002",
            ),
            (
                "main.go",
                "lis, err := net.Listen(\"tcp\", \":50051\")",
                "50051",
            ),
            (
                "main.go",
                "var port = flag.Int(\"port\", 50052, \"The server port\")",
                "50052",
            ),
            (
                "main.go",
                "addr := flag.String(\"addr\", \":8091\", \"listen address\")",
                "8091",
            ),
            (
                "server.py",
                "server.add_insecure_port(\"[::]:50053\")",
                "50053",
            ),
            (
                "server.js",
                "server.bindAsync('0.0.0.0:50054', creds, () => {})",
                "50054",
            ),
            ("main.rs", "let addr = \"[::1]:50055\".parse()?;", "50055"),
            (
                "appsettings.json",
                "{\"Kestrel\":{\"Endpoints\":{\"Http\":{\"Url\": \"http://0.0.0.0:5056\"}}}}",
                "5056",
            ),
            ("appsettings.json", "{\"urls\": \"http://*:5057\"}", "5057"),
            ("config.yaml", "server:\n  port: 8093\n", "8093"),
            (
                "config/default.toml",
                "name = \"links\"\nport = 8088\n",
                "8088",
            ),
            (
                "configuration/base.yaml",
                "database:\n  port: 5432\napplication:\n  port: 8000\n",
                "8000",
            ),
        ] {
            assert_eq!(port_in(file, text).as_deref(), Some(port), "{file}: {text}");
        }
    }
}
