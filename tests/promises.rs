//! The promises of the generated Dockerfile (DESIGN.md), asserted one by one.

mod common;

use stagecraft::port::Port;
use stagecraft::{
    answers::{Answers, ArgScope, BuildArg, Draft, HealthMode, Healthcheck, UserMode},
    catalog::Catalog,
    compat::{self, Fit},
    plan,
};

fn answers(
    catalog: &Catalog,
    language: &str,
    base: Option<&str>,
    extra: impl FnOnce(&mut Draft),
) -> Answers {
    let mut draft = Draft {
        language: Some(language.into()),
        base: base.map(String::from),
        ..Draft::default()
    };
    extra(&mut draft);
    draft
        .complete(catalog)
        .unwrap_or_else(|e| panic!("{language} {base:?}: {e:?}"))
}

fn dockerfile(catalog: &Catalog, a: &Answers) -> String {
    common::render(a, catalog).dockerfile().to_string()
}

fn runtime_stage(text: &str) -> &str {
    &text[text.find("AS runtime").expect("runtime stage")..]
}

#[test]
fn recommended_bases_are_the_small_safe_ones() {
    let catalog = common::catalog();
    for (language, variant, framework, expected) in [
        ("go", None, None, "distroless-static"),
        ("go", Some("cgo"), None, "distroless-base"),
        ("rust", None, None, "distroless-cc"),
        ("rust", Some("musl"), None, "distroless-static"),
        ("node", None, None, "node-slim"),
        ("python", None, None, "python-slim"),
        ("java", None, None, "distroless-java"),
        ("dotnet", None, Some("aspnet"), "dotnet-aspnet-chiseled"),
        (
            "dotnet",
            Some("self-contained"),
            None,
            "dotnet-runtime-deps-chiseled",
        ),
        ("static", None, None, "nginx-unprivileged"),
        ("php", None, None, "php-apache"),
        ("ruby", None, None, "ruby-slim"),
    ] {
        let a = answers(&catalog, language, None, |d| {
            d.variant = variant.map(String::from);
            d.framework = framework.map(String::from);
        });
        assert_eq!(a.base, expected, "{language} {variant:?} {framework:?}");
    }
}

#[test]
fn users_are_created_with_the_syntax_of_the_base() {
    let catalog = common::catalog();
    let alpine = dockerfile(&catalog, &answers(&catalog, "go", Some("alpine"), |_| {}));
    assert!(
        alpine.contains("addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app"),
        "{alpine}"
    );
    let debian = dockerfile(
        &catalog,
        &answers(&catalog, "go", Some("debian-trixie-slim"), |_| {}),
    );
    assert!(
        debian.contains("groupadd --system --gid 10001 app"),
        "{debian}"
    );
    assert!(
        debian.contains("useradd --system --no-log-init --uid 10001"),
        "{debian}"
    );
    for text in [&alpine, &debian] {
        assert!(text.contains("COPY --from=builder --chown=10001:10001 /out/server /app/server"));
        assert!(runtime_stage(text).contains("USER 10001:10001"));
    }
}

#[test]
fn shell_less_bases_get_numeric_users_and_exec_forms() {
    let catalog = common::catalog();
    let scratch = answers(&catalog, "go", Some("scratch"), |_| {});
    assert_eq!(
        (scratch.user.mode, scratch.user.uid),
        (UserMode::Create, 65532)
    );
    let text = dockerfile(&catalog, &scratch);
    let runtime = runtime_stage(&text);
    assert!(
        !runtime.contains("RUN "),
        "no RUN without a shell:\n{runtime}"
    );
    assert!(runtime.contains("USER 65532:65532"));
    assert!(
        runtime.contains("COPY --from=builder /etc/ssl/certs/ca-certificates.crt"),
        "scratch gets CA certs"
    );
    assert!(
        runtime.contains("CMD [\"/usr/local/bin/busybox\", \"nc\", \"127.0.0.1\", \"8080\""),
        "static TCP probe in exec form: {runtime}"
    );
    assert!(text.contains("FROM busybox:1.38.0-musl AS probe"));
    let http = answers(&catalog, "go", Some("scratch"), |d| {
        d.healthcheck = Some(Healthcheck::http_path("/healthz"));
    });
    let text = dockerfile(&catalog, &http);
    assert!(
        text.contains("CMD [\"/usr/local/bin/wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:8080/healthz\"]"),
        "static HTTP probe in exec form: {text}"
    );

    let distroless = answers(&catalog, "go", Some("distroless-static"), |_| {});
    assert_eq!(distroless.user.mode, UserMode::Builtin);
    let text = dockerfile(&catalog, &distroless);
    assert!(runtime_stage(&text).contains("USER 65532:65532"));
    assert!(
        !runtime_stage(&text).contains("ca-certificates"),
        "distroless has its own CA bundle"
    );
}

