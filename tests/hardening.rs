//! Hostile projects and clumsy users against the real binary: nothing the user wrote is lost or written through a
//! link, writes are all-or-nothing even under concurrent runs, no project file can hang or flood a run, and every
//! error says precisely what was wrong. Each test is named after the guarantee it proves (see README, Reliability).

mod common;

use std::{
    fs,
    io::Read,
    os::unix::fs::{PermissionsExt, symlink},
    path::Path,
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

fn cmd(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stagecraft"));
    cmd.current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join(".no-user-config"))
        .stdin(Stdio::null());
    cmd
}

fn stagecraft(args: &[&str], dir: &Path) -> Output {
    cmd(dir).args(args).output().expect("run stagecraft")
}

/// Runs the binary and fails the test (instead of hanging it) when it does not finish within `limit`.
fn bounded(args: &[&str], dir: &Path, limit: Duration) -> Output {
    let child = cmd(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn stagecraft");
    wait_bounded(child, limit, args)
}

fn wait_bounded(mut child: Child, limit: Duration, what: &[&str]) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("stagecraft {what:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn backups(dir: &Path, name: &str) -> Vec<String> {
    let mut found: Vec<String> = fs::read_dir(dir)
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!("{name}.bak")))
        .collect();
    found.sort();
    found
}

const GO: [&str; 3] = ["generate", "--language", "go"];

