//! A language that only a user catalog file defines (Deno here: its runtime kind with a label, a musl caveat,
//! interpreter probe templates and program names; its bases; a detection marker) is rendered, compared and
//! noticed by the real binary with no Rust change.

use std::{fs, path::Path};

mod common;

use common::{stagecraft_in as stagecraft, text};

const HTTP_CODE: &str = "const r = await fetch(Deno.args[0]); Deno.exit(r.ok ? 0 : 1)";
const TCP_CODE: &str = "const c = await Deno.connect({ hostname: '127.0.0.1', port: Number(Deno.args[0]) }); c.close()";

fn deno_catalog(http: &str) -> String {
    format!(
        r#"[[language]]
id = "deno"
name = "Deno"
description = "TypeScript on Deno."
versions = ["2.5"]
default_version = "2.5"
version_arg = "DENO_VERSION"
default_port = 8000
detect = {{ priority = 75, markers = ["deno.json"] }}

[[language.build_system]]
id = "deno"
name = "deno"
description = "deno install, then deno cache."
builder = "denoland/deno:debian-{{version}}"
builder_musl = "denoland/deno:alpine-{{version}}"
manifests = ["deno.json", "deno.lock*"]
deps = [{{ run = "deno install --frozen" }}]
build = [{{ run = "deno cache main.ts" }}]
artifacts = [{{ from = "/src", to = "/app" }}]
command = ["deno", "run", "--allow-net", "main.ts"]
needs = {{ runtime = "deno" }}
health_path = "/healthz"
recommended = ["deno-debian"]

[[language.runtime]]
kind = "deno"
label = "Deno"
musl_caveat = "musl libc: Deno's Alpine image carries glibc compatibility; native npm addons need musl builds"
programs = ["deno"]

[language.runtime.probe]
bin = "deno"
http = {http}
tcp = ["{{bin}}", "eval", "{TCP_CODE}", "{{port}}"]

[[base]]
id = "deno-debian"
name = "Deno (Debian)"
image = "denoland/deno"
tag = "debian-{{version}}"
family = "deno"
description = "Deno on Debian"
size = {{}}
shell = "sh"
package_manager = "apt"
libc = "glibc"
ca_certs = true
tzdata = true
default_user = "root"
nonroot_user = {{ name = "deno", uid = 1993, gid = 1993 }}
user_tools = "shadow"
probes = ["deno"]
runtime = {{ kind = "deno", versions = ["2.5"], entrypoint = ["/usr/bin/deno"], bin = "/usr/bin/deno" }}
suits = "Deno apps"
source = "the image's own documentation"

[[base]]
id = "deno-alpine"
name = "Deno (Alpine)"
image = "denoland/deno"
tag = "alpine-{{version}}"
family = "deno"
description = "Deno on Alpine"
size = {{}}
shell = "sh"
package_manager = "apk"
libc = "musl"
ca_certs = true
tzdata = false
default_user = "root"
user_tools = "busybox"
probes = ["wget", "deno"]
runtime = {{ kind = "deno", versions = ["2.5"], bin = "/bin/deno" }}
suits = "small Deno apps"
source = "the image's own documentation"
"#
    )
}

fn setup(http: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("cat")).expect("mkdir");
    fs::write(dir.path().join("cat/deno.toml"), deno_catalog(http)).expect("write");
    dir
}

const HTTP: &str =
    r#"["{bin}", "eval", "const r = await fetch(Deno.args[0]); Deno.exit(r.ok ? 0 : 1)", "{url}"]"#;