#[test]
fn built_in_users_are_used_where_the_base_ships_one() {
    let catalog = common::catalog();
    for (language, base, uid) in [
        ("node", "node-slim", 1000),
        ("dotnet", "dotnet-aspnet", 1654),
        ("static", "nginx-unprivileged", 101),
    ] {
        let a = answers(&catalog, language, Some(base), |d| {
            if language == "dotnet" {
                d.framework = Some("aspnet".into());
            }
        });
        assert_eq!(
            (a.user.mode, a.user.uid),
            (UserMode::Builtin, uid),
            "{base}"
        );
        let text = dockerfile(&catalog, &a);
        assert!(
            runtime_stage(&text).contains(&format!("USER {uid}:{uid}")),
            "{text}"
        );
        assert!(!runtime_stage(&text).contains("useradd"), "{text}");
    }
}

#[test]
fn root_needs_an_explicit_choice_and_is_marked() {
    let catalog = common::catalog();
    let mut a = answers(&catalog, "go", Some("alpine"), |_| {});
    a.user.mode = UserMode::Root;
    let text = dockerfile(&catalog, &a);
    assert!(
        text.contains("# hadolint ignore=DL3002\nUSER 0:0"),
        "{text}"
    );
}

#[test]
fn build_args_are_scoped_across_stages() {
    let catalog = common::catalog();
    let mut a = answers(&catalog, "go", None, |_| {});
    a.args = vec![
        BuildArg {
            name: "MIRROR".into(),
            default: "m".into(),
            scope: ArgScope::Global,
        },
        BuildArg {
            name: "APP_VERSION".into(),
            default: "dev".into(),
            scope: ArgScope::Builder,
        },
        BuildArg {
            name: "LOG".into(),
            default: "info".into(),
            scope: ArgScope::Runtime,
        },
    ];
    let text = dockerfile(&catalog, &a);
    let first_from = text.find("\nFROM ").expect("FROM");
    let (before, after) = text.split_at(first_from);
    assert!(
        before.contains("ARG GO_VERSION=1.26") && before.contains("ARG MIRROR=m"),
        "{before}"
    );
    let builder = &after[..after.find("AS runtime").expect("runtime")];
    assert!(
        builder.contains("ARG APP_VERSION=dev") && builder.contains("\nARG MIRROR\n"),
        "{builder}"
    );
    assert!(!builder.contains("ARG LOG"));
    let runtime = runtime_stage(&text);
    assert!(
        runtime.contains("ARG LOG=info") && runtime.contains("\nARG MIRROR\n"),
        "{runtime}"
    );
    assert!(!runtime.contains("APP_VERSION"));
}

#[test]
fn distroless_language_images_keep_their_entrypoint() {
    let catalog = common::catalog();
    let java = dockerfile(
        &catalog,
        &answers(&catalog, "java", Some("distroless-java"), |_| {}),
    );
    assert!(java.contains("CMD [\"/app/app.jar\"]"), "{java}");
    let node = dockerfile(
        &catalog,
        &answers(&catalog, "node", Some("distroless-nodejs"), |_| {}),
    );
    assert!(node.contains("CMD [\"server.js\"]"), "{node}");
    assert!(
        node.contains("\"/nodejs/bin/node\", \"-e\", \"require('net')"),
        "node probes the port with its own runtime: {node}"
    );
    let node = dockerfile(
        &catalog,
        &answers(&catalog, "node", Some("distroless-nodejs"), |d| {
            d.healthcheck = Some(Healthcheck::http_path("/health"));
        }),
    );
    assert!(
        node.contains("\"/nodejs/bin/node\", \"-e\", \"fetch(process.argv[1])"),
        "node fetches with its own runtime: {node}"
    );
    let python = dockerfile(
        &catalog,
        &answers(&catalog, "python", Some("distroless-python"), |d| {
            d.version = Some("3.13".into());
            d.framework = Some("fastapi".into());
        }),
    );
    assert!(
        python.contains(
            "CMD [\"-m\", \"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\"]"
        ),
        "{python}"
    );
    assert!(
        python.contains("PYTHONPATH=/opt/venv/lib/python3.13/site-packages"),
        "{python}"
    );
}