fn go(extra: &[&str]) -> Vec<String> {
    GO.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn run_go(dir: &Path, extra: &[&str]) -> Output {
    let args = go(extra);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    stagecraft(&args, dir)
}

#[test]
fn item_01_bak_symlink_is_not_followed() {
    let outside = tempfile::tempdir().expect("tempdir");
    let victim = outside.path().join("bashrc");
    fs::write(&victim, "export PS1=mine\n").expect("write");
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    fs::write(p.join("Dockerfile"), "FROM mine\n").expect("write");
    fs::write(p.join(".dockerignore"), "mine\n").expect("write");
    fs::write(p.join("answers.toml"), "# mine\n").expect("write");
    for name in ["Dockerfile.bak", ".dockerignore.bak", "answers.toml.bak"] {
        symlink(&victim, p.join(name)).expect("symlink");
    }
    let out = run_go(p, &["--force", "--save-answers", "answers.toml"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(&victim).expect("victim"),
        "export PS1=mine\n",
        "a backup was written through the project's symlink"
    );
    for (name, original) in [
        ("Dockerfile", "FROM mine\n"),
        (".dockerignore", "mine\n"),
        ("answers.toml", "# mine\n"),
    ] {
        let link = p.join(format!("{name}.bak"));
        assert!(
            fs::symlink_metadata(&link)
                .expect("link")
                .file_type()
                .is_symlink(),
            "{name}.bak was replaced"
        );
        let kept = p.join(format!("{name}.bak.1"));
        assert_eq!(
            fs::read_to_string(&kept).unwrap_or_default(),
            original,
            "the original {name} is not kept as {name}.bak.1: {}",
            text(&out.stdout)
        );
    }
}

#[test]
fn item_01_dockerfile_symlink_is_not_replaced() {
    let outside = tempfile::tempdir().expect("tempdir");
    let victim = outside.path().join("target");
    fs::write(&victim, "theirs\n").expect("write");
    let dir = tempfile::tempdir().expect("tempdir");
    symlink(&victim, dir.path().join("Dockerfile")).expect("symlink");
    let out = run_go(dir.path(), &["--force"]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("symbolic link"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read_to_string(&victim).expect("victim"), "theirs\n");
}

fn catalog_dir(p: &Path, files: &[(&str, &str)]) -> String {
    let cat = p.join("cat");
    fs::create_dir_all(&cat).expect("mkdir");
    for (name, body) in files {
        fs::write(cat.join(name), body).expect("write");
    }
    cat.display().to_string()
}

const CUSTOM_LANGUAGE: &str = r#"
[[language]]
id = "mylang"
name = "My language"
description = "d"

[[language.build_system]]
id = "make"
name = "make"
description = "d"
builder = "debian:trixie-slim"
manifests = ["Makefile"]
artifacts = [{ from = "/src/app", to = "/app/app" }]
command = ["/app/app"]
recommended = ["debian-trixie-slim"]
needs = { libc = "glibc" }
build = [{ run = "make" }]
"#;

#[test]
fn item_03_catalog_newline_in_a_field_is_refused() {
    let fields = [
        (
            "build = [{ run = \"make\" }]",
            "build = [{ run = \"make\\nRUN curl x | sh\" }]",
            "run",
        ),
        (
            "builder = \"debian:trixie-slim\"",
            "builder = \"debian:trixie-slim\\nRUN id\"",
            "builder",
        ),
        (
            "manifests = [\"Makefile\"]",
            "manifests = [\"Makefile\\nRUN id\"]",
            "manifests",
        ),
        (
            "description = \"d\"\nbuilder",
            "description = \"d\"\nworkdir = \"/src\\nRUN id\"\nbuilder",
            "workdir",
        ),
        (
            "artifacts = [{ from = \"/src/app\", to = \"/app/app\" }]",
            "artifacts = [{ from = \"/src/app\\nRUN id\", to = \"/app/app\" }]",
            "from",
        ),
        (
            "command = [\"/app/app\"]",
            "command = [\"/app/app\"]\nenv = { X = \"1\\nRUN id\" }",
            "env",
        ),
    ];
    for (from, to, field) in fields {
        let dir = tempfile::tempdir().expect("tempdir");
        let body = CUSTOM_LANGUAGE.replacen(from, to, 1);
        assert_ne!(body, CUSTOM_LANGUAGE, "{from}");
        let cat = catalog_dir(dir.path(), &[("mine.toml", &body)]);
        let out = stagecraft(
            &[
                "generate",
                "--catalog",
                &cat,
                "--language",
                "mylang",
                "--stdout",
            ],
            dir.path(),
        );
        let err = text(&out.stderr);
        assert_eq!(code(&out), 2, "{field}: {}{err}", text(&out.stdout));
        assert!(
            err.contains("mine.toml") && err.contains("line ") && err.contains(field),
            "{field}: {err}"
        );
    }
    // The untouched file is valid: the refusals above are about the field.
    let dir = tempfile::tempdir().expect("tempdir");
    let cat = catalog_dir(dir.path(), &[("mine.toml", CUSTOM_LANGUAGE)]);
    let out = stagecraft(
        &[
            "generate",
            "--catalog",
            &cat,
            "--language",
            "mylang",
            "--stdout",
        ],
        dir.path(),
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
}

#[test]
fn item_03_duplicate_catalog_ids_are_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cat = catalog_dir(
        dir.path(),
        &[("a.toml", CUSTOM_LANGUAGE), ("b.toml", CUSTOM_LANGUAGE)],
    );
    let out = stagecraft(&["catalog", "--catalog", &cat], dir.path());
    let err = text(&out.stderr);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.contains("a.toml") && err.contains("b.toml") && err.contains("mylang"),
        "{err}"
    );
    let twice = format!("{CUSTOM_LANGUAGE}{CUSTOM_LANGUAGE}");
    let dir = tempfile::tempdir().expect("tempdir");
    let cat = catalog_dir(dir.path(), &[("c.toml", &twice)]);
    let out = stagecraft(&["catalog", "--catalog", &cat], dir.path());
    let err = text(&out.stderr);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.contains("c.toml") && err.contains("line 3") && err.contains("line 20"),
        "{err}"
    );
}

#[test]
fn item_04_repeated_force_keeps_the_original() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    fs::write(p.join("Dockerfile"), "FROM original\n").expect("write");
    for port in ["8001", "8002", "8003"] {
        let out = run_go(p, &["--force", "--port", port]);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    }
    let kept: Vec<String> = backups(p, "Dockerfile")
        .iter()
        .map(|b| fs::read_to_string(p.join(b)).expect("backup"))
        .collect();
    assert!(
        kept.iter().any(|k| k == "FROM original\n"),
        "the original Dockerfile is gone; backups: {kept:?}"
    );
    assert_eq!(kept.len(), 3, "one backup per replaced version: {kept:?}");
    // The same content again is not replaced, so no new backup appears.
    let out = run_go(p, &["--force", "--port", "8003"]);
    assert_eq!(code(&out), 0);
    assert_eq!(backups(p, "Dockerfile").len(), 3);
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("stat").permissions().mode() & 0o777
}

