//! `compose.yaml` and `README.Docker.md` for the generated image: one service built from the Dockerfile, and the
//! commands to build, run, debug, measure and cross-build this app. Written only when asked for (`--compose`, or
//! the Review step's toggle), through the same diff-and-confirm rules as the Dockerfile.

use std::path::{Path, PathBuf};

use crate::{
    answers::Answers,
    dockerfile::{BUILDER_STAGE, Body, Dockerfile, Keyword, Output, RUNTIME_STAGE},
};

/// The names Compose looks for, in its own order of preference.
pub const COMPOSE_FILES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];
pub const README: &str = "README.Docker.md";
/// An env file the service reads when the project has one; it holds examples, not secrets.
pub const ENV_EXAMPLE: &str = ".env.example";
/// The image name used in every command, as in the next steps `generate` prints.
const IMAGE: &str = "app";
const SERVICE: &str = "app";

/// The compose file already in `dir`, if any (a regular file or a link to one).
pub fn existing(dir: &Path) -> Option<PathBuf> {
    COMPOSE_FILES
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.is_file())
}

/// Where the compose file goes: over the project's own one (shown as a diff first), else `compose.yaml`.
pub fn target(dir: &Path) -> PathBuf {
    existing(dir).unwrap_or_else(|| dir.join(COMPOSE_FILES[0]))
}

/// A YAML scalar that stays literal: JSON's double-quoted form is valid YAML, and `$` is doubled because Compose
/// interpolates variables in every string.
fn scalar(text: &str) -> String {
    serde_json::to_string(&text.replace('$', "$$")).unwrap_or_else(|_| "\"\"".to_string())
}

/// The Dockerfile path as Compose reads it: relative to the project folder when inside it.
fn dockerfile_ref(dir: &Path, dockerfile: &Path) -> String {
    match dockerfile.strip_prefix(dir) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => dockerfile.display().to_string(),
    }
}

/// `--interval=30s` as (`interval`, `30s`).
type Settings = Vec<(String, String)>;

/// The health check of the runtime stage: the exec words and the `--flag=value` settings.
fn healthcheck(model: &Dockerfile) -> Option<(Vec<String>, Settings)> {
    let runtime = model.stages.iter().find(|s| s.name == RUNTIME_STAGE)?;
    let ins = runtime
        .instructions
        .iter()
        .find(|i| i.keyword == Keyword::Healthcheck)?;
    let Body::Exec { words, .. } = &ins.body else {
        return None;
    };
    let settings = ins
        .flags
        .iter()
        .filter_map(|f| f.strip_prefix("--")?.split_once('='))
        .map(|(k, v)| (k.replace('-', "_"), v.to_string()))
        .collect();
    Some((words.clone(), settings))
}

/// Whether the builder runs on the build machine's platform and cross-compiles.
pub fn cross_compiles(model: &Dockerfile) -> bool {
    model
        .stages
        .iter()
        .find(|s| s.name == BUILDER_STAGE)
        .and_then(|s| s.instructions.first())
        .is_some_and(|from| from.flags.iter().any(|f| f == "--platform=$BUILDPLATFORM"))
}

pub fn render_compose(
    dir: &Path,
    dockerfile: &Path,
    answers: &Answers,
    model: &Dockerfile,
    env_example: bool,
) -> String {
    let mut out = String::new();
    out.push_str("# One service built from the Dockerfile next to it.\n");
    out.push_str("# Start: docker compose up --build    Stop: docker compose down\n");
    out.push_str("services:\n");
    out.push_str(&format!("  {SERVICE}:\n"));
    out.push_str("    build:\n");
    out.push_str("      context: .\n");
    out.push_str(&format!(
        "      dockerfile: {}\n",
        scalar(&dockerfile_ref(dir, dockerfile))
    ));
    out.push_str(&format!(
        "    image: {}\n",
        scalar(&format!("{IMAGE}:latest"))
    ));
    match answers.port {
        Some(port) => {
            out.push_str("    ports:\n");
            out.push_str(
                "      # Published on loopback only: reachable from this machine, not from the network.\n",
            );
            out.push_str(&format!(
                "      - {}\n",
                scalar(&format!("127.0.0.1:{port}:{port}"))
            ));
        }
        None => out.push_str("    # No port: the app listens on none that stagecraft knows of.\n"),
    }
    if env_example {
        out.push_str(&format!(
            "    # {ENV_EXAMPLE} holds example values: copy it to .env with real ones and point env_file there.\n"
        ));
        out.push_str("    env_file:\n");
        out.push_str(&format!("      - {}\n", scalar(ENV_EXAMPLE)));
    }
    match healthcheck(model) {
        Some((words, settings)) => {
            out.push_str("    # The same check as the Dockerfile's HEALTHCHECK.\n");
            out.push_str("    healthcheck:\n");
            let mut test = vec![scalar("CMD")];
            test.extend(words.iter().map(|w| scalar(w)));
            out.push_str(&format!("      test: [{}]\n", test.join(", ")));
            for key in ["interval", "timeout", "start_period", "retries"] {
                if let Some((_, value)) = settings.iter().find(|(k, _)| k == key) {
                    let value = if key == "retries" {
                        value.clone()
                    } else {
                        scalar(value)
                    };
                    out.push_str(&format!("      {key}: {value}\n"));
                }
            }
        }
        None => out.push_str("    # No health check: the answers ask for none.\n"),
    }
    out.push_str("    restart: unless-stopped\n");
    out
}

