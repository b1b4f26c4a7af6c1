//! Detection on the sample projects in tests/fixtures/projects: each has its expected answers here, every value
//! carries evidence, and `generate` uses detection as its defaults (with flags winning).

use std::{path::Path, process::Command};

use stagecraft::port::Port;
use stagecraft::{answers::Draft, detect};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name)
}

struct Expect {
    name: &'static str,
    member: Option<&'static str>,
    /// `field=value` pairs that must be in the draft, e.g. "language=go", "params.app=hello", "port=9000".
    fields: &'static [&'static str],
    /// Text that must appear in the undecided notes.
    notes: &'static [&'static str],
}

const EXPECTED: &[Expect] = &[
    Expect {
        name: "go-basic",
        member: None,
        fields: &[
            "language=go",
            "build_system=go-modules",
            "version=1.25",
            "port=9000",
            "params.app=hello",
            "params.main_package=.",
        ],
        notes: &[],
    },
    Expect {
        name: "go-cmd",
        member: None,
        fields: &[
            "version=1.26",
            "port=8081",
            "params.app=api",
            "params.main_package=./cmd/api",
        ],
        notes: &["several main packages"],
    },
    Expect {
        name: "go-cgo",
        member: None,
        fields: &["language=go", "variant=cgo", "params.app=sqlite-app"],
        notes: &[],
    },
    Expect {
        name: "rust-basic",
        member: None,
        fields: &[
            "language=rust",
            "build_system=cargo",
            "version=1.98",
            "port=3000",
            "params.bin=hello-api",
        ],
        notes: &[],
    },
    Expect {
        name: "rust-openssl",
        member: None,
        fields: &["params.bin=tool"],
        notes: &["openssl-sys links OpenSSL"],
    },
    Expect {
        name: "rust-workspace",
        member: None,
        fields: &["language=rust", "!port"],
        notes: &["workspace with 2 members (api, cli)"],
    },
    Expect {
        name: "rust-workspace",
        member: Some("api"),
        fields: &["params.bin=api", "port=7070"],
        notes: &[],
    },
    Expect {
        name: "rust-toolchain",
        member: None,
        fields: &["version=1.98", "params.bin=pinned"],
        notes: &[],
    },
    Expect {
        name: "node-npm-express",
        member: None,
        fields: &[
            "language=node",
            "build_system=npm",
            "framework=express",
            "version=22",
            "port=4000",
            "params.main=server.js",
        ],
        notes: &[],
    },
    Expect {
        name: "node-pnpm-fastify",
        member: None,
        fields: &[
            "build_system=pnpm",
            "framework=fastify",
            "version=24",
            "port=3300",
            "params.main=src/index.js",
        ],
        notes: &[],
    },
    Expect {
        name: "node-yarn-classic",
        member: None,
        fields: &[
            "build_system=yarn",
            "variant=classic",
            "port=8080",
            "params.main=index.js",
        ],
        notes: &[],
    },
    Expect {
        name: "node-yarn-berry",
        member: None,
        fields: &[
            "build_system=yarn",
            "!variant",
            "version=24",
            "params.main=app.js",
        ],
        notes: &[],
    },
    Expect {
        name: "node-bun",
        member: None,
        fields: &["build_system=bun", "params.main=index.js"],
        notes: &[],
    },
    Expect {
        name: "node-next",
        member: None,
        fields: &["framework=nextjs", "version=22", "!params.main"],
        notes: &[],
    },
    Expect {
        name: "node-two-lockfiles",
        member: None,
        fields: &["build_system=yarn", "variant=classic"],
        notes: &["several lockfiles"],
    },
    Expect {
        name: "node-no-lockfile",
        member: None,
        fields: &["build_system=npm", "params.main=dist/server.js"],
        notes: &["no lockfile"],
    },
    Expect {
        name: "node-broken-manifest",
        member: None,
        fields: &["language=node", "build_system=npm", "params.main=index.js"],
        notes: &["not valid JSON (line 3)"],
    },
    Expect {
        name: "node-workspace",
        member: None,
        // @acme/web is a Vite site with no server: the API is the only app, so the root builds it.
        fields: &[
            "language=node",
            "framework=express",
            "port=5050",
            "params.main=packages/api/server.js",
        ],
        notes: &["building @acme/api (packages/api), its only app"],
    },
    Expect {
        name: "node-workspace",
        member: Some("@acme/api"),
        fields: &[
            "framework=express",
            "port=5050",
            "params.main=packages/api/server.js",
        ],
        notes: &[],
    },
    Expect {
        name: "pnpm-workspace",
        member: Some("svc"),
        fields: &["build_system=pnpm", "params.main=apps/svc/index.js"],
        notes: &[],
    },
    Expect {
        name: "static-vite",
        member: None,
        fields: &[
            "language=static",
            "build_system=npm-build",
            "framework=vite",
            "params.dist=dist",
        ],
        notes: &[],
    },
    Expect {
        name: "static-cra",
        member: None,
        fields: &["language=static", "params.dist=build"],
        notes: &[],
    },
    Expect {
        name: "static-angular",
        member: None,
        fields: &["framework=angular", "params.dist=dist/shop/browser"],
        notes: &[],
    },
    Expect {
        name: "static-plain",
        member: None,
        fields: &["language=static", "build_system=plain", "params.root=."],
        notes: &[],
    },
    Expect {
        name: "static-public",
        member: None,
        fields: &["build_system=plain", "params.root=public"],
        notes: &[],
    },
    Expect {
        name: "python-pip-flask",
        member: None,
        fields: &[
            "language=python",
            "build_system=pip",
            "framework=flask",
            "port=5001",
            "params.app_module=app:app",
        ],
        notes: &[],
    },
    Expect {
        name: "python-fastapi-uv",
        member: None,
        fields: &[
            "build_system=uv",
            "framework=fastapi",
            "version=3.13",
            "params.app_module=app.main:api",
        ],
        notes: &[],
    },
    Expect {
        name: "python-poetry-django",
        member: None,
        fields: &[
            "build_system=poetry",
            "framework=django",
            "version=3.12",
            "params.app_module=mysite.wsgi",
        ],
        notes: &[],
    },
    Expect {
        name: "python-pipfile",
        member: None,
        fields: &["build_system=pip", "version=3.12", "params.main=main.py"],
        notes: &["Pipfile found"],
    },
    Expect {
        name: "python-procfile-flask",
        member: None,
        fields: &[
            "framework=flask",
            "version=3.13",
            "port=8000",
            "params.app_module=wsgi:application",
        ],
        notes: &[],
    },
    Expect {
        name: "python-version-file",
        member: None,
        fields: &["version=3.13", "port=8088"],
        notes: &[],
    },
    Expect {
        name: "python-opencv",
        member: None,
        fields: &["build_system=pip"],
        notes: &["opencv-python publishes no musllinux wheels"],
    },
    Expect {
        name: "java-maven-spring",
        member: None,
        fields: &[
            "language=java",
            "build_system=maven",
            "framework=spring-boot",
            "version=17",
            "port=9090",
            "params.jar=demo-0.0.1-SNAPSHOT.jar",
        ],
        notes: &["mvnw is there but .mvn/wrapper/maven-wrapper.properties is not"],
    },
    Expect {
        name: "java-gradle",
        member: None,
        fields: &[
            "build_system=gradle",
            "framework=spring-boot",
            "version=25",
            "port=8181",
        ],
        notes: &[],
    },
    Expect {
        name: "java-maven-plain",
        member: None,
        fields: &["version=21", "!framework", "params.jar=batch-2.1.0.jar"],
        notes: &[],
    },
    Expect {
        name: "dotnet-web",
        member: None,
        fields: &[
            "language=dotnet",
            "framework=aspnet",
            "version=10.0",
            "params.project=src/Api/Api.csproj",
            "params.assembly=Api",
        ],
        notes: &[],
    },
    Expect {
        name: "dotnet-net8",
        member: None,
        fields: &["version=8.0", "params.assembly=QueueWorker", "!framework"],
        notes: &[],
    },
    Expect {
        name: "php-laravel",
        member: None,
        fields: &[
            "language=php",
            "build_system=composer",
            "framework=laravel",
            "version=8.3",
        ],
        notes: &[],
    },
    Expect {
        name: "php-plain",
        member: None,
        fields: &["language=php", "version=8.3", "!framework"],
        notes: &[],
    },
    Expect {
        name: "ruby-rails",
        member: None,
        fields: &[
            "language=ruby",
            "framework=rails",
            "version=3.4",
            "port=3000",
        ],
        notes: &[],
    },
    Expect {
        name: "ruby-sinatra",
        member: None,
        fields: &["version=3.3.6", "params.main=app.rb"],
        notes: &["no Gemfile.lock"],
    },
    Expect {
        name: "odd-port-env",
        member: None,
        fields: &["port=7777"],
        notes: &[],
    },
    Expect {
        name: "go-sqlite-dep",
        member: None,
        fields: &[
            "language=go",
            "variant=cgo",
            "version=1.25",
            "port=8088",
            "params.app=shop",
            "params.main_package=.",
        ],
        notes: &[],
    },
    Expect {
        name: "rust-autobin",
        member: None,
        fields: &["language=rust", "params.bin=server", "port=8090"],
        notes: &["several binaries in src/bin (migrate, server); using server"],
    },
    Expect {
        name: "dotnet-solution",
        member: None,
        fields: &[
            "framework=aspnet",
            "version=10.0",
            "port=5080",
            "params.project=src/Shop.Web/Shop.Web.csproj",
            "params.assembly=Shop.Web",
        ],
        notes: &["several project files"],
    },
    Expect {
        name: "java-gradle-kotlin",
        member: None,
        fields: &[
            "build_system=gradle",
            "version=17",
            "!framework",
            "params.jar=ledger-1.2.0.jar",
            // The application plugin's jar is thin: the image runs installDist's jars by main class.
            "variant=application",
            "params.main_class=ledger.MainKt",
        ],
        notes: &[],
    },
    Expect {
        name: "java-gradle-groovy",
        member: None,
        fields: &[
            "build_system=gradle",
            "framework=spring-boot",
            "version=21",
            "port=8082",
            "params.jar=catalog-api-0.9.1.jar",
        ],
        notes: &["gradlew is there but gradle/wrapper/gradle-wrapper.properties is not"],
    },
    Expect {
        name: "java-maven-legacy",
        member: None,
        fields: &["version=17", "params.jar=legacy-report-3.1.jar"],
        notes: &[],
    },
    Expect {
        name: "node-nest",
        member: None,
        fields: &[
            "build_system=npm",
            "version=22",
            "port=3100",
            "params.main=dist/main.js",
        ],
        notes: &[],
    },
    Expect {
        name: "node-next-export",
        member: None,
        fields: &[
            "language=static",
            "build_system=npm-build",
            "params.dist=out",
        ],
        notes: &[],
    },
    Expect {
        name: "node-next-server",
        member: None,
        fields: &["build_system=pnpm", "framework=nextjs-start", "port=3000"],
        notes: &["does not set output: 'standalone': the image runs `next start`"],
    },
    Expect {
        name: "node-pm-mismatch",
        member: None,
        fields: &[
            "build_system=pnpm",
            "!variant",
            "port=9100",
            "params.main=worker.js",
        ],
        notes: &["using pnpm-lock.yaml (by packageManager)"],
    },
    Expect {
        name: "ruby-sinatra-default",
        member: None,
        fields: &["port=4567", "params.main=app.rb"],
        notes: &[],
    },
    Expect {
        name: "mixed-python-node",
        member: None,
        fields: &[
            "language=python",
            "framework=fastapi",
            "port=8000",
            "params.app_module=main:app",
        ],
        notes: &["also found package.json: detected as python"],
    },
    Expect {
        name: "empty",
        member: None,
        fields: &["!language"],
        notes: &["no manifest stagecraft knows"],
    },
    Expect {
        name: "gitignored-decoy",
        member: None,
        fields: &["port=3001"],
        notes: &[],
    },
    Expect {
        name: "node-modules-decoy",
        member: None,
        fields: &["port=5005"],
        notes: &[],
    },
    Expect {
        name: "h-fastapi-health",
        member: None,
        fields: &[
            "framework=fastapi",
            "params.app_module=app.main:app",
            "healthcheck.path=/healthz",
            "port=8000",
        ],
        notes: &[],
    },
    Expect {
        name: "h-fastapi-router-prefix",
        member: None,
        fields: &["params.app_module=app.main:app", "!healthcheck.path"],
        notes: &[],
    },
    Expect {
        name: "h-django-gunicorn",
        member: None,
        fields: &[
            "framework=django",
            "params.app_module=config.wsgi",
            "command=python -m gunicorn --bind 0.0.0.0:{port} {app_module}",
            "healthcheck.path=/healthz/",
        ],
        notes: &[],
    },
    Expect {
        name: "h-django-no-gunicorn",
        member: None,
        fields: &["params.app_module=blog.wsgi", "!command"],
        notes: &[],
    },
    Expect {
        name: "h-flask-apprun",
        member: None,
        fields: &[
            "framework=flask",
            "command=python app.py",
            "port=5050",
            "healthcheck.path=/ping",
        ],
        notes: &["Flask's development server"],
    },
    Expect {
        name: "h-procfile-python",
        member: None,
        fields: &[
            "command=python server.py --port {port}",
            "port=8000",
            "healthcheck.path=/health",
        ],
        notes: &[],
    },
    Expect {
        name: "h-python-no-entry",
        member: None,
        fields: &["language=python", "!command", "!params.main"],
        notes: &[],
    },
    Expect {
        name: "h-express-ts",
        member: None,
        fields: &[
            "framework=express",
            "params.main=build/index.js",
            "port=3000",
            "healthcheck.path=/healthz",
        ],
        notes: &[],
    },
    Expect {
        name: "h-nest-health",
        member: None,
        fields: &[
            "params.main=dist/main.js",
            "port=3000",
            "healthcheck.path=/api/health",
        ],
        notes: &[],
    },
    Expect {
        name: "h-spring-actuator",
        member: None,
        fields: &[
            "framework=spring-boot",
            "port=8081",
            "healthcheck.path=/manage/health",
        ],
        notes: &[],
    },
    Expect {
        name: "h-go-grpc",
        member: None,
        fields: &["port=50051", "healthcheck.mode=tcp", "!healthcheck.path"],
        notes: &[],
    },
    Expect {
        name: "h-go-chi-env",
        member: None,
        fields: &["port=8080", "healthcheck.path=/livez"],
        notes: &[],
    },
    Expect {
        name: "h-rails-up",
        member: None,
        fields: &["framework=rails", "healthcheck.path=/up", "version=3.4.1"],
        notes: &["Ruby 3.4.1 is pinned exactly"],
    },
];