#[test]
fn item_05_new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 027; exec \"$0\" generate --language go --save-answers answers.toml")
        .arg(env!("CARGO_BIN_EXE_stagecraft"))
        .current_dir(p)
        .env("XDG_CONFIG_HOME", p.join(".no-user-config"))
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    for name in ["Dockerfile", ".dockerignore", "answers.toml"] {
        assert_eq!(mode(&p.join(name)), 0o640, "{name}");
    }
    fs::write(p.join("Dockerfile"), "FROM old\n").expect("write");
    fs::set_permissions(p.join("Dockerfile"), fs::Permissions::from_mode(0o664)).expect("chmod");
    let out = run_go(p, &["--force"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(mode(&p.join("Dockerfile")), 0o664);
    assert_eq!(mode(&p.join("Dockerfile.bak")), 0o664);
}

#[test]
fn item_06_dockerfile_and_dockerignore_are_written_both_or_neither() {
    // .dockerignore cannot be written (it is a folder): the existing Dockerfile stays, no backup is left.
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    fs::write(p.join("Dockerfile"), "FROM old\n").expect("write");
    fs::create_dir(p.join(".dockerignore")).expect("mkdir");
    let out = run_go(p, &["--force"]);
    assert_ne!(code(&out), 0);
    assert!(
        text(&out.stderr).contains(".dockerignore"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        fs::read_to_string(p.join("Dockerfile")).expect("Dockerfile"),
        "FROM old\n"
    );
    assert_eq!(backups(p, "Dockerfile"), Vec::<String>::new());
    // Same without an existing Dockerfile: none is created.
    fs::remove_file(p.join("Dockerfile")).expect("rm");
    let out = run_go(p, &[]);
    assert_ne!(code(&out), 0);
    assert!(
        !p.join("Dockerfile").exists(),
        "a Dockerfile was written alone"
    );
}

#[test]
fn item_06_unwritable_second_file_rolls_back_the_first() {
    // The .dockerignore's folder refuses new files while the Dockerfile goes elsewhere (-o): neither is written.
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    let project = p.join("project");
    fs::create_dir(&project).expect("mkdir");
    fs::write(project.join(".dockerignore"), "old\n").expect("write");
    fs::create_dir(p.join("out")).expect("mkdir");
    fs::write(p.join("out/Dockerfile"), "FROM old\n").expect("write");
    // A .dockerignore.bak folder and its numbered successors make the backup impossible.
    for i in 0..=100 {
        let name = if i == 0 {
            ".dockerignore.bak".to_string()
        } else {
            format!(".dockerignore.bak.{i}")
        };
        fs::create_dir(project.join(name)).expect("mkdir");
    }
    let out = stagecraft(
        &[
            "generate",
            "project",
            "--language",
            "go",
            "--force",
            "-o",
            "out/Dockerfile",
        ],
        p,
    );
    assert_ne!(code(&out), 0, "{}", text(&out.stdout));
    assert_eq!(
        fs::read_to_string(p.join("out/Dockerfile")).expect("df"),
        "FROM old\n"
    );
    assert_eq!(
        fs::read_to_string(project.join(".dockerignore")).expect("di"),
        "old\n"
    );
    assert_eq!(backups(&p.join("out"), "Dockerfile"), Vec::<String>::new());
}

#[test]
fn item_07_concurrent_runs_never_clobber() {
    for round in 0..3 {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path();
        let children: Vec<(String, Child)> = (0..10)
            .map(|i| {
                let port = format!("{}", 8100 + i);
                let child = cmd(p)
                    .args([
                        "generate",
                        "--no-detect",
                        "--language",
                        "go",
                        "--port",
                        &port,
                    ])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn");
                (port, child)
            })
            .collect();
        let mut winners = Vec::new();
        for (port, child) in children {
            let out = wait_bounded(child, Duration::from_secs(60), &["generate"]);
            match code(&out) {
                0 => winners.push(port),
                2 => assert!(
                    text(&out.stderr).contains("not overwriting"),
                    "{}",
                    text(&out.stderr)
                ),
                other => panic!("exit {other}: {}", text(&out.stderr)),
            }
        }
        assert_eq!(
            winners.len(),
            1,
            "round {round}: {winners:?} all said they wrote"
        );
        let dockerfile = fs::read_to_string(p.join("Dockerfile")).expect("Dockerfile");
        assert!(
            dockerfile.contains(&format!("EXPOSE {}", winners[0])),
            "{dockerfile}"
        );
        assert_eq!(backups(p, "Dockerfile"), Vec::<String>::new());
    }
}

#[test]
fn item_08_save_answers_only_when_the_run_succeeds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    fs::write(p.join("Dockerfile"), "FROM mine\n").expect("write");
    let out = run_go(p, &["--save-answers", "answers.toml"]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert!(
        !p.join("answers.toml").exists(),
        "answers saved by a run that wrote nothing"
    );
}

#[test]
fn item_08_save_answers_does_not_replace_a_different_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    fs::write(p.join("answers.toml"), "# mine\n").expect("write");
    let out = run_go(p, &["--save-answers", "answers.toml"]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(p.join("answers.toml")).expect("read"),
        "# mine\n"
    );
    assert!(!p.join("Dockerfile").exists(), "half a run was written");
    let out = run_go(p, &["--stdout", "--save-answers", "answers.toml"]);
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(p.join("answers.toml")).expect("read"),
        "# mine\n"
    );
    let out = run_go(p, &["--force", "--save-answers", "answers.toml"]);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(p.join("answers.toml.bak")).expect("bak"),
        "# mine\n"
    );
}

