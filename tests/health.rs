//! Health checks: the probe matches the app (its route, or its port accepting connections), follows the app's port,
//! and never turns user text into code.

mod common;

use stagecraft::port::Port;
use stagecraft::{
    answers::{Answers, Draft, HealthMode, Healthcheck},
    catalog::Catalog,
};

fn complete(
    catalog: &Catalog,
    draft: Draft,
) -> Result<Answers, Vec<stagecraft::field_error::FieldError>> {
    draft.complete(catalog)
}

/// The words of the rendered HEALTHCHECK's exec form.
fn probe_words(catalog: &Catalog, answers: &Answers) -> Vec<String> {
    let text = common::render(answers, catalog).dockerfile().to_string();
    let at = text.find("HEALTHCHECK ").expect("a HEALTHCHECK");
    let rest = &text[at..];
    let json = &rest[rest.find("CMD [").expect("exec form") + 4..];
    serde_json::Deserializer::from_str(json)
        .into_iter::<Vec<String>>()
        .next()
        .expect("a JSON array")
        .unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn http_draft(language: &str, base: &str, path: &str) -> Draft {
    Draft {
        language: Some(language.into()),
        base: Some(base.into()),
        port: Port::new(8000),
        healthcheck: Some(Healthcheck {
            mode: HealthMode::Http,
            path: path.into(),
            ..Healthcheck::none()
        }),
        ..Draft::default()
    }
}

/// Issue 9 item 2: the HTTP path reaches python/node probes as an argument of its own, never inside their code; a
/// path that tries to close the string is refused, and an innocent `/it's` works.
#[test]
fn item_02_health_path_is_never_code() {
    let catalog = common::catalog();
    let interpreters = [
        ("python", "python-slim"),
        ("python", "distroless-python"),
        ("node", "node-slim"),
        ("node", "distroless-nodejs"),
    ];
    let hostile = "/'+__import__('os').system('id')+'";
    for (language, base) in interpreters {
        let mut draft = http_draft(language, base, hostile);
        if base == "distroless-python" {
            draft.version = Some("3.13".into());
        }
        match complete(&catalog, draft) {
            Err(errors) => assert!(
                errors.iter().any(|e| e.field == "healthcheck.path"),
                "{base}: refused for the wrong reason: {errors:?}"
            ),
            Ok(answers) => {
                let words = probe_words(&catalog, &answers);
                let url = format!("http://127.0.0.1:8000{hostile}");
                assert!(
                    words.iter().all(|w| *w == url || !w.contains("system")),
                    "{base}: the path is inside the probe's code: {words:?}"
                );
            }
        }
        for path in [
            "/it's",
            "/health?probe=1&x=a,b;c",
            "/api/v1/health-check/",
            "/%28x%29",
        ] {
            let mut draft = http_draft(language, base, path);
            if base == "distroless-python" {
                draft.version = Some("3.13".into());
            }
            let answers =
                complete(&catalog, draft).unwrap_or_else(|e| panic!("{base} {path}: {e:?}"));
            let words = probe_words(&catalog, &answers);
            let url = format!("http://127.0.0.1:8000{path}");
            assert_eq!(words.last(), Some(&url), "{base}: {words:?}");
            let code = &words[words.len() - 2];
            assert!(
                !code.contains("127.0.0.1") && !code.contains(path),
                "{base}: the code names the URL: {words:?}"
            );
            assert!(
                words[1] == "-c" || words[1] == "-e",
                "{base}: an interpreter probe: {words:?}"
            );
        }
    }
    for refused in [
        "/a(b)", "/x+y", "/$HOME", "/a b", "/a\"b", "/a`b`", "/a\\b", "/*",
    ] {
        let errors =
            complete(&catalog, http_draft("python", "python-slim", refused)).expect_err(refused);
        assert!(
            errors
                .iter()
                .any(|e| e.field == "healthcheck.path" && e.message.contains("percent-encode")),
            "{refused}: {errors:?}"
        );
    }
}

#[test]
fn without_a_known_route_the_probe_checks_the_port_with_what_the_base_has() {
    let catalog = common::catalog();
    for (language, base, version, first, port_word) in [
        ("python", "python-slim", None, "bash", None),
        (
            "python",
            "distroless-python",
            Some("3.13"),
            "/usr/bin/python3",
            Some("8000"),
        ),
        (
            "node",
            "distroless-nodejs",
            None,
            "/nodejs/bin/node",
            Some("8000"),
        ),
        ("go", "alpine", None, "busybox", Some("8000")),
        (
            "go",
            "distroless-static",
            None,
            "/usr/local/bin/busybox",
            Some("8000"),
        ),
        (
            "go",
            "scratch",
            None,
            "/usr/local/bin/busybox",
            Some("8000"),
        ),
    ] {
        let answers = complete(
            &catalog,
            Draft {
                language: Some(language.into()),
                base: Some(base.into()),
                version: version.map(String::from),
                port: Port::new(8000),
                ..Draft::default()
            },
        )
        .unwrap_or_else(|e| panic!("{base}: {e:?}"));
        assert_eq!(answers.healthcheck.mode, HealthMode::Tcp, "{base}");
        let words = probe_words(&catalog, &answers);
        assert_eq!(words[0], first, "{base}: {words:?}");
        match port_word {
            Some(port) => assert!(words.iter().any(|w| w == port), "{base}: {words:?}"),
            None => assert_eq!(words[2], "exec 3<>/dev/tcp/127.0.0.1/8000", "{base}"),
        }
        let text = common::render(&answers, &catalog).dockerfile().to_string();
        assert_eq!(
            text.contains("AS probe"),
            first.starts_with("/usr/local/bin/"),
            "{base}: the static probe is copied in exactly when the base has nothing: {text}"
        );
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn generate(name: &str, extra: &[&str]) -> (i32, String, String) {
    let dir = fixture(name);
    let dir = dir.to_str().expect("utf-8 path");
    let mut args = vec!["generate", "--stdout", dir];
    args.extend_from_slice(extra);
    run(&args)
}

/// The port the Dockerfile's EXPOSE, ENV PORT, HEALTHCHECK and CMD name; they must agree.
fn ports(text: &str) -> Vec<(String, u16)> {
    let mut found = Vec::new();
    let number = |s: &str| -> Option<u16> {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("EXPOSE ") {
            found.extend(number(rest).map(|p| ("EXPOSE".to_string(), p)));
        } else if line.starts_with("ENV ") {
            for pair in line.split_whitespace() {
                if let Some(v) = pair.strip_prefix("PORT=") {
                    found.extend(number(v).map(|p| ("ENV PORT".to_string(), p)));
                }
            }
        } else if line.starts_with("HEALTHCHECK ") {
            let probe = lines.next().unwrap_or_default();
            let words: Vec<String> = probe
                .find('[')
                .and_then(|i| serde_json::from_str(&probe[i..]).ok())
                .unwrap_or_default();
            for (i, w) in words.iter().enumerate() {
                // `http://127.0.0.1:PORT/...`, bash's `/dev/tcp/127.0.0.1/PORT`, nc's `127.0.0.1 PORT`, or the port as
                // the interpreter's argument.
                let port = if let Some(at) = w.find("127.0.0.1:").or_else(|| w.find("127.0.0.1/")) {
                    number(&w[at + "127.0.0.1:".len()..])
                } else if w == "127.0.0.1" {
                    words.get(i + 1).and_then(|n| number(n))
                } else if i == words.len() - 1 && i > 0 && words[i - 1].contains("argv") {
                    number(w)
                } else {
                    None
                };
                found.extend(port.map(|p| ("HEALTHCHECK".to_string(), p)));
            }
        } else if line.starts_with("CMD [") || line.starts_with("ENTRYPOINT [") {
            let words: Vec<String> =
                serde_json::from_str(&line[line.find('[').unwrap_or(0)..]).unwrap_or_default();
            for (i, w) in words.iter().enumerate() {
                let value = if matches!(w.as_str(), "--port" | "-p") {
                    words.get(i + 1).cloned()
                } else {
                    w.strip_prefix("0.0.0.0:").map(String::from)
                };
                found.extend(
                    value
                        .and_then(|v| number(&v))
                        .map(|p| ("CMD".to_string(), p)),
                );
            }
        }
    }
    found
}

fn assert_ports_agree(what: &str, text: &str, want: Option<u16>) {
    let found = ports(text);
    if let Some(want) = want {
        assert!(
            found.iter().any(|(k, p)| k == "EXPOSE" && *p == want),
            "{what}: EXPOSE {want} expected: {found:?}\n{text}"
        );
    }
    let first = found.first().map(|(_, p)| *p);
    assert!(
        found.iter().all(|(_, p)| Some(*p) == first),
        "{what}: the ports disagree: {found:?}\n{text}"
    );
}

#[test]
fn expose_probe_env_and_command_ports_agree_for_every_language() {
    let catalog = common::catalog();
    let mut checked = 0;
    for combo in common::combos(&catalog) {
        let text = common::render(&combo.answers, &catalog)
            .dockerfile()
            .to_string();
        assert_ports_agree(&combo.label, &text, combo.answers.port.map(u16::from));
        if combo.answers.healthcheck.mode != HealthMode::None && combo.answers.port.is_some() {
            let probed = ports(&text).iter().any(|(k, _)| k == "HEALTHCHECK");
            assert!(
                probed || combo.answers.healthcheck.mode == HealthMode::Command,
                "{}: the probe names no port\n{text}",
                combo.label
            );
        }
        checked += 1;
    }
    assert!(checked > 500, "{checked} combinations");
    for name in [
        "h-fastapi-health",
        "h-django-gunicorn",
        "h-flask-apprun",
        "h-procfile-python",
        "h-express-ts",
        "h-nest-health",
        "h-spring-actuator",
        "h-go-grpc",
        "h-go-chi-env",
        "h-rails-up",
    ] {
        for port in [None, Some("9123")] {
            let extra: Vec<&str> = port.map(|p| vec!["--port", p]).unwrap_or_default();
            let (code, text, err) = generate(name, &extra);
            assert_eq!(code, 0, "{name}: {err}");
            let want = port.and_then(|p| p.parse().ok());
            assert_ports_agree(name, &text, want);
        }
    }
}

#[test]
fn detected_routes_and_commands_reach_the_dockerfile() {
    for (name, probe, command) in [
        (
            "h-express-ts",
            "http://127.0.0.1:3000/healthz",
            "CMD [\"node\", \"build/index.js\"]",
        ),
        (
            "h-django-gunicorn",
            "http://127.0.0.1:8000/healthz/",
            "CMD [\"python\", \"-m\", \"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"config.wsgi\"]",
        ),
        (
            "h-procfile-python",
            "http://127.0.0.1:8000/health",
            "CMD [\"python\", \"server.py\", \"--port\", \"8000\"]",
        ),
        (
            "h-flask-apprun",
            "http://127.0.0.1:5050/ping",
            "CMD [\"python\", \"app.py\"]",
        ),
        (
            "h-spring-actuator",
            "http://127.0.0.1:8081/manage/health",
            "",
        ),
        ("h-rails-up", "http://127.0.0.1:3000/up", ""),
        ("h-go-grpc", "\"127.0.0.1\", \"50051\"", ""),
    ] {
        let (code, text, err) = generate(name, &[]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(text.contains(probe), "{name}: probe {probe}\n{text}");
        assert!(text.contains(command), "{name}: {command}\n{text}");
    }
    // The app reads PORT with no default: the runtime stage sets it.
    let (_, text, _) = generate("h-express-ts", &[]);
    assert!(text.contains("PORT=3000"), "{text}");
}

#[test]
fn assumptions_are_warnings_naming_the_flag_and_an_image_that_cannot_start_is_refused() {
    let (code, out, err) = generate("h-python-no-entry", &[]);
    assert_eq!(code, 2, "no entry point: {out}{err}");
    assert!(out.is_empty(), "nothing is printed as a Dockerfile: {out}");
    assert!(
        err.contains("no entry point found") && err.contains("--command"),
        "{err}"
    );
    // Settling it lets it through, still warning about what remains assumed.
    let (code, out, err) = generate("h-python-no-entry", &["--command", "python -m toolkit"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("CMD [\"python\", \"-m\", \"toolkit\"]"),
        "{out}"
    );
    assert!(!err.contains("start command"), "{err}");
    assert!(
        err.contains("warning: assumed: port 8000") && err.contains("--port"),
        "{err}"
    );
    let (code, _, err) = generate("h-python-no-entry", &["--param", "main=toolkit/client.py"]);
    assert_eq!(code, 0, "{err}");

    let (code, _, err) = generate("h-django-no-gunicorn", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: assumed: start command `python -m gunicorn")
            && err.contains("add gunicorn"),
        "{err}"
    );
    let (code, _, err) = generate(
        "h-django-no-gunicorn",
        &["--command", "python manage.py runserver 0.0.0.0:8000"],
    );
    assert_eq!(code, 0);
    assert!(!err.contains("start command"), "{err}");

    // What detection noticed is said too: Flask's development server serves when gunicorn is missing.
    let (code, _, err) = generate("h-flask-apprun", &[]);
    assert_eq!(code, 0);
    assert!(
        err.contains("note: app.py: gunicorn is not a dependency"),
        "{err}"
    );

    // Everything known: no warnings at all.
    let (code, _, err) = generate("h-spring-actuator", &["--lang-version", "21"]);
    assert_eq!(code, 0);
    assert!(!err.contains("assumed"), "{err}");

    // `detect` lists the assumptions too.
    let dir = fixture("h-fastapi-router-prefix");
    let (code, out, _) = run(&["detect", dir.to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    assert!(
        out.contains("[[assumed]]") && out.contains("field = \"healthcheck\""),
        "{out}"
    );
}

#[test]
fn tcp_health_flag() {
    let (code, text, err) = generate("h-go-chi-env", &["--healthcheck", "tcp@9100"]);
    assert_eq!(code, 0, "{err}");
    assert!(text.contains("\"127.0.0.1\", \"9100\""), "{text}");
    let (code, _, err) = generate("h-go-chi-env", &["--healthcheck", "tcp@0"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a port"), "{err}");
}

/// A project written into a temporary folder: (path, content) pairs.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

#[test]
fn grpc_servers_get_a_tcp_check_on_their_port_in_every_language() {
    let catalog = common::catalog();
    let cases: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "rust",
            vec![
                (
                    "Cargo.toml",
                    "[package]\nname = \"greeter\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n\
                     tonic = \"0.14\"\nprost = \"0.14\"\ntokio = { version = \"1\", features = [\"full\"] }\n",
                ),
                (
                    "src/main.rs",
                    "#[tokio::main]\nasync fn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
                     let addr = \"[::1]:50061\".parse()?;\n    Server::builder().serve(addr).await?;\n    Ok(())\n}\n",
                ),
            ],
        ),
        (
            "python",
            vec![
                ("requirements.txt", "grpcio==1.68.1\nprotobuf==5.29.2\n"),
                (
                    "server.py",
                    "from concurrent import futures\nimport grpc\n\n\ndef serve():\n    \
                     server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))\n    \
                     server.add_insecure_port(\"[::]:50062\")\n    server.start()\n    server.wait_for_termination()\n",
                ),
            ],
        ),
        (
            "node",
            vec![
                (
                    "package.json",
                    "{\"name\": \"greeter\", \"main\": \"server.js\", \"dependencies\": {\"@grpc/grpc-js\": \"^1.12.5\"}}",
                ),
                (
                    "package-lock.json",
                    "{\"lockfileVersion\": 3, \"packages\": {}}",
                ),
                (
                    "server.js",
                    "const grpc = require('@grpc/grpc-js');\nconst server = new grpc.Server();\n\
                     server.bindAsync('0.0.0.0:50063', grpc.ServerCredentials.createInsecure(), () => {});\n",
                ),
            ],
        ),
        (
            "go",
            vec![
                (
                    "go.mod",
                    "module example.com/x/api\n\ngo 1.25\n\nrequire google.golang.org/grpc v1.75.0\n",
                ),
                (
                    "main.go",
                    "package main\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":50064\")\n\
                     \ts := grpc.NewServer()\n\ts.Serve(lis)\n}\n",
                ),
            ],
        ),
    ];
    for (i, (language, files)) in cases.iter().enumerate() {
        let dir = project(files);
        let d = stagecraft::detect::detect(dir.path(), None, &catalog).expect("detect");
        assert_eq!(d.draft.language.as_deref(), Some(*language));
        let port = 50061 + i as u16;
        assert_eq!(
            d.draft.port,
            Port::new(port),
            "{language}: {:#?}",
            d.evidence
        );
        let h = d
            .draft
            .detected_healthcheck
            .clone()
            .expect("a health check");
        assert_eq!(h.mode, HealthMode::Tcp, "{language}");
        let ev = d.evidence_for("healthcheck.mode").expect("evidence");
        assert!(ev.detail.contains("gRPC"), "{language}: {ev:?}");
        let answers = d.draft.complete(&catalog).expect("complete");
        let words = probe_words(&catalog, &answers);
        assert!(
            words.iter().any(|w| w.contains(&port.to_string())),
            "{language}: the probe follows the port: {words:?}"
        );
        assert!(
            !words.iter().any(|w| w.contains("http://")),
            "{language}: no HTTP probe for gRPC: {words:?}"
        );
    }
}

#[test]
fn kestrel_urls_in_appsettings_set_the_port() {
    let dir = project(&[
        (
            "Api.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>",
        ),
        (
            "appsettings.json",
            "{\n  \"Kestrel\": {\n    \"Endpoints\": {\n      \"Http\": { \"Url\": \"http://0.0.0.0:5075\" }\n    }\n  }\n}\n",
        ),
        (
            "Program.cs",
            "var app = WebApplication.CreateBuilder(args).Build();\napp.MapHealthChecks(\"/healthz\");\napp.Run();\n",
        ),
    ]);
    let catalog = common::catalog();
    let d = stagecraft::detect::detect(dir.path(), None, &catalog).expect("detect");
    assert_eq!(d.draft.port, Port::new(5075), "{:#?}", d.evidence);
    assert_eq!(
        d.draft
            .detected_healthcheck
            .as_ref()
            .map(|h| h.path.as_str()),
        Some("/healthz")
    );
}

#[test]
fn a_django_route_is_probed_only_when_allowed_hosts_lets_the_probe_in() {
    let catalog = common::catalog();
    let settings = |hosts: &str| {
        format!(
            "import os\nSECRET_KEY = 'x'\nDEBUG = False\n{hosts}\nROOT_URLCONF = 'site_cfg.urls'\n\
             WSGI_APPLICATION = 'site_cfg.wsgi.application'\n"
        )
    };
    for (hosts, probed) in [
        ("ALLOWED_HOSTS = [\"*\"]", true),
        ("ALLOWED_HOSTS = ['localhost', '127.0.0.1']", true),
        (
            "ALLOWED_HOSTS = os.environ[\"ALLOWED_HOSTS\"].split(\",\")",
            false,
        ),
        ("ALLOWED_HOSTS = ['shop.example']", false),
    ] {
        let settings = settings(hosts);
        let dir = project(&[
            ("requirements.txt", "Django==5.1.4\ngunicorn==23.0.0\n"),
            (
                "manage.py",
                "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_cfg.settings')\n",
            ),
            ("site_cfg/__init__.py", ""),
            ("site_cfg/settings.py", &settings),
            ("site_cfg/wsgi.py", "application = None\n"),
            (
                "site_cfg/urls.py",
                "from django.urls import path\nurlpatterns = [path('healthz/', lambda r: None)]\n",
            ),
        ]);
        let d = stagecraft::detect::detect(dir.path(), None, &catalog).expect("detect");
        let path = d
            .draft
            .detected_healthcheck
            .as_ref()
            .map(|h| h.path.clone());
        if probed {
            assert_eq!(path.as_deref(), Some("/healthz/"), "{hosts}");
        } else {
            assert_eq!(path, None, "{hosts}");
            let a = d
                .assumed
                .iter()
                .find(|a| a.field == "healthcheck")
                .expect("an assumption");
            assert!(a.why.contains("ALLOWED_HOSTS"), "{hosts}: {a:?}");
        }
    }
}

#[test]
fn dependencies_included_with_dash_r_count() {
    let catalog = common::catalog();
    let dir = project(&[
        ("requirements.txt", "-r requirements/production.txt\n"),
        (
            "requirements/production.txt",
            "-r base.txt\ngunicorn>=23,<24\n",
        ),
        ("requirements/base.txt", "Django>=5.1,<5.2\n"),
        (
            "manage.py",
            "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"demo.settings.dev\")\n",
        ),
        ("demo/__init__.py", ""),
        ("demo/settings/__init__.py", ""),
        (
            "demo/settings/base.py",
            "WSGI_APPLICATION = \"demo.wsgi.application\"\n",
        ),
        (
            "demo/settings/dev.py",
            "from .base import *  # noqa\nDEBUG = True\n",
        ),
        ("demo/wsgi.py", "application = None\n"),
    ]);
    let d = stagecraft::detect::detect(dir.path(), None, &catalog).expect("detect");
    assert_eq!(
        d.draft.framework.as_deref(),
        Some("django"),
        "{:#?}",
        d.evidence
    );
    let framework = d.evidence_for("framework").expect("evidence");
    assert_eq!(
        (framework.file.as_str(), framework.line),
        ("requirements/base.txt", Some(1))
    );
    let command = d.evidence_for("command").expect("a command");
    assert_eq!(command.file, "requirements/production.txt");
    let module = d.evidence_for("params.app_module").expect("module");
    assert_eq!(
        (module.value.as_str(), module.file.as_str()),
        ("demo.wsgi", "demo/settings/base.py")
    );
    let answers = d.draft.complete(&catalog).expect("complete");
    assert_eq!(
        answers.command,
        [
            "python",
            "-m",
            "gunicorn",
            "--bind",
            "0.0.0.0:8000",
            "demo.wsgi"
        ]
    );
}

#[test]
fn next_route_handlers_rust_match_arms_and_config_files_are_read() {
    let catalog = common::catalog();
    let next = project(&[
        (
            "package.json",
            "{\"name\": \"web\", \"scripts\": {\"build\": \"next build\", \"start\": \"next start\"}, \
             \"dependencies\": {\"next\": \"15.1.0\", \"react\": \"19.0.0\"}}",
        ),
        (
            "package-lock.json",
            "{\"lockfileVersion\": 3, \"packages\": {}}",
        ),
        (
            "next.config.mjs",
            "export default { output: 'standalone' };\n",
        ),
        (
            "app/page.tsx",
            "export default function Page() { return null; }\n",
        ),
        (
            "app/(ops)/api/health/route.ts",
            "export async function GET() { return Response.json({ ok: true }); }\n",
        ),
    ]);
    let d = stagecraft::detect::detect(next.path(), None, &catalog).expect("detect");
    assert_eq!(d.draft.framework.as_deref(), Some("nextjs"));
    assert_eq!(
        d.draft
            .detected_healthcheck
            .as_ref()
            .map(|h| h.path.as_str()),
        Some("/api/health"),
        "{:#?}",
        d.evidence
    );

    let rust = project(&[
        (
            "Cargo.toml",
            "[package]\nname = \"links\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n\
             tiny_http = \"0.12\"\nconfig = \"0.15\"\n",
        ),
        ("config/default.toml", "name = \"links\"\nport = 8088\n"),
        (
            "src/main.rs",
            "fn main() {\n    for request in server.incoming_requests() {\n        \
             let response = match request.url() {\n            \"/healthz\" => ok(),\n            \
             _ => not_found(),\n        };\n    }\n}\n",
        ),
    ]);
    let d = stagecraft::detect::detect(rust.path(), None, &catalog).expect("detect");
    assert_eq!(d.draft.port, Port::new(8088), "{:#?}", d.evidence);
    assert_eq!(
        d.draft
            .detected_healthcheck
            .as_ref()
            .map(|h| h.path.as_str()),
        Some("/healthz")
    );
}

#[test]
fn an_app_under_src_is_imported_from_there() {
    let catalog = common::catalog();
    let dir = project(&[
        ("requirements.txt", "fastapi[standard]==0.115.6\n"),
        ("src/shop/__init__.py", ""),
        (
            "src/shop/main.py",
            "from fastapi import FastAPI\n\napi = FastAPI()\n",
        ),
    ]);
    let d = stagecraft::detect::detect(dir.path(), None, &catalog).expect("detect");
    let answers = d.draft.complete(&catalog).expect("complete");
    assert_eq!(
        answers.command,
        [
            "python",
            "-m",
            "uvicorn",
            "shop.main:api",
            "--app-dir",
            "src",
            "--host",
            "0.0.0.0",
            "--port",
            "8000"
        ]
    );
}

#[test]
fn php_health_routes_and_fastcgi_bases() {
    let catalog = common::catalog();
    let laravel = project(&[
        (
            "composer.json",
            "{\"require\": {\"php\": \"^8.3\", \"laravel/framework\": \"^11.0\"}}",
        ),
        ("public/index.php", "<?php\n"),
        (
            "bootstrap/app.php",
            "<?php\nreturn Application::configure(basePath: dirname(__DIR__))\n    ->withRouting(\n        \
             web: __DIR__.'/../routes/web.php',\n        health: '/up',\n    )->create();\n",
        ),
    ]);
    let d = stagecraft::detect::detect(laravel.path(), None, &catalog).expect("detect");
    let ev = d.evidence_for("healthcheck.path").expect("evidence");
    assert_eq!((ev.value.as_str(), ev.line), ("/up", Some(5)));
    let apache = d.draft.clone().complete(&catalog).expect("complete");
    assert_eq!(
        (apache.healthcheck.mode, apache.healthcheck.path.as_str()),
        (HealthMode::Http, "/up")
    );
    // php-fpm answers FastCGI only: the route cannot be probed over HTTP there, its port can.
    let fpm = Draft {
        base: Some("php-fpm-alpine".into()),
        ..d.draft
    }
    .complete(&catalog)
    .expect("complete");
    assert_eq!(fpm.healthcheck.mode, HealthMode::Tcp);

    let plain = project(&[
        ("composer.json", "{\"require\": {\"php\": \"^8.3\"}}"),
        ("index.php", "<?php echo 'hi';\n"),
        ("health.php", "<?php echo 'ok';\n"),
    ]);
    let d = stagecraft::detect::detect(plain.path(), None, &catalog).expect("detect");
    assert_eq!(
        d.draft
            .detected_healthcheck
            .as_ref()
            .map(|h| h.path.as_str()),
        Some("/health.php")
    );
}

#[test]
fn quarkus_and_micronaut_health_endpoints() {
    let catalog = common::catalog();
    for (dependency, path) in [
        ("quarkus-smallrye-health", "/q/health"),
        ("micronaut-management", "/health"),
    ] {
        let pom = format!(
            "<project>\n  <artifactId>svc</artifactId>\n  <dependencies>\n    <dependency>\n      \
             <artifactId>{dependency}</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n"
        );
        let dir = project(&[("pom.xml", &pom)]);
        let d = stagecraft::detect::detect(dir.path(), None, &catalog).expect("detect");
        let ev = d.evidence_for("healthcheck.path").expect("evidence");
        assert_eq!(
            (ev.value.as_str(), ev.line),
            (path, Some(5)),
            "{dependency}"
        );
    }
}

#[test]
fn the_actuator_follows_context_path_base_path_and_management_port() {
    let catalog = common::catalog();
    let pom = "<project>\n  <artifactId>svc</artifactId>\n  <dependencies>\n    <dependency>\n      \
               <artifactId>spring-boot-starter-actuator</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n";
    let yaml = "server:\n  port: 8085\n  servlet:\n    context-path: /shop\nmanagement:\n  endpoints:\n    web:\n      \
                base-path: /ops\n";
    let dir = project(&[
        ("pom.xml", pom),
        ("src/main/resources/application.yml", yaml),
    ]);
    let d = stagecraft::detect::detect(dir.path(), None, &catalog).expect("detect");
    let answers = d.draft.complete(&catalog).expect("complete");
    assert_eq!(answers.port, Port::new(8085));
    assert_eq!(answers.healthcheck.path, "/shop/ops/health");
    assert_eq!(
        answers.healthcheck.port, None,
        "the probe follows the app's port"
    );

    let props = "server.port=8080\nmanagement.server.port=9001\n";
    let dir = project(&[
        ("pom.xml", pom),
        ("src/main/resources/application.properties", props),
    ]);
    let d = stagecraft::detect::detect(dir.path(), None, &catalog).expect("detect");
    let answers = d.draft.complete(&catalog).expect("complete");
    assert_eq!(
        (answers.healthcheck.path.as_str(), answers.healthcheck.port),
        ("/actuator/health", Port::new(9001))
    );
}

#[test]
fn routes_next_to_multibyte_text_are_read_without_panicking() {
    let catalog = common::catalog();
    let dir = project(&[
        (
            "package.json",
            "{\"name\": \"api\", \"main\": \"index.js\", \"dependencies\": {\"express\": \"^5.1.0\"}}",
        ),
        (
            "package-lock.json",
            "{\"lockfileVersion\": 3, \"packages\": {}}",
        ),
        (
            "index.js",
            "// ünïcödé\nconst é = 1;«get('/livez', h)»\nçapp.get('/health', (q, s) => s.send('✓'));\n\
             app.listen(3000);\n",
        ),
    ]);
    let d = stagecraft::detect::detect(dir.path(), None, &catalog).expect("detect");
    let ev = d.evidence_for("healthcheck.path").expect("a route");
    assert_eq!((ev.value.as_str(), ev.line), ("/health", Some(3)));
}

#[test]
fn without_detection_the_catalog_defaults_are_said_to_be_assumed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir = dir.path().to_str().expect("utf-8");
    let (code, _, err) = run(&[
        "generate",
        "--stdout",
        "--no-detect",
        "--language",
        "python",
        dir,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: assumed: start command `python main.py`")
            && err.contains("--command")
            && err.contains("warning: assumed: port 8000"),
        "{err}"
    );
    // A built binary is no guess, and a port given is no assumption.
    let (code, _, err) = run(&[
        "generate",
        "--stdout",
        "--no-detect",
        "--language",
        "go",
        "--port",
        "9000",
        dir,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("assumed"), "{err}");
}

#[test]
fn a_shell_that_is_not_busybox_gets_the_static_probe() {
    let mut catalog = common::catalog();
    let mut dash = catalog.base("alpine").expect("alpine").clone();
    dash.id = "dash-sh".into();
    dash.family = "debian".into();
    dash.image = "example/dash".into();
    dash.tag = "1.0".into();
    dash.shell = Some("sh".into());
    catalog.bases.push(dash);
    let answers = complete(
        &catalog,
        Draft {
            language: Some("go".into()),
            base: Some("dash-sh".into()),
            port: Port::new(8000),
            ..Draft::default()
        },
    )
    .expect("complete");
    assert_eq!(probe_words(&catalog, &answers)[0], "/usr/local/bin/busybox");
}

#[test]
fn a_package_with_main_runs_as_a_module() {
    let catalog = common::catalog();
    let dir = project(&[
        ("requirements.txt", "aiohttp==3.11.11\n"),
        ("relay/__init__.py", ""),
        (
            "relay/__main__.py",
            "from relay.server import run\n\nrun()\n",
        ),
        ("relay/server.py", "def run():\n    pass\n"),
    ]);
    let d = stagecraft::detect::detect(dir.path(), None, &catalog).expect("detect");
    assert!(
        d.assumed.iter().all(|a| a.field != "command"),
        "{:?}",
        d.assumed
    );
    let answers = d.draft.complete(&catalog).expect("complete");
    assert_eq!(answers.command, ["python", "-m", "relay"]);
}
