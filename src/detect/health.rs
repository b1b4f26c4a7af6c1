//! The health check the app itself offers: a health route declared in its code or config (Express, Fastify,
//! NestJS, FastAPI, Flask, Django, Go net/http, chi, gin, echo, axum, actix, Spring, ASP.NET, Sinatra), Spring
//! Boot's actuator, Rails' `/up`; gRPC servers, which answer no HTTP/1.1, get a TCP check. A route found only on a
//! router that the project mounts under a prefix elsewhere is not guessed at: a note says so.

use super::{Re, found::Found, walk::line_at};

/// Health-route names, best first: liveness before readiness (which can fail while a database warms up).
const NAMES: &[&str] = &[
    "health",
    "healthz",
    "_healthz",
    "_health",
    "healthcheck",
    "health-check",
    "health_check",
    "livez",
    "live",
    "liveness",
    "ping",
    "readyz",
    "ready",
];

const CODE: &[&str] = &[
    ".py", ".js", ".mjs", ".cjs", ".ts", ".go", ".rs", ".java", ".kt", ".cs", ".rb", ".php",
];

const MAX_FILES: usize = 1_500;

/// A route declaration: the verb or router call, then the path literal (Go 1.22's `"GET /healthz"` included).
const ROUTE: &str = r#"(?:^|[^\w])(\w*)\s*\.?\s*(?:get|Get|GET|route|Route|api_route|HandleFunc|Handle|handle|MapGet|MapHealthChecks|GetMapping|RequestMapping|resource|path|re_path|add_get|add_route|head|HEAD|Head|all)\s*\(\s*(?:path\s*=\s*|value\s*=\s*)?["'`](?:GET\s+|HEAD\s+)?(/?[A-Za-z0-9_./-]*)["'`]"#;
/// Fastify's `route({ method: 'GET', url: '/health' })` and Hapi's `path: '/health'`.
const ROUTE_OPTION: &str = r#"(?:url|path)\s*:\s*["'`](/[A-Za-z0-9_./-]*)["'`]"#;
/// Hand-written routers in Rust: `"/healthz" => ...`, `(&Method::GET, "/health") => ...`.
const MATCH_ARM: &str = r#""(/[A-Za-z0-9_./-]*)"\s*\)?\s*=>"#;
/// Routers by hand: `request.url() == "/health"`, `r.URL.Path == "/healthz"`, `req.url === '/health'`.
const COMPARE: &str =
    r#"(?:path|url|Path|URL|uri|pathname)\(?\)?\s*===?\s*["'`](/[A-Za-z0-9_./-]*)["'`]"#;
/// Sinatra: `get '/health' do`.
const SINATRA: &str = r#"(?m)^\s*get\s+["'](/[A-Za-z0-9_./-]*)["']"#;
/// A prefix every route of the file gets: NestJS controllers, Spring's class-level mapping, FastAPI routers,
/// Flask blueprints.
const FILE_PREFIX: &str = r#"(?:@Controller\(\s*["'`]|@RequestMapping\(\s*(?:value\s*=\s*|path\s*=\s*)?"|APIRouter\([^)]*prefix\s*=\s*["']|Blueprint\([^)]*url_prefix\s*=\s*["'])(/?[A-Za-z0-9_./-]*)["'`]"#;
/// Routers mounted under a prefix somewhere: their routes' full paths are not in the file that declares them.
const MOUNTS: &str = r#"(?:\.use\(\s*["'`]/[A-Za-z0-9_./-]+["'`]\s*,|include_router\([^)]*prefix\s*=|register_blueprint\([^)]*url_prefix\s*=|\.Group\(\s*"/[A-Za-z0-9_./-]+"|\.Route\(\s*"/[A-Za-z0-9_./-]+"\s*,|\.nest\(\s*"/|web::scope\(\s*"/[A-Za-z0-9_./-]+"|setGlobalPrefix\()"#;
/// NestJS' global prefix, applied to every controller.
const GLOBAL_PREFIX: &str = r#"setGlobalPrefix\(\s*["'`](/?[A-Za-z0-9_./-]*)["'`]"#;

/// Receivers that are the app itself, not a router mounted elsewhere.
const APP_RECEIVERS: &[&str] = &[
    "app",
    "application",
    "server",
    "fastify",
    "api",
    "http",
    "mux",
    "e",
    "r",
    "router_root",
    "",
];

struct Route {
    path: String,
    file: String,
    line: usize,
    rank: usize,
    detail: String,
}