#[test]
fn item_09_manifest_symlink_to_dev_zero_is_not_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    symlink("/dev/zero", dir.path().join("package.json")).expect("symlink");
    symlink("/dev/zero", dir.path().join("pnpm-workspace.yaml")).expect("symlink");
    symlink("/dev/zero", dir.path().join(".gitignore")).expect("symlink");
    let out = bounded(
        &["detect", "--format", "json"],
        dir.path(),
        Duration::from_secs(20),
    );
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    // The links are left alone: nothing is detected from them, and the ignore file's link is named.
    let stdout = text(&out.stdout);
    assert!(stdout.contains("no manifest stagecraft knows"), "{stdout}");
    assert!(stdout.contains(".gitignore is a symbolic link"), "{stdout}");
}

#[test]
fn item_09_fifo_manifests_do_not_hang() {
    for name in [
        "Cargo.toml",
        "package.json",
        "pnpm-workspace.yaml",
        "go.mod",
        ".gitignore",
        ".dockerignore",
        "sub/.gitignore",
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::write(dir.path().join("main.go"), "package main\n").expect("write");
        fs::create_dir(dir.path().join("sub")).expect("mkdir");
        mkfifo(&dir.path().join(name));
        let out = bounded(
            &["detect", "--format", "json"],
            dir.path(),
            Duration::from_secs(20),
        );
        assert_eq!(code(&out), 0, "{name}: {}", text(&out.stderr));
    }
}

#[test]
fn item_10_answers_file_must_be_a_bounded_regular_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    mkfifo(&p.join("fifo.toml"));
    symlink("/dev/zero", p.join("zero.toml")).expect("symlink");
    let big = format!("language = \"go\"\n#{}\n", "x".repeat(2 * 1024 * 1024));
    fs::write(p.join("big.toml"), big).expect("write");
    for (file, expected) in [
        ("fifo.toml", "not a regular file"),
        ("zero.toml", "symbolic link"),
        ("big.toml", "larger than 1 MiB"),
        ("missing.toml", "No such file"),
    ] {
        let out = bounded(
            &["generate", "--no-detect", "--answers", file, "--stdout"],
            p,
            Duration::from_secs(20),
        );
        let err = text(&out.stderr);
        assert_eq!(code(&out), 2, "{file}: {err}");
        assert!(
            err.contains(file) && err.contains(expected),
            "{file}: {err}"
        );
    }
}

#[test]
fn item_10_answers_fields_are_bounded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    let long = "a".repeat(100_000);
    let cases = [
        format!("language = \"go\"\ncommand = [\"{long}\"]\n"),
        format!("language = \"go\"\n[params]\nmain_package = \"{long}\"\n"),
        format!(
            "language = \"go\"\ncommand = [{}]\n",
            vec!["\"a\""; 5000].join(",")
        ),
    ];
    for (i, body) in cases.iter().enumerate() {
        fs::write(p.join("a.toml"), body).expect("write");
        let out = bounded(
            &["generate", "--no-detect", "--answers", "a.toml", "--stdout"],
            p,
            Duration::from_secs(20),
        );
        let err = text(&out.stderr);
        assert_eq!(code(&out), 2, "case {i}: {err}");
        assert!(
            err.contains("too long") || err.contains("too many"),
            "case {i}: {err}"
        );
        assert!(
            err.len() < 2000,
            "case {i}: the error echoes the whole value"
        );
    }
}

