//! Versions: never below what the project asks for, exact pins kept, .NET's runtime major from the target
//! framework (project file, Directory.Build.props, global.json), Maven/Gradle wrappers, and end-of-support dates
//! read against a fixed today.

use std::{path::Path, process::Command};

use stagecraft::{catalog::Date, detect, eol};

const TODAY: &str = "2026-12-01";

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name)
}

fn run(args: &[&str], today: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .env("STAGECRAFT_TODAY", today)
        .env("XDG_CONFIG_HOME", "/nonexistent-stagecraft-config")
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
    let mut args = vec!["generate", dir.to_str().expect("path"), "--stdout"];
    args.extend_from_slice(extra);
    run(&args, TODAY)
}

fn detected(name: &str) -> detect::Detection {
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    detect::detect(&fixture(name), None, &catalog).expect("detect")
}

#[test]
fn a_declared_minimum_is_met_by_a_version_at_or_above_it() {
    let d = detected("versions-python-314");
    assert_eq!(d.draft.version.as_deref(), Some("3.14"));
    let (code, dockerfile, err) = generate("versions-python-314", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains("ARG PYTHON_VERSION=3.14"),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("FROM python:${PYTHON_VERSION}-slim-trixie AS runtime"),
        "{dockerfile}"
    );
}

#[test]
fn a_minimum_newer_than_the_catalog_is_refused_naming_file_line_and_fix() {
    for (name, at, wants) in [
        (
            "versions-python-316",
            "pyproject.toml:5",
            "Python 3.16 or newer",
        ),
        ("versions-go-newer", "go.mod:3", "Go 1.28 or newer"),
    ] {
        let d = detected(name);
        assert_eq!(d.draft.version, None, "{name}: nothing older may be set");
        assert_eq!(d.refused.len(), 1, "{name}");
        let (code, out, err) = generate(name, &[]);
        assert_eq!(code, 2, "{name}: {out}");
        assert!(
            err.contains(at) && err.contains(wants) && err.contains("--catalog"),
            "{name}: {err}"
        );
        assert!(out.is_empty(), "{name}: nothing is printed as a Dockerfile");
        // A version given explicitly settles it.
        let version = if name.contains("python") {
            "3.14"
        } else {
            "1.26"
        };
        let (code, _, err) = generate(name, &["--lang-version", version]);
        assert_eq!(code, 0, "{name}: {err}");
    }
}

#[test]
fn an_exact_ruby_pin_stays_the_exact_tag() {
    let (code, dockerfile, err) = generate("versions-ruby-exact", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains("ARG RUBY_VERSION=3.4.4"),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("FROM ruby:${RUBY_VERSION}-trixie AS builder"),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("FROM ruby:${RUBY_VERSION}-slim-trixie AS runtime"),
        "{dockerfile}"
    );
    let d = detected("versions-ruby-exact");
    let ev = d.evidence_for("version").expect("evidence");
    assert_eq!((ev.file.as_str(), ev.line), ("Gemfile", Some(3)));
    assert!(ev.detail.contains("exact"), "{}", ev.detail);
    assert!(
        d.undecided
            .iter()
            .any(|n| n.starts_with("Gemfile:3") && n.contains("pinned exactly")),
        "{:?}",
        d.undecided
    );
}

#[test]
fn dotnet_runs_on_the_target_frameworks_own_major() {
    let (code, dockerfile, err) = generate("dotnet-net8", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains("ARG DOTNET_VERSION=8.0"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("sdk:${DOTNET_VERSION}"), "{dockerfile}");
    assert!(
        dockerfile.contains("runtime:${DOTNET_VERSION} AS runtime"),
        "{dockerfile}"
    );
    assert!(
        err.contains("warning: .NET 8.0: support ended 2026-11-10"),
        "{err}"
    );

    // No TargetFramework in the project file: Directory.Build.props above it says net9.0.
    let d = detected("versions-dotnet-props");
    assert_eq!(d.draft.version.as_deref(), Some("9.0"));
    let ev = d.evidence_for("version").expect("evidence");
    assert_eq!(
        (ev.file.as_str(), ev.line),
        ("Directory.Build.props", Some(4))
    );

    // Another major than the catalog offers is refused, never rolled forward.
    let (code, _, err) = generate("versions-dotnet-old", &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("Legacy.csproj:4") && err.contains("6.0") && err.contains("retarget"),
        "{err}"
    );
}

#[test]
fn global_json_sets_the_sdk_line_and_says_when_the_image_cannot_honour_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("Tool.csproj"),
        "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("global.json"),
        "{\n  \"sdk\": {\n    \"version\": \"10.0.100\"\n  }\n}\n",
    )
    .expect("write");
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let d = detect::detect(dir.path(), None, &catalog).expect("detect");
    assert_eq!(d.draft.version.as_deref(), Some("10.0"));
    assert_eq!(d.evidence_for("version").map(|e| e.line), Some(Some(3)));
    assert!(
        d.undecided.iter().any(|n| n.contains("global.json:3")
            && n.contains("latestPatch")
            && n.contains("sdk:10.0.100")),
        "{:?}",
        d.undecided
    );
}