pub fn render_readme(
    dir: &Path,
    dockerfile: &Path,
    answers: &Answers,
    output: &Output,
    compose: Option<&Path>,
) -> String {
    let model = &output.model;
    let file_flag = if dockerfile == dir.join("Dockerfile") {
        String::new()
    } else {
        format!(" -f {}", dockerfile_ref(dir, dockerfile))
    };
    let run_port = answers
        .port
        .map(|p| format!(" -p 127.0.0.1:{p}:{p}"))
        .unwrap_or_default();
    let mut out = String::new();
    out.push_str("# Running this app with Docker\n\n");
    // The stage titles name the toolchain and the base as the catalog calls them.
    let title = |stage: &str, prefix: &str, suffix: &str| {
        model
            .stages
            .iter()
            .find(|s| s.name == stage)
            .and_then(|s| s.title.strip_prefix(prefix)?.strip_suffix(suffix))
            .map(str::to_string)
    };
    let toolchain = title(BUILDER_STAGE, "builder: ", " (large, never shipped)")
        .unwrap_or_else(|| format!("{} ({})", answers.language, answers.build_system));
    let base = title(RUNTIME_STAGE, "runtime: ", " with only the build output")
        .unwrap_or_else(|| answers.base.clone());
    out.push_str(&format!(
        "The Dockerfile builds the app with {toolchain} in a `{BUILDER_STAGE}` stage and copies only the result \
         into a `{RUNTIME_STAGE}` stage on {base}.\nRun these commands from this folder.\n\n"
    ));
    out.push_str("## Build and run\n\n```sh\n");
    out.push_str(&format!("docker build{file_flag} -t {IMAGE} .\n"));
    out.push_str(&format!("docker run --rm{run_port} {IMAGE}\n```\n\n"));
    if let Some(port) = answers.port {
        out.push_str(&format!(
            "The app is then on http://127.0.0.1:{port} (published on loopback only). Once the first health \
             check ran, `docker ps` shows `(healthy)` or `(unhealthy)` next to the container.\n\n"
        ));
    }
    if let Some(compose) = compose {
        let name = compose
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push_str(&format!(
            "With Compose ({name}):\n\n```sh\ndocker compose up --build\ndocker compose down\n```\n\n"
        ));
    }
    out.push_str("## Debug the build\n\n");
    out.push_str("The builder stage has the whole toolchain and the sources; build it alone and look inside:\n\n");
    out.push_str(&format!(
        "```sh\ndocker build{file_flag} --target {BUILDER_STAGE} -t {IMAGE}:{BUILDER_STAGE} .\n\
         docker run --rm -it --entrypoint sh {IMAGE}:{BUILDER_STAGE}\n```\n\n"
    ));
    out.push_str("## Compare the sizes\n\n");
    out.push_str(&format!(
        "```sh\ndocker image ls {IMAGE}\n```\n\n`{IMAGE}:latest` is what ships; `{IMAGE}:{BUILDER_STAGE}` shows what \
         the multi-stage build leaves behind.\n\n"
    ));
    out.push_str("## Build for other platforms\n\n");
    out.push_str(&format!(
        "```sh\ndocker buildx build{file_flag} --platform linux/amd64,linux/arm64 -t {IMAGE} .\n```\n\n"
    ));
    if cross_compiles(model) {
        out.push_str(
            "The builder runs on the build machine's own platform (`--platform=$BUILDPLATFORM`) and \
             cross-compiles for each target (`TARGETOS`/`TARGETARCH`), so no emulation slows the build down.\n",
        );
    } else {
        out.push_str(
            "The builder runs once per target platform; for a platform other than the machine's own, Docker \
             emulates it (QEMU through binfmt), which is slow for compiled dependencies.\n",
        );
        if let Some((language, variant)) = &output.cross_variant {
            out.push_str(&format!(
                "For {language}, `stagecraft generate --variant {variant}` makes the builder cross-compile \
                 instead.\n"
            ));
        }
    }
    out.push_str(
        "Keeping a multi-platform image locally needs the containerd image store; otherwise add `--push` to \
         send it to a registry.\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_stay_literal_in_yaml_and_compose() {
        assert_eq!(scalar("a b"), "\"a b\"");
        assert_eq!(scalar("say \"hi\" $HOME"), "\"say \\\"hi\\\" $$HOME\"");
        assert_eq!(scalar("x\ny"), "\"x\\ny\"");
    }

    #[test]
    fn an_existing_compose_file_is_the_target() {
        let dir = std::env::temp_dir().join(format!("stagecraft-compose-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        assert_eq!(existing(&dir), None);
        assert_eq!(target(&dir), dir.join("compose.yaml"));
        std::fs::write(dir.join("docker-compose.yml"), "services: {}\n").expect("write");
        assert_eq!(target(&dir), dir.join("docker-compose.yml"));
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
