//! The real binary: files written, never clobbered, exit codes, JSON shapes, answers that reproduce output.

use std::{
    fs,
    path::Path,
    process::{Command, Output, Stdio},
};

fn stagecraft(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(args)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join(".no-user-config"))
        .stdin(Stdio::null())
        .output()
        .expect("run stagecraft")
}

/// A catalog folder `cat/` with one file, for --catalog.
fn catalog_file(dir: &Path, name: &str, toml: &str) {
    fs::create_dir_all(dir.join("cat")).expect("mkdir");
    fs::write(dir.join("cat").join(name), toml).expect("write");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn generate_writes_both_files_and_the_next_commands() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = stagecraft(
        &["generate", "--language", "go", "--port", "9090"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dockerfile = fs::read_to_string(dir.path().join("Dockerfile")).expect("Dockerfile");
    assert!(dockerfile.contains("EXPOSE 9090"));
    assert!(
        fs::read_to_string(dir.path().join(".dockerignore"))
            .expect(".dockerignore")
            .contains(".git")
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("wrote ./Dockerfile") && stdout.contains("docker build -t app ."),
        "{stdout}"
    );
    assert!(
        stdout.contains("docker run --rm -p 9090:9090 app"),
        "{stdout}"
    );
    assert!(stdout.contains("--target builder"), "{stdout}");
    let again = stagecraft(
        &["generate", "--language", "go", "--port", "9090"],
        dir.path(),
    );
    assert!(again.status.success());
    assert!(text(&again.stdout).contains("unchanged ./Dockerfile"));
}

#[test]
fn an_existing_different_dockerfile_is_never_clobbered_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("Dockerfile"), "FROM mine:1\n").expect("write");
    let out = stagecraft(&["generate", "--language", "go"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("-FROM mine:1") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).expect("read"),
        "FROM mine:1\n"
    );
    assert!(
        !dir.path().join(".dockerignore").exists(),
        "nothing may be half-written"
    );

    let forced = stagecraft(&["generate", "--language", "go", "--force"], dir.path());
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile.bak")).expect("backup"),
        "FROM mine:1\n"
    );
    assert!(
        fs::read_to_string(dir.path().join("Dockerfile"))
            .expect("read")
            .contains("AS runtime")
    );
}

#[test]
fn saved_answers_reproduce_the_output_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = stagecraft(
        &[
            "generate",
            "--language",
            "python",
            "--framework",
            "fastapi",
            "--base",
            "python-alpine",
            "--user",
            "web:2000",
            "--healthcheck",
            "http:/health",
            "--arg",
            "APP_VERSION=1.0 \"rc\"",
            "--arg",
            "global:MIRROR=x",
            "--test-stage",
            "--no-comments",
            "--stdout",
            "--save-answers",
            "answers.toml",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let first = out.stdout;
    let saved = fs::read_to_string(dir.path().join("answers.toml")).expect("answers");
    let other = tempfile::tempdir().expect("tempdir");
    fs::copy(
        dir.path().join("answers.toml"),
        other.path().join("answers.toml"),
    )
    .expect("copy");
    let again = stagecraft(
        &[
            "generate",
            "--answers",
            "answers.toml",
            "--stdout",
            "--save-answers",
            "again.toml",
        ],
        other.path(),
    );
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(text(&first), text(&again.stdout));
    assert_eq!(
        saved,
        fs::read_to_string(other.path().join("again.toml")).expect("again")
    );
    let answers: stagecraft::answers::Answers = toml::from_str(&saved).expect("answers parse");
    assert_eq!(
        answers.to_toml(),
        saved,
        "answers round-trip through TOML byte for byte"
    );
}

#[test]
fn the_same_answers_give_identical_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = stagecraft(&["generate", "--language", "java", "--stdout"], dir.path());
    let b = stagecraft(&["generate", "--language", "java", "--stdout"], dir.path());
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn bad_input_exits_2_and_says_what_and_how() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["generate", "--language", "cobol", "--stdout"],
            &["language", "cobol", "go"],
        ),
        (
            &[
                "generate",
                "--language",
                "go",
                "--port",
                "70000",
                "--stdout",
            ],
            &["--port", "65535"],
        ),
        (
            &[
                "generate",
                "--language",
                "go",
                "--arg",
                "GITHUB_TOKEN=x",
                "--stdout",
            ],
            &["arg[0].name", "--mount=type=secret"],
        ),
        (
            &[
                "generate",
                "--language",
                "python",
                "--base",
                "scratch",
                "--stdout",
            ],
            &["base", "Python"],
        ),
        (
            &[
                "generate",
                "--language",
                "go",
                "--user",
                "root:0",
                "--stdout",
            ],
            &["user.uid", "root"],
        ),
        (
            &[
                "generate",
                "--language",
                "go",
                "--health-interval",
                "soon",
                "--stdout",
            ],
            &["healthcheck.interval", "30s"],
        ),
        (
            &[
                "generate",
                "--language",
                "go",
                "--variant",
                "turbo",
                "--stdout",
            ],
            &["variant", "cgo"],
        ),
        (
            &[
                "generate",
                "--language",
                "custom",
                "--param",
                "build_command=make \\",
                "--stdout",
            ],
            &["params.build_command", "join the next Dockerfile line"],
        ),
        (
            &["generate", "--answers", "missing.toml"],
            &["missing.toml"],
        ),
        (
            &["generate", "no-such-dir"],
            &["no-such-dir", "not a folder"],
        ),
    ];
    for (args, needles) in cases {
        let out = stagecraft(args, dir.path());
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        for needle in *needles {
            assert!(
                stderr.contains(needle),
                "{args:?}: `{needle}` not in: {stderr}"
            );
        }
        assert!(
            !dir.path().join("Dockerfile").exists(),
            "{args:?} wrote a file"
        );
    }
}