/// Whether `text` holds a stem of some NAMES entry (every name contains one), in any case.
fn names_a_route(text: &str) -> bool {
    const STEMS: &[&str] = &["health", "live", "ping", "ready"];
    let lower = text.to_ascii_lowercase();
    STEMS.iter().any(|stem| lower.contains(stem))
}

fn rank(path: &str) -> Option<usize> {
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    NAMES.iter().position(|n| last.eq_ignore_ascii_case(n))
}

fn join(prefix: &str, path: &str) -> String {
    let mut out = String::new();
    for part in [prefix, path] {
        let part = part.trim_matches('/');
        if !part.is_empty() {
            out.push('/');
            out.push_str(part);
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    if path.ends_with('/') && path.len() > 1 {
        out.push('/');
    }
    out
}

pub fn detect(f: &mut Found<'_>) {
    if f.draft.detected_healthcheck.is_some() || f.draft.language.as_deref() == Some("static") {
        return;
    }
    if f.draft.language.as_deref() == Some("php") && php(f) {
        return;
    }
    let files = code_files(f);
    if grpc(f, &files) {
        return;
    }
    if actuator(f) || rails(f) {
        return;
    }
    if next_route(f) {
        return;
    }
    let unsure = routes(f, &files);
    if f.draft.detected_healthcheck.is_none() && f.excluded.is_empty() {
        f.assume(
            "healthcheck",
            unsure.unwrap_or_else(|| "no health route found in the code or config".to_string()),
            "set it with --healthcheck http:/PATH",
            &[],
            false,
        );
    }
}

fn code_files(f: &Found<'_>) -> Vec<String> {
    let prefix = f.dir_prefix();
    let mut files: Vec<String> = f
        .listing
        .files
        .iter()
        .filter(|p| p.starts_with(&prefix))
        .filter(|p| !f.excluded.iter().any(|m| p.starts_with(&format!("{m}/"))))
        .filter(|p| !p.contains("test") && !p.contains("spec") && !p.contains("mock"))
        .filter(|p| CODE.iter().any(|e| p.ends_with(e)) && !p.ends_with(".d.ts"))
        .cloned()
        .collect();
    files.sort_by_key(|p| (p.matches('/').count(), p.clone()));
    files.truncate(MAX_FILES);
    files
}

/// A gRPC server: its clients speak HTTP/2 with a binary protocol, so an HTTP GET never succeeds.
fn grpc(f: &mut Found<'_>, files: &[String]) -> bool {
    let (manifest, dependency, server): (&str, &str, &[&str]) = match f.draft.language.as_deref() {
        Some("go") => ("go.mod", "google.golang.org/grpc", &["grpc.NewServer("]),
        Some("rust") => ("Cargo.toml", "tonic", &["Server::builder()"]),
        Some("python") => (
            "requirements.txt",
            "grpcio",
            &["grpc.server(", "grpc.aio.server("],
        ),
        Some("node") => (
            "package.json",
            "@grpc/grpc-js",
            &["new grpc.Server(", "new Server(", ".bindAsync("],
        ),
        _ => return false,
    };
    let manifests: Vec<&str> = if manifest == "requirements.txt" {
        vec!["requirements.txt", "pyproject.toml", "Pipfile"]
    } else {
        vec![manifest]
    };
    let declared = manifests
        .iter()
        .filter(|m| f.has(m))
        .filter_map(|m| f.listing.read(&f.path(m)).ok())
        .any(|text| text.contains(dependency));
    if !declared {
        return false;
    }
    for file in files {
        let Ok(text) = f.listing.read(file) else {
            continue;
        };
        if let Some((call, offset)) = server.iter().find_map(|s| text.find(s).map(|o| (*s, o))) {
            f.set(
                "healthcheck.mode",
                "tcp",
                file,
                Some(line_at(&text, offset)),
                format!(
                    "a gRPC server ({call}, {dependency}): it answers no HTTP/1.1 GET, so the check is that its port \
                     accepts connections"
                ),
            );
            return true;
        }
    }
    false
}

/// Spring Boot's actuator answers /actuator/health (under the servlet context path, at the management port);
/// Quarkus' SmallRye Health /q/health, Micronaut's management /health.
fn actuator(f: &mut Found<'_>) -> bool {
    if f.draft.language.as_deref() != Some("java") {
        return false;
    }
    for (dependency, path, who) in [
        (
            "quarkus-smallrye-health",
            "/q/health",
            "Quarkus' SmallRye Health",
        ),
        (
            "micronaut-management",
            "/health",
            "Micronaut's management endpoints",
        ),
    ] {
        if let Some((manifest, line)) = ["pom.xml", "build.gradle", "build.gradle.kts"]
            .into_iter()
            .filter(|m| f.has(m))
            .find_map(|m| {
                let text = f.listing.read(&f.path(m)).ok()?;
                let line = super::walk::line_of(&text, dependency)?;
                Some((f.path(m), line))
            })
        {
            f.set(
                "healthcheck.path",
                path,
                &manifest,
                Some(line),
                format!("{dependency} is a dependency: {who} answer {path}"),
            );
            return true;
        }
    }
    let Some((manifest, text)) = ["pom.xml", "build.gradle", "build.gradle.kts"]
        .into_iter()
        .filter(|m| f.has(m))
        .find_map(|m| {
            let text = f.listing.read(&f.path(m)).ok()?;
            text.contains("spring-boot-starter-actuator")
                .then(|| (f.path(m), text))
        })
    else {
        return false;
    };
    let mut context = String::new();
    let mut base_path = "/actuator".to_string();
    let mut management_port = None;
    for config in [
        "src/main/resources/application.properties",
        "src/main/resources/application.yml",
        "src/main/resources/application.yaml",
    ] {
        if !f.has(config) {
            continue;
        }
        let Ok(props) = f.listing.read(&f.path(config)) else {
            continue;
        };
        // `a.b.c=value` in properties (or flattened YAML); in nested YAML the leaf key alone, where it is unique.
        let get = |key: &str, yaml_leaf: Option<&str>| {
            let flat = super::regex(&format!(
                r"(?m)^\s*{}\s*[=:]\s*([^\s#]+)",
                key.replace('.', r"\.")
            ))
            .and_then(|re| re.group(&props, 1).map(|m| m.0.to_string()));
            if flat.is_some() || config.ends_with("properties") {
                return flat;
            }
            super::regex(&format!(r"(?m)^\s+{}:\s*([^\s#]+)", yaml_leaf?))
                .and_then(|re| re.group(&props, 1).map(|m| m.0.to_string()))
        };
        if let Some(v) = get("server.servlet.context-path", Some("context-path")) {
            context = v.trim_matches(['"', '\'']).to_string();
        }
        if let Some(v) = get("management.endpoints.web.base-path", Some("base-path")) {
            base_path = v.trim_matches(['"', '\'']).to_string();
        }
        if let Some(v) = get("management.server.port", None) {
            management_port = v.parse::<u16>().ok();
        }
    }
    let path = join(&context, &join(&base_path, "health"));
    let line = super::walk::line_of(&text, "spring-boot-starter-actuator");
    f.set(
        "healthcheck.path",
        &path,
        &manifest,
        line,
        "spring-boot-starter-actuator is a dependency: Spring Boot answers its health endpoint",
    );
    if let Some(port) = management_port {
        f.set(
            "healthcheck.port",
            &port.to_string(),
            &manifest,
            line,
            "management.server.port: the actuator listens on its own port",
        );
    }
    true
}

/// Rails 7.1+ declares `get "up" => "rails/health#show", as: :rails_health_check` in config/routes.rb.
fn rails(f: &mut Found<'_>) -> bool {
    if f.draft.language.as_deref() != Some("ruby") || !f.has("config/routes.rb") {
        return false;
    }
    let Ok(text) = f.listing.read(&f.path("config/routes.rb")) else {
        return false;
    };
    let Some(re) = super::regex(
        r#"(?m)^[ \t]*get\s+["']/?([A-Za-z0-9_./-]+)["']\s*=>\s*["']rails/health#show["']"#,
    ) else {
        return false;
    };
    let Some((path, offset)) = re.group(&text, 1) else {
        return false;
    };
    let file = f.path("config/routes.rb");
    f.set(
        "healthcheck.path",
        &join("", path),
        &file,
        Some(line_at(&text, offset)),
        "config/routes.rb routes it to Rails' health check (rails/health#show)",
    );
    true
}

/// Sets the best health route found; otherwise returns a route whose full path is not known, if any.
fn routes(f: &mut Found<'_>, files: &[String]) -> Option<String> {
    let mut texts = Vec::new();
    for file in files {
        if let Ok(text) = f.listing.read(file) {
            texts.push((file.clone(), text));
        }
    }
    // Every health route's last segment is one of NAMES: without one of their stems in any file there is nothing to
    // find, and the route patterns (most of a small project's detection time) need not even be compiled.
    if !texts.iter().any(|(_, t)| names_a_route(t)) {
        return None;
    }
    let (
        Some(route),
        Some(option),
        Some(sinatra),
        Some(arm),
        Some(compare),
        Some(file_prefix),
        Some(mounts),
        Some(global),
    ) = (
        super::regex(ROUTE),
        super::regex(ROUTE_OPTION),
        super::regex(SINATRA),
        super::regex(MATCH_ARM),
        super::regex(COMPARE),
        super::regex(FILE_PREFIX),
        super::regex(MOUNTS),
        super::regex(GLOBAL_PREFIX),
    )
    else {
        return None;
    };
    let mounted = texts.iter().any(|(_, t)| mounts.is_match(t));
    let global_prefix = texts
        .iter()
        .find_map(|(_, t)| global.group(t, 1).map(|m| m.0.to_string()))
        .unwrap_or_default();
    let mut found: Vec<Route> = Vec::new();
    let mut unsure: Vec<String> = Vec::new();
    for (file, text) in &texts {
        let nest = text.contains("@Controller(");
        let spring = file.ends_with(".java") || file.ends_with(".kt");
        let django = file.ends_with("urls.py");
        let prefix = file_prefix
            .group(text, 1)
            .map(|m| m.0.to_string())
            .unwrap_or_default();
        let mut candidates: Vec<(String, usize, String)> = Vec::new();
        let mut patterns: Vec<(&Re, usize)> = vec![(&route, 2), (&option, 1), (&compare, 1)];
        if file.ends_with(".rb") {
            patterns.push((&sinatra, 1));
        }
        if file.ends_with(".rs") {
            patterns.push((&arm, 1));
        }
        for (re, group) in patterns {
            let mut rest = 0;
            while let Some(m) = re.captures(&text.as_bytes()[rest..]) {
                let (Some(whole), Some(path)) = (m.get(0), m.get(group)) else {
                    break;
                };
                let receiver = if group == 2 {
                    m.get(1)
                        .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned())
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                // The path starts after a quote, so its offset is a character boundary (the match's start, a
                // non-word byte, need not be).
                let at = rest + path.start();
                let path = String::from_utf8_lossy(path.as_bytes()).into_owned();
                candidates.push((path, at, receiver));
                rest += whole.end().max(1);
                if rest >= text.len() {
                    break;
                }
            }
        }
        // `@Controller('health')` + `@Get()`, `@RequestMapping("/health")` + `@GetMapping`: the prefix is the route.
        if (nest || spring)
            && !prefix.is_empty()
            && (text.contains("@Get()") || has_bare_get_mapping(text))
            && let Some((_, offset)) = file_prefix.group(text, 1)
        {
            candidates.push((String::new(), offset, String::new()));
        }
        for (path, offset, receiver) in candidates {
            // Laravel serves routes/api.php under /api.
            let prefix = if file.ends_with("routes/api.php") && prefix.is_empty() {
                "api".to_string()
            } else {
                prefix.clone()
            };
            // A path of a class or controller mapping is a prefix, not a route; Spring's and Nest's method
            // mappings are joined to it.
            let full = if nest {
                join(&global_prefix, &join(&prefix, &path))
            } else if spring || !prefix.is_empty() {
                let before = text.get(..offset).unwrap_or_default();
                let class_mapping = before
                    .rfind('@')
                    .is_some_and(|at| before[at..].starts_with("@RequestMapping"));
                if class_mapping && path == prefix {
                    continue;
                }
                join(&prefix, &path)
            } else {
                join("", &path)
            };
            let Some(rank) = rank(&full) else {
                continue;
            };
            // Django: only the root URLconf (next to settings) says the full path; an app's urls are included
            // under a prefix.
            if django && !root_urlconf(f, file) {
                unsure.push(format!(
                    "found {full} in {file}, included under a prefix stagecraft cannot see, so its full path is \
                     not known"
                ));
                continue;
            }
            if django && !django_allows_probe(f, file) {
                unsure.push(format!(
                    "found {full} in {file}, but ALLOWED_HOSTS does not list 127.0.0.1 or *, so Django would \
                     answer the probe with 400; add 127.0.0.1 to it"
                ));
                continue;
            }
            // A FastAPI router's or Flask blueprint's own prefix is joined, but where it is mounted is not known.
            let on_router = !APP_RECEIVERS.contains(&receiver.as_str()) && !nest && !spring;
            if mounted && on_router {
                unsure.push(format!(
                    "found {full} in {file}, on a router mounted under a prefix stagecraft cannot see, so its full \
                     path is not known"
                ));
                continue;
            }
            found.push(Route {
                path: full,
                file: file.clone(),
                line: line_at(text, offset),
                rank,
                detail: "a health route the app declares".into(),
            });
        }
    }
    found.sort_by_key(|r| r.rank);
    match found.into_iter().next() {
        Some(best) => {
            f.set(
                "healthcheck.path",
                &best.path,
                &best.file,
                Some(best.line),
                best.detail,
            );
            None
        }
        None => unsure.into_iter().next(),
    }
}

/// Next.js routes are files: `app/api/health/route.ts` (App Router, route groups in parentheses left out) and
/// `pages/api/health.ts` answer `/api/health`.
fn next_route(f: &mut Found<'_>) -> bool {
    if f.draft.framework.as_deref() != Some("nextjs") {
        return false;
    }
    let prefix = f.dir_prefix();
    let mut best: Option<(usize, String, String)> = None;
    for file in &f.listing.files {
        let Some(rel) = file.strip_prefix(&prefix) else {
            continue;
        };
        let rel = rel.strip_prefix("src/").unwrap_or(rel);
        let route = if let Some(dir) = rel.strip_prefix("app/") {
            let Some(dir) = ["route.ts", "route.js", "route.mjs", "route.tsx"]
                .iter()
                .find_map(|name| dir.strip_suffix(&format!("/{name}")))
            else {
                continue;
            };
            dir.split('/')
                .filter(|seg| !(seg.starts_with('(') && seg.ends_with(')')))
                .collect::<Vec<_>>()
                .join("/")
        } else if let Some(page) = rel.strip_prefix("pages/api/") {
            let Some(stem) = [".ts", ".js", ".mjs"]
                .iter()
                .find_map(|e| page.strip_suffix(e))
            else {
                continue;
            };
            format!("api/{}", stem.strip_suffix("/index").unwrap_or(stem))
        } else {
            continue;
        };
        let path = join("", &route);
        if let Some(rank) = rank(&path)
            && best.as_ref().is_none_or(|(r, _, _)| rank < *r)
        {
            best = Some((rank, path, file.clone()));
        }
    }
    let Some((_, path, file)) = best else {
        return false;
    };
    f.set(
        "healthcheck.path",
        &path,
        &file,
        None,
        "a Next.js route handler: the file's place under app/ (or pages/api/) is its path",
    );
    true
}

/// PHP: Laravel 11's `health: '/up'` in bootstrap/app.php, else a health script served as it is (health.php in the
/// document root: public/ when it holds index.php, else the project's root).
fn php(f: &mut Found<'_>) -> bool {
    if f.has("bootstrap/app.php")
        && let Ok(text) = f.listing.read(&f.path("bootstrap/app.php"))
        && let Some((path, at)) = super::regex(r#"health\s*:\s*["'](/[A-Za-z0-9_./-]*)["']"#)
            .and_then(|re| re.group(&text, 1))
    {
        let file = f.path("bootstrap/app.php");
        f.set(
            "healthcheck.path",
            path,
            &file,
            Some(line_at(&text, at)),
            "Laravel's health route (withRouting health:)",
        );
        return true;
    }
    let root = if f.has("public/index.php") {
        "public/"
    } else {
        ""
    };
    for name in ["health.php", "healthz.php", "ping.php"] {
        let rel = format!("{root}{name}");
        if f.has(&rel) {
            let file = f.path(&rel);
            f.set(
                "healthcheck.path",
                &format!("/{name}"),
                &file,
                None,
                "a health script in the document root",
            );
            return true;
        }
    }
    false
}

/// Spring's `@GetMapping` with no path of its own.
fn has_bare_get_mapping(text: &str) -> bool {
    text.match_indices("@GetMapping").any(|(i, m)| {
        let after = text[i + m.len()..].trim_start();
        !after.starts_with('(') || after.starts_with("()")
    })
}

/// Django's ALLOWED_HOSTS, next to the root URLconf, lets a probe with `Host: 127.0.0.1` through: a literal list
/// with `*` or `127.0.0.1`. A list read from the environment cannot be known, and production settings usually do.
fn django_allows_probe(f: &Found<'_>, urls: &str) -> bool {
    let dir = urls.rsplit_once('/').map_or("", |(d, _)| d);
    let settings = [
        "settings.py",
        "settings/__init__.py",
        "settings/base.py",
        "settings/production.py",
    ]
    .iter()
    .map(|name| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    })
    .filter_map(|path| f.listing.read(&path).ok())
    .collect::<Vec<_>>()
    .join("\n");
    let Some(re) = super::regex(r"(?m)^ALLOWED_HOSTS\s*=\s*[\[(]([^\])]*)[\])]") else {
        return false;
    };
    re.group(&settings, 1).is_some_and(|(hosts, _)| {
        hosts.contains("'*'") || hosts.contains("\"*\"") || hosts.contains("127.0.0.1")
    })
}

/// A `urls.py` next to the project's settings (settings.py or a settings/ package).
fn root_urlconf(f: &Found<'_>, file: &str) -> bool {
    let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
    let sibling = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    f.listing.has(&sibling("settings.py")) || f.listing.has(&sibling("settings/__init__.py"))
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_stem_filter_never_hides_a_health_name() {
        for name in super::NAMES {
            assert!(super::names_a_route(name), "{name}");
            assert!(super::names_a_route(&name.to_ascii_uppercase()), "{name}");
        }
        assert!(!super::names_a_route("package main\nfunc main() {}\n"));
    }

    use super::*;

    fn first_route(text: &str) -> Option<(String, String)> {
        let re = super::super::regex(ROUTE)?;
        let m = re.captures(text.as_bytes())?;
        Some((
            String::from_utf8_lossy(m.get(1)?.as_bytes()).into_owned(),
            String::from_utf8_lossy(m.get(2)?.as_bytes()).into_owned(),
        ))
    }

    #[test]
    fn patterns_compile() {
        for p in [
            ROUTE,
            ROUTE_OPTION,
            SINATRA,
            FILE_PREFIX,
            MOUNTS,
            GLOBAL_PREFIX,
        ] {
            assert!(
                super::super::regex(p).is_some_and(|re| re.compiles()),
                "{p}"
            );
        }
    }

    #[test]
    fn route_declarations_of_common_frameworks() {
        for (text, receiver, path) in [
            (
                "app.get('/health', (req, res) => res.send('ok'))",
                "app",
                "/health",
            ),
            (
                "fastify.get(\"/healthz\", async () => ({ ok: true }))",
                "fastify",
                "/healthz",
            ),
            (
                "@app.get(\"/health\")\nasync def health():",
                "app",
                "/health",
            ),
            ("@app.route('/ping')\ndef ping():", "app", "/ping"),
            ("http.HandleFunc(\"/healthz\", healthz)", "http", "/healthz"),
            ("mux.HandleFunc(\"GET /livez\", live)", "mux", "/livez"),
            (
                "r.GET(\"/health\", func(c *gin.Context) {})",
                "r",
                "/health",
            ),
            ("r.Get(\"/_healthz\", h)", "r", "/_healthz"),
            ("e.GET(\"/health\", h)", "e", "/health"),
            (".route(\"/health\", get(health))", "", "/health"),
            ("#[get(\"/health\")]\nasync fn health()", "", "/health"),
            ("app.MapHealthChecks(\"/healthz\");", "app", "/healthz"),
            ("@GetMapping(\"/health\")", "", "/health"),
            ("path(\"health/\", views.health)", "", "health/"),
        ] {
            assert_eq!(
                first_route(text),
                Some((receiver.to_string(), path.to_string())),
                "{text}"
            );
        }
    }

    #[test]
    fn comparisons_with_the_request_path() {
        let re = super::super::regex(COMPARE).expect("compiles");
        for (text, path) in [
            ("if request.url() == \"/health\" {", "/health"),
            ("if r.URL.Path == \"/healthz\" {", "/healthz"),
            ("if (req.url === '/ping') {", "/ping"),
            ("if self.path == \"/health\":", "/health"),
        ] {
            assert_eq!(re.group(text, 1).map(|m| m.0), Some(path), "{text}");
        }
    }

    #[test]
    fn health_names_rank_liveness_first() {
        assert!(rank("/health") < rank("/ping"));
        assert!(rank("/api/v1/health-check/") < rank("/readyz"));
        assert_eq!(rank("/users"), None);
        assert_eq!(rank("/"), None);
        assert_eq!(join("api", "/health"), "/api/health");
        assert_eq!(join("", "health/"), "/health/");
        assert_eq!(join("/", "/"), "/");
    }
}