#[test]
fn health_probes_use_what_the_base_has() {
    let catalog = common::catalog();
    let nginx = dockerfile(&catalog, &answers(&catalog, "static", None, |_| {}));
    assert!(nginx.contains("CMD [\"curl\", \"-fsS\""), "{nginx}");
    assert!(!nginx.contains("AS probe"));
    let python = dockerfile(
        &catalog,
        &answers(&catalog, "python", None, |d| {
            d.healthcheck = Some(Healthcheck::http_path("/health"));
        }),
    );
    assert!(
        python.contains("CMD [\"/usr/local/bin/python3\", \"-c\", \"import sys, urllib.request"),
        "{python}"
    );
    let python = dockerfile(&catalog, &answers(&catalog, "python", None, |_| {}));
    assert!(
        python.contains("CMD [\"bash\", \"-c\", \"exec 3<>/dev/tcp/127.0.0.1/8000\"]"),
        "without a known route, bash checks the port: {python}"
    );
    let fpm = answers(&catalog, "php", Some("php-fpm-alpine"), |_| {});
    assert_eq!(fpm.port, Port::new(9000));
    assert_eq!(
        fpm.healthcheck.mode,
        HealthMode::Tcp,
        "php-fpm speaks FastCGI, not HTTP: its port is checked"
    );
    let text = dockerfile(&catalog, &fpm);
    assert!(
        text.contains("CMD [\"busybox\", \"nc\", \"127.0.0.1\", \"9000\""),
        "{text}"
    );
}

#[test]
fn pinned_tags_everywhere_and_no_latest_without_a_reason() {
    let catalog = common::catalog();
    for combo in common::combos(&catalog).iter().step_by(9) {
        let text = dockerfile(&catalog, &combo.answers);
        for line in text.lines().filter(|l| l.starts_with("FROM ")) {
            // The image is the first word after FROM's flags (`--platform=$BUILDPLATFORM`).
            let image = line
                .split_whitespace()
                .skip(1)
                .find(|w| !w.starts_with("--"))
                .expect("image");
            assert!(
                image == "scratch"
                    || image == "builder"
                    || image.contains(':')
                    || image.contains('@'),
                "{}: untagged {image}",
                combo.label
            );
            if image.ends_with(":latest") {
                assert!(
                    text.contains("# hadolint ignore=DL3007"),
                    "{}: latest without a reason",
                    combo.label
                );
            }
        }
        let runtime = runtime_stage(&text);
        for tool in [
            "go build",
            "cargo ",
            "npm ci",
            "pip install",
            "mvn ",
            "gradle ",
            "dotnet publish",
            "composer ",
        ] {
            assert!(
                !runtime.contains(tool),
                "{}: build tool `{tool}` in the runtime stage",
                combo.label
            );
        }
    }
}

#[test]
fn manifests_are_copied_before_sources() {
    let catalog = common::catalog();
    for language in [
        "go", "rust", "node", "python", "java", "dotnet", "php", "ruby",
    ] {
        let text = dockerfile(&catalog, &answers(&catalog, language, None, |_| {}));
        let manifests = text.find("./\n").expect("manifest COPY");
        let sources = text.find("COPY . .").expect("source COPY");
        let install = text[manifests..]
            .find("RUN")
            .map(|i| i + manifests)
            .expect("install");
        assert!(
            manifests < install && install < sources,
            "{language}:\n{text}"
        );
    }
}

#[test]
fn compatibility_gives_reasons_a_newcomer_understands() {
    let catalog = common::catalog();
    let check = |language: &str, variant: Option<&str>, base: &str| {
        let a = answers(&catalog, language, None, |d| {
            d.variant = variant.map(String::from)
        });
        let build = plan::effective_build(&catalog, &a).expect("build");
        compat::check(
            &catalog,
            &build,
            &a.version,
            catalog.base(base).expect("base"),
        )
    };
    let v = check("python", None, "python-alpine");
    assert_eq!(v.fit, Fit::Caveat);
    assert!(v.reason.contains("musllinux"), "{}", v.reason);
    let v = check("rust", None, "distroless-base");
    assert_eq!(v.fit, Fit::No);
    assert!(v.reason.contains("libgcc"), "{}", v.reason);
    let v = check("rust", None, "alpine");
    assert_eq!(v.fit, Fit::No);
    assert!(v.reason.contains("musl"), "{}", v.reason);
    let v = check("go", None, "scratch");
    assert_eq!(v.fit, Fit::Fits);
    assert!(v.notes.iter().any(|n| n.contains("CA")), "{:?}", v.notes);
    let v = check("go", None, "node-slim");
    assert_eq!(v.fit, Fit::Caveat);
    assert!(v.reason.contains("Node.js"), "{}", v.reason);
    let v = check("node", None, "python-slim");
    assert_eq!(v.fit, Fit::No);
    assert!(
        v.reason.contains("Node.js") && v.reason.contains("Python"),
        "{}",
        v.reason
    );
    let v = check("python", None, "distroless-python");
    assert_eq!(v.fit, Fit::No);
    assert!(
        v.reason.contains("3.13") && v.reason.contains("3.12"),
        "{}",
        v.reason
    );
}

#[test]
fn every_combination_round_trips_through_toml() {
    let catalog = common::catalog();
    for combo in common::combos(&catalog) {
        let text = combo.answers.to_toml();
        let back: Answers =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", combo.label));
        assert_eq!(back, combo.answers, "{}", combo.label);
        assert_eq!(back.to_toml(), text, "{}", combo.label);
    }
}