const PORT_NOTE: &str = "nothing in the code or config says";
const VERSION_NOTE: &str = "nothing in the project pins";

fn value(draft: &Draft, field: &str) -> Option<String> {
    match field {
        "language" => draft.language.clone(),
        "build_system" => draft.build_system.clone(),
        "variant" => draft.variant.clone(),
        "framework" => draft.framework.clone(),
        "version" => draft.version.clone(),
        "port" => draft.port.map(|p| p.to_string()),
        "command" => draft.detected_command.as_deref().map(shell_words::join),
        "healthcheck.path" => draft
            .detected_healthcheck
            .as_ref()
            .filter(|h| h.mode == stagecraft::answers::HealthMode::Http)
            .map(|h| h.path.clone()),
        "healthcheck.mode" => draft
            .detected_healthcheck
            .as_ref()
            .map(|h| format!("{:?}", h.mode).to_ascii_lowercase()),
        other => other
            .strip_prefix("params.")
            .and_then(|k| draft.params.get(k).cloned()),
    }
}

#[test]
fn every_fixture_is_detected_as_expected_with_evidence() {
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let dirs = std::fs::read_dir(fixture("")).expect("fixtures").count();
    assert!(dirs >= 30, "{dirs} fixture projects");
    for e in EXPECTED {
        let d = detect::detect(&fixture(e.name), e.member, &catalog)
            .unwrap_or_else(|err| panic!("{}: {err}", e.name));
        let at = format!("{} {:?}", e.name, e.member);
        for spec in e.fields {
            match spec.strip_prefix('!') {
                Some(field) => assert_eq!(
                    value(&d.draft, field),
                    None,
                    "{at}: {field} should be undecided"
                ),
                None => {
                    let (field, want) = spec.split_once('=').expect("field=value");
                    assert_eq!(
                        value(&d.draft, field).as_deref(),
                        Some(want),
                        "{at}: {field}\n{:#?}",
                        d.evidence
                    );
                    let ev = d
                        .evidence_for(field)
                        .unwrap_or_else(|| panic!("{at}: no evidence for {field}"));
                    assert_eq!(ev.value, want, "{at}");
                    assert!(
                        !ev.detail.is_empty(),
                        "{at}: evidence for {field} says nothing"
                    );
                }
            }
        }
        for note in e.notes {
            assert!(
                d.undecided.iter().any(|u| u.contains(note)),
                "{at}: no note with `{note}`: {:?}",
                d.undecided
            );
        }
        // Without a port in the files or a framework default, the language's default is assumed, and said so;
        // except where the base image's server fixes the port (static, PHP) and at a workspace's root.
        let port_note = d.undecided.iter().any(|u| u.contains(PORT_NOTE));
        let workspace_root = !d.members.is_empty() && e.member.is_none();
        let own_port = d.draft.language.is_some()
            && !matches!(d.draft.language.as_deref(), Some("static" | "php"))
            && !workspace_root;
        assert_eq!(
            port_note,
            own_port && d.draft.port.is_none(),
            "{at}: port note {:?}",
            d.undecided
        );
        let version_note = d.undecided.iter().any(|u| u.contains(VERSION_NOTE));
        assert_eq!(
            version_note,
            d.draft.language.is_some() && d.draft.version.is_none(),
            "{at}: version note {:?}",
            d.undecided
        );
        if e.notes.is_empty() {
            let others: Vec<&String> = d
                .undecided
                .iter()
                .filter(|u| !u.contains(PORT_NOTE) && !u.contains(VERSION_NOTE))
                .collect();
            assert!(others.is_empty(), "{at}: unexpected notes {others:?}");
        }
        // Every detected draft completes into valid answers.
        if d.draft.language.is_some() {
            d.draft
                .clone()
                .complete(&catalog)
                .unwrap_or_else(|err| panic!("{at}: detected answers are invalid: {err:?}"));
        }
    }
}