#[test]
fn wrappers_build_with_the_projects_own_maven_and_gradle() {
    let (code, dockerfile, err) = generate("versions-maven-wrapper", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(dockerfile.contains("COPY pom.xml mvnw ./"), "{dockerfile}");
    assert!(
        dockerfile.contains("COPY .mvn/wrapper/maven-wrapper.properties .mvn/wrapper/"),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("sh ./mvnw -B -q dependency:go-offline"),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("sh ./mvnw -B -q package"),
        "{dockerfile}"
    );
    // The builder still has a JDK of the project's version.
    assert!(dockerfile.contains("FROM maven:3.9-eclipse-temurin-${JAVA_VERSION} AS builder"));
    assert!(dockerfile.contains("ARG JAVA_VERSION=25"), "{dockerfile}");

    let (code, dockerfile, err) = generate("versions-gradle-wrapper", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dockerfile.contains(
            "COPY gradle/wrapper/gradle-wrapper.properties gradle/wrapper/gradle-wrapper.jar gradle/wrapper/"
        ),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("sh ./gradlew assemble --no-daemon -q"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("FROM gradle:9.2-jdk${JAVA_VERSION} AS builder"));

    // A wrapper script without the files it reads is not used, and that is said.
    let d = detected("java-maven-spring");
    assert_eq!(d.draft.variant, None);
    assert!(
        d.undecided
            .iter()
            .any(|n| n.contains("maven-wrapper.properties")),
        "{:?}",
        d.undecided
    );
}

#[test]
fn go_and_dotnet_builders_cross_compile_on_the_build_platform() {
    let (code, go, err) = generate("go-basic", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        go.contains("FROM --platform=$BUILDPLATFORM golang:"),
        "{go}"
    );
    assert!(go.contains("ARG TARGETOS TARGETARCH"), "{go}");
    assert!(
        go.contains("GOOS=$TARGETOS GOARCH=$TARGETARCH go build"),
        "{go}"
    );
    // The runtime stage is the target platform's own.
    assert!(
        !go.contains("FROM --platform=$BUILDPLATFORM gcr.io"),
        "{go}"
    );

    // cgo needs the target's C toolchain: no cross-compiling there.
    let (code, cgo, err) = generate("go-cgo", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !cgo.contains("--platform") && !cgo.contains("TARGETARCH"),
        "{cgo}"
    );

    let (code, dotnet, err) = generate("dotnet-web", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        dotnet.contains("FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:"),
        "{dotnet}"
    );
    assert!(dotnet.contains("amd64) arch=x64"), "{dotnet}");
    assert!(
        dotnet.contains("dotnet restore src/Api/Api.csproj -a \"$arch\""),
        "{dotnet}"
    );
    assert!(
        dotnet.contains("-a \"$arch\" --self-contained false"),
        "{dotnet}"
    );
    // The preview's why for the builder's FROM says what the platform flag buys.
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let draft = stagecraft::answers::Draft {
        language: Some("go".into()),
        ..Default::default()
    };
    let plan = draft.plan(&catalog).expect("plan");
    let output = stagecraft::dockerfile::generate(&plan).expect("output");
    let from = &output.model.stages[0].instructions[0];
    assert!(
        from.why.contains("cross-compiles") && from.why.contains("linux/arm64"),
        "{}",
        from.why
    );
}

#[test]
fn rust_cross_compiles_as_an_option_with_a_cross_linker() {
    let (code, plain, err) = generate("rust-basic", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(!plain.contains("--platform"), "{plain}");
    let (code, cross, err) = generate("rust-basic", &["--variant", "cross"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        cross.contains("FROM --platform=$BUILDPLATFORM rust:"),
        "{cross}"
    );
    assert!(cross.contains("ARG TARGETOS TARGETARCH"), "{cross}");
    assert!(
        cross.contains("gcc-$gcc-linux-gnu") && cross.contains("libc6-dev-$deb-cross"),
        "{cross}"
    );
    assert!(
        cross.contains("CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc"),
        "{cross}"
    );
    assert!(cross.contains("rustup target add"), "{cross}");
    assert!(
        cross.contains("COPY --from=builder") && cross.contains("/out/hello-api /app/hello-api"),
        "{cross}"
    );
}

#[test]
fn support_is_read_against_today() {
    let dir = fixture("versions-python-314");
    let path = dir.to_str().expect("path");
    let (_, _, before) = run(&["generate", path, "--stdout"], "2030-01-01");
    assert!(
        before.contains("note: Python 3.14: support ends in 9 months (2030-10-31)"),
        "{before}"
    );
    let (_, _, after) = run(&["generate", path, "--stdout"], "2030-11-01");
    assert!(
        after.contains("warning: Python 3.14: support ended 2030-10-31"),
        "{after}"
    );

    let (code, _, err) = run(&["generate", path, "--stdout"], "tomorrow");
    assert_eq!(code, 2);
    assert!(
        err.contains("STAGECRAFT_TODAY") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
}

#[test]
fn an_ended_default_is_never_used_when_a_supported_version_fits() {
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let today = Date::parse("2027-05-01").expect("date");
    let node = catalog.language("node").expect("node");
    // Node 22's support ends 2027-04-30: after that day, a project pinning nothing gets 24.
    assert_eq!(
        eol::default_version(node, Date::parse("2027-04-30").expect("date")),
        "22"
    );
    assert_eq!(eol::default_version(node, today), "24");
    // A minimum below both skips the ended one too.
    let mapped = detect::map_version(node, ">=18", true, today);
    assert_eq!(
        mapped,
        Some(detect::Mapped::Use(
            "24".into(),
            ": 24 is the lowest supported version offered that satisfies it (22 skipped: support ended)".into()
        ))
    );
}

#[test]
fn every_catalog_version_has_a_support_date_or_a_reason_for_none() {
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    for language in &catalog.languages {
        if language.versions.is_empty() {
            continue;
        }
        assert!(
            !language.support_source.is_empty(),
            "{}: say where the dates come from",
            language.id
        );
        for version in language.support_ends.keys() {
            assert!(
                language.versions.contains(version),
                "{}: {version} is not offered",
                language.id
            );
        }
    }
    for (id, version) in [
        ("python", "3.14"),
        ("node", "24"),
        ("ruby", "4.0"),
        ("php", "8.4"),
        ("php", "8.5"),
        ("java", "25"),
        ("dotnet", "8.0"),
        ("dotnet", "9.0"),
        ("dotnet", "10.0"),
    ] {
        let language = catalog.language(id).expect("language");
        assert!(
            language.support_ends.contains_key(version),
            "{id} {version} has no date"
        );
    }
    for base in &catalog.bases {
        if base.support_ends.is_some() {
            assert!(
                !base.support_source.is_empty(),
                "{}: say where the date comes from",
                base.id
            );
        }
        for pitfall in &base.pitfalls {
            // Dates that age are written as {support:YYYY-MM-DD}, never as frozen prose.
            assert!(
                !pitfall.contains("reach end of life in"),
                "{}: {pitfall}",
                base.id
            );
        }
    }
}

#[test]
fn a_bad_support_date_in_a_catalog_file_names_the_file_and_the_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cat = dir.path().join("cat");
    std::fs::create_dir_all(&cat).expect("mkdir");
    let python = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/catalog/languages/python.toml"),
    )
    .expect("python.toml");
    let broken = python.replace("\"3.12\" = \"2028-10-31\"", "\"3.12\" = \"2028-13-01\"");
    assert_ne!(broken, python, "the date to break is in the file");
    std::fs::write(cat.join("python.toml"), broken).expect("write");
    let (code, _, err) = run(
        &["catalog", "--catalog", cat.to_str().expect("path")],
        TODAY,
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("python.toml") && err.contains("2028-13-01") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
}

#[test]
fn an_ended_base_is_recommended_only_when_no_supported_one_fits() {
    let catalog = stagecraft::catalog::builtin().expect("catalog");
    let rust = catalog.language("rust").expect("rust");
    let mut build = rust.build_system("cargo").expect("cargo").clone();
    build.recommended = vec!["debian-bookworm-slim".into(), "debian-trixie-slim".into()];
    let on = |day: &str| {
        stagecraft::compat::recommended_on(
            &catalog,
            &build,
            "1.98",
            Date::parse(day).expect("date"),
        )
        .map(|b| b.id.clone())
    };
    assert_eq!(on("2026-06-10").as_deref(), Some("debian-bookworm-slim"));
    assert_eq!(on("2026-06-11").as_deref(), Some("debian-trixie-slim"));

    let (code, table, err) = run(&["bases", "--language", "rust"], TODAY);
    assert_eq!(code, 0, "{err}");
    let row = |id: &str| {
        table
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no {id} row in\n{table}"))
            .to_string()
    };
    assert!(
        row("debian-bookworm-slim").contains("ended 2026-06-10"),
        "{table}"
    );
    assert!(
        row("debian-trixie-slim").contains("ends in 20 months"),
        "{table}"
    );
    assert!(row("scratch").contains(" - "), "{table}");
    let (_, json, _) = run(&["bases", "--language", "rust", "--format", "json"], TODAY);
    let rows: serde_json::Value = serde_json::from_str(&json).expect("json");
    let distroless = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == "distroless-static")
        .expect("distroless-static");
    assert_eq!(distroless["support_ends"], "2028-08-09");
    assert!(
        distroless["pitfalls"]
            .as_array()
            .expect("pitfalls")
            .iter()
            .any(|p| p
                .as_str()
                .is_some_and(|p| p.contains("support ended 2026-09-01"))),
        "{distroless}"
    );
}