#[test]
fn item_13_control_characters_are_echoed_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hostile = "\u{1b}[2J\u{1b}]0;x\u{7}";
    for flag in ["--user", "--port", "--base", "--healthcheck", "--arg"] {
        let value = format!("{flag}={hostile}");
        let out = run_go(dir.path(), &[&value, "--stdout"]);
        let err = text(&out.stderr);
        assert_eq!(code(&out), 2, "{flag}: {err}");
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{7}'),
            "{flag}: {err:?}"
        );
        assert!(err.contains("\\u{1b}[2J"), "{flag}: {err:?}");
    }
}

#[test]
fn item_14_port_and_uid_out_of_range_say_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (flag, expected) in [
        ("--port=-1", "`-1` is not a port; use 1 to 65535"),
        (
            "--port=99999999999",
            "`99999999999` is not a port; use 1 to 65535",
        ),
        (
            "--user=app:99999999999",
            "uid `99999999999` is too large; pick a number from 1 to 2147483646",
        ),
    ] {
        let out = run_go(dir.path(), &[flag, "--stdout"]);
        let err = text(&out.stderr);
        assert_eq!(code(&out), 2, "{flag}: {err}");
        assert!(err.contains(expected), "{flag}: {err}");
        assert!(!err.contains("4294967295"), "{flag}: {err}");
    }
}

#[test]
fn item_14_capped_package_json_is_reported_as_too_large() {
    let dir = tempfile::tempdir().expect("tempdir");
    let filler = "x".repeat(600 * 1024);
    fs::write(
        dir.path().join("package.json"),
        format!("{{\"name\": \"big\", \"description\": \"{filler}\"}}"),
    )
    .expect("write");
    let out = stagecraft(&["detect", "--format", "json"], dir.path());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("larger than 512 KiB"), "{stdout}");
    assert!(!stdout.contains("not valid JSON"), "{stdout}");
}

#[test]
fn item_14_unreadable_folder_is_not_reported_as_no_manifest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path();
    fs::set_permissions(p, fs::Permissions::from_mode(0o755)).expect("chmod");
    let locked = p.join("locked");
    fs::create_dir(&locked).expect("mkdir");
    fs::write(locked.join("go.mod"), "module x\n\ngo 1.22\n").expect("write");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o311)).expect("chmod");
    // Root reads any folder; run as nobody there, so the test holds for every user.
    let mut command = if running_as_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_stagecraft"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_stagecraft"))
    };
    let out = command
        .args(["generate", "locked", "--stdout"])
        .current_dir(p)
        .env("XDG_CONFIG_HOME", p.join(".no-user-config"))
        .output()
        .expect("run");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod back");
    let err = text(&out.stderr);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.contains("cannot read locked: permission denied"),
        "{err}"
    );
    assert!(!err.contains("manifest"), "{err}");
}

fn running_as_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

#[test]
fn item_14_output_to_a_folder_names_the_fix() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("deploy")).expect("mkdir");
    let out = run_go(dir.path(), &["-o", "deploy"]);
    let err = text(&out.stderr);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.contains("deploy is a directory") && err.contains("-o deploy/Dockerfile"),
        "{err}"
    );
    assert!(!dir.path().join(".dockerignore").exists());
}