fn generate(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "generate",
        "--catalog",
        "cat",
        "--no-detect",
        "--language",
        "deno",
        "--stdout",
    ];
    args.extend_from_slice(extra);
    let out = stagecraft(&args, dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The exec-form words of the Dockerfile's HEALTHCHECK.
fn healthcheck_words(dockerfile: &str) -> Vec<String> {
    let mut lines = dockerfile
        .lines()
        .skip_while(|l| !l.starts_with("HEALTHCHECK"));
    let mut instruction = String::new();
    for line in lines.by_ref() {
        instruction.push_str(line.trim_end_matches('\\').trim());
        instruction.push(' ');
        if !line.ends_with('\\') {
            break;
        }
    }
    let json = &instruction[instruction.find("CMD [").expect("exec form") + 4..];
    serde_json::from_str(json.trim()).expect("JSON exec form")
}

#[test]
fn a_language_only_a_user_file_defines_renders_with_its_own_probe_and_entrypoint() {
    let dir = setup(HTTP);
    let dockerfile = generate(dir.path(), &[]);
    assert!(
        dockerfile.contains("FROM denoland/deno:debian-${DENO_VERSION} AS builder"),
        "{dockerfile}"
    );
    assert!(
        dockerfile.contains("FROM denoland/deno:debian-${DENO_VERSION} AS runtime"),
        "{dockerfile}"
    );
    // The base's runtime program, the catalog's code, and the URL as an argument of its own.
    assert_eq!(
        healthcheck_words(&dockerfile),
        [
            "/usr/bin/deno",
            "eval",
            HTTP_CODE,
            "http://127.0.0.1:8000/healthz"
        ]
    );
    // The image's ENTRYPOINT is deno: CMD carries only the arguments.
    assert!(
        dockerfile.contains(r#"CMD ["run", "--allow-net", "main.ts"]"#),
        "{dockerfile}"
    );

    // A TCP check: the base's shell is no bash, so Deno's own interpreter connects, the port as its argument.
    let tcp = generate(dir.path(), &["--healthcheck", "tcp"]);
    assert_eq!(
        healthcheck_words(&tcp),
        ["/usr/bin/deno", "eval", TCP_CODE, "8000"]
    );

    // A path with quotes stays data: it is inside the URL argument, never inside the code.
    let odd = generate(dir.path(), &["--healthcheck", "http:/health?x='1'"]);
    let words = healthcheck_words(&odd);
    assert_eq!(words[2], HTTP_CODE);
    assert_eq!(words[3], "http://127.0.0.1:8000/health?x='1'");
}

#[test]
fn the_fit_of_a_user_language_names_its_runtime_and_its_musl_caveat() {
    let dir = setup(HTTP);
    let out = stagecraft(
        &[
            "bases",
            "--catalog",
            "cat",
            "--language",
            "deno",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rows = rows
        .as_array()
        .or_else(|| rows["bases"].as_array())
        .expect("rows");
    let reason = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .and_then(|r| r["reason"].as_str())
            .unwrap_or_else(|| panic!("no row {id}"))
            .to_string()
    };
    assert_eq!(reason("deno-debian"), "ships Deno and everything it needs");
    assert_eq!(
        reason("deno-alpine"),
        "musl libc: Deno's Alpine image carries glibc compatibility; native npm addons need musl builds"
    );
    assert_eq!(
        reason("python-slim"),
        "the app needs Deno at run time, and it ships Python instead"
    );
}

#[test]
fn a_user_languages_marker_is_noticed_next_to_another_project() {
    let dir = setup(HTTP);
    fs::write(
        dir.path().join("go.mod"),
        "module example.com/app\n\ngo 1.26\n",
    )
    .expect("go.mod");
    fs::write(
        dir.path().join("main.go"),
        "package main\n\nfunc main() {}\n",
    )
    .expect("main.go");
    fs::write(dir.path().join("deno.json"), "{}\n").expect("deno.json");
    let out = stagecraft(
        &["detect", "--catalog", "cat", "--format", "json", "."],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("also found deno.json: detected as go"),
        "{stdout}"
    );
}

#[test]
fn a_probe_template_that_splices_the_url_into_code_is_refused() {
    let dir = setup(r#"["{bin}", "eval", "await fetch('{url}')", "{url}"]"#);
    let out = stagecraft(
        &[
            "generate",
            "--catalog",
            "cat",
            "--no-detect",
            "--language",
            "deno",
            "--stdout",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("deno.toml") && stderr.contains("a placeholder is a whole argument"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}