#[test]
fn broken_answers_and_catalog_files_name_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("a.toml"),
        "language = \"go\"\nport = \"eighty\"\n",
    )
    .expect("write");
    let out = stagecraft(&["generate", "--answers", "a.toml", "--stdout"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("a.toml") && stderr.contains("line 2"),
        "{stderr}"
    );

    catalog_file(
        dir.path(),
        "extra.toml",
        "[[base]]\nid = \"mine\"\nlibc = \"klibc\"\n",
    );
    let out = stagecraft(&["bases", "--catalog", "cat"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("extra.toml") && stderr.contains("line 3") && stderr.contains("klibc"),
        "{stderr}"
    );
}

#[test]
fn a_user_catalog_can_add_a_base() {
    let dir = tempfile::tempdir().expect("tempdir");
    catalog_file(
        dir.path(),
        "wolfi.toml",
        r#"[[base]]
id = "wolfi"
name = "Wolfi base"
image = "cgr.dev/chainguard/wolfi-base"
tag = "20260801"
family = "chainguard"
description = "glibc with apk and busybox"
size = {}
shell = "sh"
package_manager = "apk"
libc = "glibc"
ca_certs = true
tzdata = false
default_user = "root"
nonroot_user = { name = "nonroot", uid = 65532, gid = 65532 }
user_tools = "busybox"
probes = ["wget"]
suits = "glibc apps that want apk"
source = "[CG]"
"#,
    );
    let out = stagecraft(
        &[
            "generate",
            "--catalog",
            "cat",
            "--language",
            "go",
            "--variant",
            "cgo",
            "--base",
            "wolfi",
            "--stdout",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("FROM cgr.dev/chainguard/wolfi-base:20260801 AS runtime"));
}

#[test]
fn bases_json_has_fit_and_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = stagecraft(
        &["bases", "--language", "python", "--format", "json"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rows = rows.as_array().expect("array");
    let find = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    assert_eq!(find("python-slim")["compatible"], true);
    assert_eq!(find("python-slim")["recommended"], true);
    assert_eq!(find("scratch")["compatible"], false);
    assert!(
        find("scratch")["reason"]
            .as_str()
            .expect("reason")
            .contains("Python")
    );
    assert_eq!(
        find("distroless-python")["compatible"],
        false,
        "3.12 venv on a 3.13 base"
    );
    for row in rows {
        for key in ["id", "image", "compatible", "reason"] {
            assert!(!row[key].is_null(), "{key} missing in {row}");
        }
    }
    let table = stagecraft(&["bases", "--language", "go"], dir.path());
    let table = text(&table.stdout);
    assert!(table.contains("FIT") && table.contains("fits *"), "{table}");
}

#[test]
fn catalog_json_lists_languages_build_systems_and_bases() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = stagecraft(&["catalog", "--format", "json"], dir.path());
    assert!(out.status.success());
    let catalog: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let languages = catalog["languages"].as_array().expect("languages");
    let go = languages.iter().find(|l| l["id"] == "go").expect("go");
    assert_eq!(go["build_systems"][0]["id"], "go-modules");
    assert!(go["name"].is_string() && go["build_systems"][0]["name"].is_string());
    let bases = catalog["bases"].as_array().expect("bases");
    assert!(
        bases
            .iter()
            .any(|b| b["id"] == "scratch" && b["image"] == "scratch")
    );
    assert!(bases.len() >= 25);
}

#[test]
fn without_a_terminal_the_wizard_explains_generate_and_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = stagecraft(&[], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("stagecraft generate") && stderr.contains("--answers"),
        "{stderr}"
    );
}

#[test]
fn output_elsewhere_and_no_dockerignore() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = stagecraft(
        &[
            "generate",
            "--language",
            "rust",
            "-o",
            "build.Dockerfile",
            "--no-dockerignore",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.path().join("build.Dockerfile").exists());
    assert!(!dir.path().join(".dockerignore").exists());
    assert!(text(&out.stdout).contains("-f build.Dockerfile"));
}

#[test]
fn a_user_catalog_can_add_a_build_system_to_a_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    catalog_file(
        dir.path(),
        "make.toml",
        r#"[[build_system]]
language = "go"
id = "make"
name = "make"
description = "go built by the project's Makefile"
builder = "golang:{version}-bookworm"
manifests = ["go.mod", "Makefile"]
build = [{ run = "make build" }]
artifacts = [{ from = "/src/bin/app", to = "/app/app" }]
command = ["/app/app"]
needs = { libc = "none" }
recommended = ["distroless-static"]
"#,
    );
    let out = stagecraft(
        &[
            "generate",
            "--catalog",
            "cat",
            "--language",
            "go",
            "--build-system",
            "make",
            "--stdout",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dockerfile = text(&out.stdout);
    assert!(
        dockerfile.contains("RUN make build") && dockerfile.contains("distroless/static"),
        "{dockerfile}"
    );
}
