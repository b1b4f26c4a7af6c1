//! `generate --compose`: compose.yaml that the Compose tool itself accepts (Debian's docker-compose, which
//! scripts/test installs), README.Docker.md with this app's commands, and the Dockerfile's no-clobber rules.

use std::{fs, path::Path, process::Command};

mod common;

use common::{stagecraft_in as stagecraft, text};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name);
    copy_dir(&src, dir.path());
    dir
}

/// `docker-compose config` parses and validates the file against the Compose specification, and prints it
/// normalised.
fn compose_config(dir: &Path, file: &str) -> String {
    let out = Command::new("docker-compose")
        .args(["-f", file, "config"])
        .current_dir(dir)
        .output()
        .expect(
            "docker-compose is installed (scripts/test installs Debian's docker-compose package)",
        );
    assert!(
        out.status.success(),
        "docker-compose refused {file}:\n{}\n{}",
        text(&out.stderr),
        fs::read_to_string(dir.join(file)).unwrap_or_default()
    );
    text(&out.stdout)
}

#[test]
fn compose_files_are_accepted_by_compose_for_every_kind_of_app() {
    for project in [
        "go-basic",
        "python-fastapi-uv",
        "node-npm-express",
        "dotnet-web",
        "ruby-rails",
        "static-vite",
        "java-maven-spring",
        "php-plain",
    ] {
        let dir = fixture(project);
        let out = stagecraft(&["generate", "--compose"], dir.path());
        assert!(out.status.success(), "{project}: {}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("compose.yaml") && stdout.contains("README.Docker.md"),
            "{stdout}"
        );
        let written = fs::read_to_string(dir.path().join("compose.yaml")).expect("compose.yaml");
        let config = compose_config(dir.path(), "compose.yaml");
        let dockerfile = fs::read_to_string(dir.path().join("Dockerfile")).expect("Dockerfile");
        if let Some(expose) = dockerfile.lines().find_map(|l| l.strip_prefix("EXPOSE ")) {
            let published = format!("127.0.0.1:{expose}:{expose}");
            assert!(
                config.contains(&published),
                "{project}: port not on loopback:\n{config}"
            );
        }
        if dockerfile.contains("HEALTHCHECK") {
            assert!(config.contains("healthcheck:"), "{project}:\n{config}");
            // The same probe words as the Dockerfile's exec form.
            let probe = dockerfile
                .split("CMD [")
                .nth(1)
                .and_then(|rest| rest.split(',').next())
                .expect("exec-form HEALTHCHECK");
            assert!(
                written.contains(probe),
                "{project}: {probe} not in\n{written}"
            );
        }
        assert!(
            !written.contains("env_file"),
            "{project}: no .env.example, no env_file"
        );
        let readme =
            fs::read_to_string(dir.path().join("README.Docker.md")).expect("README.Docker.md");
        for needle in [
            "docker build -t app .",
            "--target builder",
            "docker image ls app",
            "docker buildx build --platform linux/amd64,linux/arm64 -t app .",
            "docker compose up --build",
        ] {
            assert!(
                readme.contains(needle),
                "{project}: README.Docker.md lacks `{needle}`"
            );
        }
    }
}

#[test]
fn an_env_example_becomes_the_env_file_and_says_it_is_an_example() {
    let dir = fixture("node-npm-express");
    fs::write(
        dir.path().join(".env.example"),
        "GREETING=hello $USER\nPORT=3000\n",
    )
    .expect("write");
    let out = stagecraft(&["generate", "--compose"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = fs::read_to_string(dir.path().join("compose.yaml")).expect("compose.yaml");
    assert!(written.contains("example values"), "{written}");
    let config = compose_config(dir.path(), "compose.yaml");
    assert!(config.contains("GREETING"), "{config}");
}

#[test]
fn an_existing_compose_file_is_diffed_not_clobbered() {
    let dir = fixture("go-basic");
    let mine = "services:\n  db:\n    image: postgres:17\n";
    fs::write(dir.path().join("docker-compose.yml"), mine).expect("write");
    let out = stagecraft(&["generate", "--compose"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("-    image: postgres:17") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("docker-compose.yml")).expect("read"),
        mine
    );
    for never in ["compose.yaml", "Dockerfile", "README.Docker.md"] {
        assert!(!dir.path().join(never).exists(), "{never} was written");
    }

    let forced = stagecraft(&["generate", "--compose", "--force"], dir.path());
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert_eq!(
        fs::read_to_string(dir.path().join("docker-compose.yml.bak")).expect("backup"),
        mine
    );
    assert!(
        !dir.path().join("compose.yaml").exists(),
        "one compose file, not two"
    );
    compose_config(dir.path(), "docker-compose.yml");
}

#[test]
fn without_the_flag_no_compose_file_is_written() {
    let dir = fixture("go-basic");
    let out = stagecraft(&["generate"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!dir.path().join("compose.yaml").exists());
    assert!(!dir.path().join("README.Docker.md").exists());
}

#[test]
fn the_how_to_run_doc_says_whether_the_build_cross_compiles() {
    for (project, expect) in [
        ("go-basic", "cross-compiles for each target"),
        ("dotnet-web", "cross-compiles for each target"),
        ("python-fastapi-uv", "emulates it"),
        ("rust-basic", "--variant cross"),
    ] {
        let dir = fixture(project);
        let out = stagecraft(&["generate", "--compose"], dir.path());
        assert!(out.status.success(), "{project}: {}", text(&out.stderr));
        let readme =
            fs::read_to_string(dir.path().join("README.Docker.md")).expect("README.Docker.md");
        assert!(
            readme.contains(expect),
            "{project}: no `{expect}` in\n{readme}"
        );
        // The advice names a variant only where the catalog has one that cross-compiles.
        assert_eq!(
            readme.contains("--variant"),
            project == "rust-basic",
            "{project}:\n{readme}"
        );
    }
}
