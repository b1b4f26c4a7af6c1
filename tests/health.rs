//! Health checks: the probe matches the app (its route, or its port accepting connections), follows the app's port,
//! and never turns user text into code.

mod common;

use stagecraft::{
    answers::{Answers, Draft, HealthMode, Healthcheck},
    catalog::Catalog,
};

fn complete(
    catalog: &Catalog,
    draft: Draft,
) -> Result<Answers, Vec<stagecraft::answers::FieldError>> {
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
        port: Some(8000),
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
                port: Some(8000),
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