#[test]
fn unknown_member_is_an_error_naming_the_members() {
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let err = detect::detect(&fixture("node-workspace"), Some("nope"), &catalog)
        .expect_err("unknown member");
    assert!(err.to_string().contains("@acme/api"), "{err}");
}

#[test]
fn detection_is_deterministic() {
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let a = detect::detect(&fixture("go-cmd"), None, &catalog).expect("detect");
    let b = detect::detect(&fixture("go-cmd"), None, &catalog).expect("detect");
    assert_eq!(
        serde_json::to_string(&a).expect("json"),
        serde_json::to_string(&b).expect("json")
    );
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn generate_uses_detection_as_defaults_and_flags_win() {
    let dir = fixture("go-basic");
    let dir = dir.to_str().expect("utf-8 path");
    let (code, dockerfile, err) = run(&["generate", dir, "--stdout"]);
    assert_eq!(code, 0, "{err}");
    assert!(dockerfile.contains("EXPOSE 9000"), "{dockerfile}");
    assert!(dockerfile.contains("-o /out/hello ."), "{dockerfile}");
    assert!(dockerfile.contains("ARG GO_VERSION=1.25"), "{dockerfile}");
    let (code, dockerfile, _) = run(&[
        "generate", dir, "--stdout", "--port", "8000", "--param", "app=svc",
    ]);
    assert_eq!(code, 0);
    assert!(
        dockerfile.contains("EXPOSE 8000") && dockerfile.contains("/out/svc"),
        "{dockerfile}"
    );
    let (code, dockerfile, _) = run(&[
        "generate",
        dir,
        "--stdout",
        "--no-detect",
        "--language",
        "go",
    ]);
    assert_eq!(code, 0);
    assert!(
        dockerfile.contains("EXPOSE 8080") && dockerfile.contains("/out/server"),
        "{dockerfile}"
    );

    let flask = fixture("python-pip-flask");
    let (code, dockerfile, err) = run(&["generate", flask.to_str().expect("path"), "--stdout"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile
            .contains(r#"CMD ["python", "-m", "gunicorn", "--bind", "0.0.0.0:5001", "app:app"]"#),
        "{dockerfile}"
    );

    let ws = fixture("node-workspace");
    let (code, dockerfile, err) = run(&[
        "generate",
        ws.to_str().expect("path"),
        "--member",
        "@acme/api",
        "--stdout",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains(r#"CMD ["node", "packages/api/server.js"]"#)
            && dockerfile.contains("EXPOSE 5050"),
        "{dockerfile}"
    );
    let (code, _, err) = run(&[
        "generate",
        ws.to_str().expect("path"),
        "--member",
        "nope",
        "--stdout",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("@acme/api"), "{err}");
}

#[test]
fn an_answers_file_wins_over_detection() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("answers.toml"),
        "language = \"go\"\nport = 7000\n",
    )
    .expect("write");
    let answers = dir.path().join("answers.toml");
    let project = fixture("node-npm-express");
    let (code, dockerfile, err) = run(&[
        "generate",
        project.to_str().expect("path"),
        "--answers",
        answers.to_str().expect("path"),
        "--stdout",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains(" golang:") && dockerfile.contains("EXPOSE 7000"),
        "{dockerfile}"
    );
}

#[test]
fn detect_prints_toml_and_json_with_evidence() {
    let dir = fixture("python-fastapi-uv");
    let (code, toml_out, _) = run(&["detect", dir.to_str().expect("path")]);
    assert_eq!(code, 0);
    assert!(
        toml_out.contains("[[evidence]]") && toml_out.contains("app/main.py"),
        "{toml_out}"
    );
    let (code, json_out, _) = run(&["detect", dir.to_str().expect("path"), "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json_out).expect("json");
    assert_eq!(v["draft"]["framework"], "fastapi");
    assert!(
        v["evidence"]
            .as_array()
            .expect("evidence")
            .iter()
            .any(|e| e["field"] == "version" && e["line"] == 4)
    );
}

/// What a detection completes into with Enter, Enter, ...: the catalog fills the rest around the detected values.
#[test]
fn detected_drafts_complete_into_the_expected_answers() {
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let complete = |name: &str, member: Option<&str>| {
        detect::detect(&fixture(name), member, &catalog)
            .expect("detect")
            .draft
            .complete(&catalog)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"))
    };
    let strings = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();

    let go = complete("go-sqlite-dep", None);
    assert_eq!(go.variant.as_deref(), Some("cgo"));
    assert_eq!(go.version, "1.25");
    // cgo needs glibc: the recommendation moves off distroless static.
    assert_eq!(go.base, "distroless-base");
    assert_eq!(go.command, strings(&["/app/shop"]));
    assert_eq!(go.port, Port::new(8088));
    assert_eq!(go.healthcheck.mode, stagecraft::answers::HealthMode::Tcp);

    let node = complete("node-npm-express", None);
    assert_eq!(
        (node.build_system.as_str(), node.framework.as_deref()),
        ("npm", Some("express"))
    );
    assert_eq!(node.command, strings(&["node", "server.js"]));
    assert_eq!(node.port, Port::new(4000));
    assert_eq!(node.version, "22");

    let nest = complete("node-nest", None);
    assert_eq!(nest.command, strings(&["node", "dist/main.js"]));
    assert_eq!(nest.port, Port::new(3100));

    let member = complete("node-workspace", Some("@acme/api"));
    assert_eq!(member.command, strings(&["node", "packages/api/server.js"]));

    let api = complete("python-fastapi-uv", None);
    assert_eq!(
        api.command,
        strings(&[
            "python",
            "-m",
            "uvicorn",
            "app.main:api",
            "--host",
            "0.0.0.0",
            "--port",
            "8000"
        ])
    );
    assert_eq!(
        (api.build_system.as_str(), api.version.as_str()),
        ("uv", "3.13")
    );

    let rust = complete("rust-autobin", None);
    assert_eq!(rust.params.get("bin").map(String::as_str), Some("server"));
    assert_eq!(rust.command, strings(&["/app/server"]));
    assert_eq!(rust.port, Port::new(8090));

    let dotnet = complete("dotnet-solution", None);
    assert_eq!(
        dotnet.params.get("project").map(String::as_str),
        Some("src/Shop.Web/Shop.Web.csproj")
    );
    assert_eq!(dotnet.command, strings(&["dotnet", "/app/Shop.Web.dll"]));
    assert_eq!(dotnet.port, Port::new(5080));

    let site = complete("node-next-export", None);
    assert_eq!(
        (site.language.as_str(), site.build_system.as_str()),
        ("static", "npm-build")
    );
    assert_eq!(site.params.get("dist").map(String::as_str), Some("out"));
    assert_eq!(site.base, "nginx-unprivileged");

    let sinatra = complete("ruby-sinatra-default", None);
    assert_eq!(
        sinatra.command,
        strings(&["bundle", "exec", "ruby", "app.rb"])
    );
    assert_eq!(sinatra.port, Port::new(4567));
}

#[test]
fn detect_output_is_sorted_and_byte_for_byte_stable() {
    for name in ["node-workspace", "java-maven-spring", "dotnet-solution"] {
        let dir = fixture(name);
        let dir = dir.to_str().expect("path");
        for format in ["toml", "json"] {
            let (code, first, err) = run(&["detect", dir, "--format", format]);
            assert_eq!(code, 0, "{err}");
            let (_, second, _) = run(&["detect", dir, "--format", format]);
            assert_eq!(first, second, "{name} {format}");
        }
        let catalog = stagecraft::catalog::builtin().expect("catalog");
        let d = detect::detect(&fixture(name), None, &catalog).expect("detect");
        let fields: Vec<&str> = d.evidence.iter().map(|e| e.field.as_str()).collect();
        let mut sorted = fields.clone();
        sorted.sort();
        assert_eq!(fields, sorted, "{name}");
    }
}

#[test]
fn generate_follows_detected_linking_and_entry_points_and_flags_still_win() {
    let cgo = fixture("go-sqlite-dep");
    let cgo = cgo.to_str().expect("path");
    let (code, dockerfile, err) = run(&["generate", cgo, "--stdout"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains("ENV CGO_ENABLED=1")
            && dockerfile.contains("gcr.io/distroless/base-debian13")
            && dockerfile.contains("EXPOSE 8088")
            && dockerfile.contains(r#"CMD ["/app/shop"]"#),
        "{dockerfile}"
    );
    let (code, dockerfile, err) = run(&[
        "generate",
        cgo,
        "--stdout",
        "--base",
        "debian-bookworm-slim",
        "--param",
        "main_package=./cmd/shop",
        "--port",
        "8000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains("FROM debian:bookworm")
            && dockerfile.contains("-o /out/shop ./cmd/shop")
            && dockerfile.contains("EXPOSE 8000")
            && !dockerfile.contains("EXPOSE 8088"),
        "{dockerfile}"
    );

    let nest = fixture("node-nest");
    let nest = nest.to_str().expect("path");
    let (code, dockerfile, err) = run(&["generate", nest, "--stdout"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains(r#"CMD ["node", "dist/main.js"]"#)
            && dockerfile.contains("EXPOSE 3100")
            && dockerfile.contains("ARG NODE_VERSION=22"),
        "{dockerfile}"
    );
    let (code, dockerfile, err) = run(&[
        "generate",
        nest,
        "--stdout",
        "--command",
        "node dist/cluster.js",
        "--lang-version",
        "24",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains(r#"CMD ["node", "dist/cluster.js"]"#)
            && dockerfile.contains("ARG NODE_VERSION=24"),
        "{dockerfile}"
    );

    let sln = fixture("dotnet-solution");
    let (code, dockerfile, err) = run(&["generate", sln.to_str().expect("path"), "--stdout"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains("dotnet publish src/Shop.Web/Shop.Web.csproj")
            && dockerfile.contains("/app/Shop.Web.dll"),
        "{dockerfile}"
    );
}

#[test]
fn evidence_says_when_a_value_is_a_mapping_or_a_default() {
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let detail = |name: &str, field: &str| {
        let d = detect::detect(&fixture(name), None, &catalog).expect("detect");
        let e = d
            .evidence_for(field)
            .unwrap_or_else(|| panic!("{name}: no evidence for {field}"))
            .clone();
        (e.file, e.line, e.detail)
    };
    let (file, line, why) = detail("java-maven-legacy", "version");
    assert_eq!((file.as_str(), line), ("pom.xml", Some(8)));
    assert!(why.contains("`8`") && why.contains("17"), "{why}");
    let (_, _, why) = detail("node-nest", "version");
    assert!(why.contains("lts/jod"), "{why}");
    let (file, _, why) = detail("python-poetry-django", "port");
    assert_eq!(file, "pyproject.toml");
    assert!(why.contains("by default"), "{why}");
    let (file, line, why) = detail("go-sqlite-dep", "variant");
    assert_eq!((file.as_str(), line), ("go.mod", Some(7)));
    assert!(why.contains("go-sqlite3"), "{why}");
    let (file, line, why) = detail("node-two-lockfiles", "build_system");
    assert_eq!((file.as_str(), line), ("yarn.lock", Some(1)));
    assert!(why.contains("Yarn 1"), "{why}");
}

#[test]
fn a_go_module_whose_main_package_is_not_at_the_root_or_under_cmd_is_not_guessed() {
    let write = |root: &std::path::Path, rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    let go_mod = "module example.com/shop\n\ngo 1.25\n";
    let main = "package main\n\nfunc main() {}\n";

    // One main package elsewhere is the app; examples and other modules do not count.
    let one = tempfile::tempdir().expect("tempdir");
    write(one.path(), "go.mod", go_mod);
    write(one.path(), "server/main.go", main);
    write(one.path(), "internal/store/store.go", "package store\n");
    write(one.path(), "examples/client/main.go", main);
    write(
        one.path(),
        "tools/go.mod",
        "module example.com/shop/tools\n",
    );
    write(one.path(), "tools/gen/main.go", main);
    let (code, dockerfile, err) =
        run(&["generate", one.path().to_str().expect("path"), "--stdout"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains("-o /out/server ./server"),
        "{dockerfile}"
    );

    // Several: refused with the list and the flag, nothing written.
    let several = tempfile::tempdir().expect("tempdir");
    write(several.path(), "go.mod", go_mod);
    write(several.path(), "basic/main.go", main);
    write(several.path(), "cookie/main.go", main);
    let dir = several.path().to_str().expect("path");
    let (code, _, err) = run(&["generate", dir]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("./basic, ./cookie") && err.contains("--param main_package=./DIR"),
        "{err}"
    );
    assert!(!several.path().join("Dockerfile").exists());
    let (code, dockerfile, err) = run(&[
        "generate",
        dir,
        "--param",
        "main_package=./cookie",
        "--stdout",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(dockerfile.contains(" ./cookie\n"), "{dockerfile}");

    // None: a library builds no program.
    let library = tempfile::tempdir().expect("tempdir");
    write(library.path(), "go.mod", go_mod);
    write(library.path(), "shop.go", "package shop\n");
    let (code, _, err) = run(&["generate", library.path().to_str().expect("path")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("builds no program"), "{err}");
}