#[test]
fn item_14_stdout_closed_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" generate --language go --stdout >&-")
        .arg(env!("CARGO_BIN_EXE_stagecraft"))
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join(".no-user-config"))
        .output()
        .expect("run");
    let err = text(&out.stderr);
    assert_eq!(code(&out), 1, "{err}");
    assert!(err.contains("standard output"), "{err}");
    // A reader that goes away early: not a success either.
    let mut child = cmd(dir.path())
        .args(["generate", "--language", "go", "--stdout"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let status = child.wait().expect("wait");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("read");
    assert_eq!(status.code(), Some(1), "{err}");
}

#[test]
fn item_15_user_command_stays_literal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run_go(
        dir.path(),
        &[
            "--command",
            "/app/server --port {port} --name {app} {version}",
            "--stdout",
        ],
    );
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(
        stdout
            .contains(r#"CMD ["/app/server", "--port", "{port}", "--name", "{app}", "{version}"]"#),
        "{stdout}"
    );
}

#[test]
fn item_15_build_command_cannot_become_a_run_flag() {
    let dir = tempfile::tempdir().expect("tempdir");
    for value in [
        "--network=host ./build.sh",
        " --security=insecure make",
        "-x",
    ] {
        let param = format!("build_command={value}");
        let out = stagecraft(
            &[
                "generate",
                "--language",
                "custom",
                "--param",
                &param,
                "--stdout",
            ],
            dir.path(),
        );
        let err = text(&out.stderr);
        assert_eq!(code(&out), 2, "{value}: {}", text(&out.stdout));
        assert!(
            err.contains("params.build_command") && err.contains("flag"),
            "{err}"
        );
    }
}

/// The real wizard in a pseudo-terminal, its screen read through a vt100 model and its raw output kept, so a
/// test can look for the exact sequences that restore the terminal.
mod pty {
    use std::{
        fs,
        path::Path,
        process::Command,
        time::{Duration, Instant},
    };

    use expectrl::{Session, WaitStatus};

    const DEADLINE: Duration = Duration::from_secs(20);

    pub struct Pty {
        pub session: Session,
        pub screen: vt100::Parser,
        pub raw: Vec<u8>,
    }

    pub fn go_project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/projects/go-basic");
        for f in ["go.mod", "main.go"] {
            fs::copy(fixture.join(f), dir.path().join(f)).expect("copy");
        }
        dir
    }

    impl Pty {
        pub fn spawn(dir: &Path) -> Pty {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_stagecraft"));
            cmd.arg(dir)
                .env("TERM", "xterm-256color")
                .env("XDG_CONFIG_HOME", dir.join(".no-config"));
            let mut session = Session::spawn(cmd).expect("spawn in a pty");
            session
                .get_process_mut()
                .set_window_size(120, 40)
                .expect("window size");
            Pty {
                session,
                screen: vt100::Parser::new(40, 120, 0),
                raw: Vec::new(),
            }
        }

        pub fn pump(&mut self) {
            let mut buf = [0u8; 16384];
            while let Ok(n) = self.session.try_read(&mut buf) {
                if n == 0 {
                    break;
                }
                self.screen.process(&buf[..n]);
                self.raw.extend_from_slice(&buf[..n]);
            }
        }

        pub fn contents(&self) -> String {
            self.screen.screen().contents()
        }

        pub fn wait_for(&mut self, needle: &str) {
            let start = Instant::now();
            loop {
                self.pump();
                if self.contents().contains(needle) {
                    return;
                }
                assert!(
                    start.elapsed() < DEADLINE,
                    "`{needle}` never appeared; the screen is:\n{}",
                    self.contents()
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        pub fn send(&mut self, bytes: &str) {
            self.session.send(bytes).expect("send keys");
        }

        pub fn pid(&self) -> String {
            self.session.get_process().pid().to_string()
        }

        /// How the process ended, within the deadline.
        pub fn ended(&mut self) -> WaitStatus {
            let start = Instant::now();
            loop {
                self.pump();
                if let Ok(status @ (WaitStatus::Exited(..) | WaitStatus::Signaled(..))) =
                    self.session.get_process().status()
                {
                    self.pump();
                    return status;
                }
                assert!(
                    start.elapsed() < DEADLINE,
                    "the wizard did not exit; the screen is:\n{}",
                    self.contents()
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }

        pub fn raw_after(&self, from: usize) -> String {
            String::from_utf8_lossy(&self.raw[from..]).into_owned()
        }
    }
}

#[test]
fn item_12_signals_restore_the_terminal() {
    for (signal, name) in [(15, "TERM"), (1, "HUP"), (3, "QUIT"), (2, "INT")] {
        let dir = pty::go_project();
        let mut pty = pty::Pty::spawn(dir.path());
        pty.wait_for("1/7 Language");
        assert!(pty.screen.screen().alternate_screen());
        let before = pty.raw.len();
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(pty.pid())
            .status()
            .expect("kill");
        assert!(status.success());
        let ended = pty.ended();
        assert_eq!(
            exited(ended),
            Some(128 + signal),
            "SIG{name}: {}",
            pty.contents()
        );
        let tail = pty.raw_after(before);
        assert!(
            tail.contains("\u{1b}[?1049l"),
            "SIG{name}: the alternate screen is not left: {tail:?}"
        );
        assert!(
            tail.contains("\u{1b}[?25h"),
            "SIG{name}: the cursor is not shown: {tail:?}"
        );
        assert!(
            tail.contains("\u{1b}[?2004l"),
            "SIG{name}: bracketed paste stays on: {tail:?}"
        );
        assert!(!pty.screen.screen().alternate_screen(), "SIG{name}");
        assert!(!pty.screen.screen().hide_cursor(), "SIG{name}");
        assert!(
            pty.contents().contains("nothing was written"),
            "SIG{name}: {}",
            pty.contents()
        );
    }
}

fn exited(status: expectrl::WaitStatus) -> Option<i32> {
    match status {
        expectrl::WaitStatus::Exited(_, code) => Some(code),
        _ => None,
    }
}

#[test]
fn item_11_a_burst_of_input_does_not_freeze_the_wizard() {
    let dir = pty::go_project();
    let mut pty = pty::Pty::spawn(dir.path());
    pty.wait_for("1/7 Language");
    for next in ["2/7", "3/7", "4/7", "5/7"] {
        pty.send("\r");
        pty.wait_for(next);
    }
    // Focus the health check's path, then 10 KB typed at once, as a terminal without bracketed paste sends it.
    pty.send("\u{1b}[B");
    std::thread::sleep(Duration::from_millis(200));
    // The screen is read between chunks, as a terminal does, so that the pty's buffers never fill both ways.
    for _ in 0..20 {
        pty.send(&"x".repeat(512));
        pty.pump();
    }
    std::thread::sleep(Duration::from_millis(200));
    pty.send("\u{3}");
    let ended = pty.ended();
    assert_eq!(exited(ended), Some(130), "{}", pty.contents());
}

#[test]
fn item_11_a_bracketed_paste_is_text_not_keys() {
    let dir = pty::go_project();
    let mut pty = pty::Pty::spawn(dir.path());
    pty.wait_for("1/7 Language");
    assert!(
        String::from_utf8_lossy(&pty.raw).contains("\u{1b}[?2004h"),
        "bracketed paste is not enabled"
    );
    for next in ["2/7", "3/7", "4/7", "5/7"] {
        pty.send("\r");
        pty.wait_for(next);
    }
    pty.send("\u{1b}[B");
    std::thread::sleep(Duration::from_millis(200));
    // Newlines inside a paste are not Enter: the step does not advance.
    pty.send("\u{1b}[200~/pasted\nnext\u{1b}[201~");
    pty.wait_for("/pasted next");
    assert!(pty.contents().contains("5/7"), "{}", pty.contents());
    // 10 KB in one paste: applied at once, cut to what one field may hold; the keys still work after it.
    pty.send(&format!("\u{1b}[200~{}\u{1b}[201~", "y".repeat(10 * 1024)));
    pty.wait_for("yyyyyyyyyyyyyyyyyyyy");
    pty.send("\u{3}");
    assert_eq!(exited(pty.ended()), Some(130));
}

#[test]
fn item_08_wizard_save_then_quit_does_not_say_nothing_was_written() {
    let dir = pty::go_project();
    let mut pty = pty::Pty::spawn(dir.path());
    pty.wait_for("1/7 Language");
    for next in ["2/7", "3/7", "4/7", "5/7", "6/7", "7/7"] {
        pty.send("\r");
        pty.wait_for(next);
    }
    // On Enter: write -> write elsewhere -> save answers.
    pty.send("\u{1b}[C");
    pty.wait_for("write elsewhere");
    pty.send("\u{1b}[C");
    pty.wait_for("save answers");
    pty.send("\r");
    pty.wait_for("saved the answers");
    pty.send("\u{3}");
    assert_eq!(exited(pty.ended()), Some(130));
    let screen = pty.contents();
    assert!(dir.path().join("stagecraft.toml").exists());
    assert!(!screen.contains("nothing was written"), "{screen}");
    assert!(screen.contains("only the answers were saved"), "{screen}");
}
