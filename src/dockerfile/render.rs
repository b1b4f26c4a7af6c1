//! Plan -> the Dockerfile model. Pure and deterministic: the preview, the writer, `generate` and the tests all
//! call `render`.

use crate::{
    answers::{Answers, ArgScope, UserMode},
    catalog::Addon,
    catalog::{
        Base, BuildSystem, Catalog, InterpreterProbe, Language, Libc, Probe, RuntimeKind, Step,
        UserTools,
    },
    compat,
    field_error::FieldError,
    plan::Plan,
    probe::{PROBE_IMAGE, ProbeMethod, TcpProbe},
    project_files,
    template::fill_template,
};

use super::model::{Body, Dockerfile, Instruction, Keyword, Origin, Stage};

const PROBE_PATH: &str = "/usr/local/bin/wget";
const PROBE_BUSYBOX: &str = "/usr/local/bin/busybox";

pub const BUILDER_STAGE: &str = "builder";
pub const TEST_STAGE: &str = "test";
pub const RUNTIME_STAGE: &str = "runtime";
const PROBE_STAGE: &str = "probe";

struct Ctx<'a> {
    answers: &'a Answers,
    language: &'a Language,
    build: &'a BuildSystem,
    base: &'a Base,
    /// What the catalog knows about the base's runtime kind (its program names).
    runtime: Option<&'a RuntimeKind>,
    /// The templates of an interpreter probe, when the health check uses one.
    interpreter_probe: Option<&'a InterpreterProbe>,
}

/// The argv templates of the interpreter `probe` runs, from the catalog.
fn interpreter_probe<'c>(
    probe: &ProbeMethod,
    base: &Base,
    catalog: &'c Catalog,
) -> Result<Option<&'c InterpreterProbe>, FieldError> {
    let (ProbeMethod::Builtin(Probe::Interpreter(kind))
    | ProbeMethod::Tcp(TcpProbe::Interpreter(kind))) = probe
    else {
        return Ok(None);
    };
    match catalog.runtime_kind(kind).and_then(|r| r.probe.as_ref()) {
        Some(templates) => Ok(Some(templates)),
        None => Err(FieldError::new(
            "healthcheck",
            format!(
                "{} probes with `{kind}`, and no catalog language defines how: add `[[language.runtime]]` with \
                 kind = \"{kind}\" and a `probe` table, or choose another health check (--healthcheck)",
                base.name
            ),
        )),
    }
}

/// Render a plan (its answers are valid); anything the renderer cannot resolve is returned as a field error
/// rather than guessed.
pub fn render(plan: &Plan<'_>) -> Result<Dockerfile, FieldError> {
    let (answers, language, base, catalog) =
        (&plan.answers, plan.language, plan.base, plan.catalog);
    let build = &plan.build;
    if let Some(needed) = runtime_packages_without_manager(answers, language, base) {
        return Err(FieldError::new(
            "base",
            format!(
                "{} cannot install packages (no package manager, or it starts as a non-root user), but the app \
                 links {needed} at run time; choose a base with apt or apk (`stagecraft bases` lists them) or \
                 remove the addon from `files.addons`",
                base.name
            ),
        ));
    }
    let probe = plan.probe.method.clone();
    let ctx = Ctx {
        answers,
        language,
        build,
        base,
        runtime: base
            .runtime
            .as_ref()
            .and_then(|r| catalog.runtime_kind(&r.kind)),
        interpreter_probe: interpreter_probe(&probe, base, catalog)?,
    };

    let version_ref = match &language.version_arg {
        Some(arg) if !answers.version.is_empty() => format!("${{{arg}}}"),
        _ => answers.version.clone(),
    };
    let mut global = Vec::new();
    if let Some(arg) = &language.version_arg
        && !answers.version.is_empty()
    {
        global.push(Instruction::text(
            Keyword::Arg,
            format!("{arg}={}", answers.version),
            Origin::Language,
            format!(
                "{} version for the FROM lines; override with --build-arg {arg}=...",
                language.name
            ),
        ));
    }
    for arg in answers.args.iter().filter(|a| a.scope == ArgScope::Global) {
        global.push(arg_instruction(
            &arg.name,
            Some(&arg.default),
            "global build arg, visible to FROM lines",
        ));
    }

    let mut stages = vec![ctx.builder_stage(&version_ref)];
    if answers.options.test_stage
        && let Some(test) = &ctx.build.test
    {
        stages.push(ctx.test_stage(test));
    }
    if probe.copies_probe() {
        let (tool, applet) = if probe == ProbeMethod::Copied {
            ("a static wget", "wget")
        } else {
            ("a static nc", "nc")
        };
        stages.push(Stage {
            name: PROBE_STAGE.into(),
            title: format!(
                "probe: {tool} for the health check (the runtime base has no probe tool)"
            ),
            instructions: vec![Instruction::text(
                Keyword::From,
                format!("{PROBE_IMAGE} AS {PROBE_STAGE}"),
                Origin::Healthcheck,
                format!(
                    "busybox's musl build is static, so its {applet} runs in any base, even scratch"
                ),
            )],
        });
    }
    stages.push(ctx.runtime_stage(&version_ref, &probe));

    Ok(Dockerfile {
        directives: vec!["# syntax=docker/dockerfile:1".into()],
        global,
        stages,
        comments: answers.options.comments,
    })
}

fn arg_instruction(name: &str, default: Option<&str>, why: &str) -> Instruction {
    let text = match default {
        Some(value) => format!("{name}={}", quote_arg(value)),
        None => name.to_string(),
    };
    Instruction::text(Keyword::Arg, text, Origin::BuildArgs, why)
}

/// An ARG default as Dockerfile source: bare when it is plain, otherwise double-quoted with `\`, `"` and `$`
/// escaped so the value arrives exactly as typed.
pub fn quote_arg(value: &str) -> String {
    let plain = !value.is_empty()
        && value.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':' | '+' | ',' | '@')
        });
    if plain {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '\\' | '"' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn env_text(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", quote_env(v)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// ENV values from the catalog may reference variables (`$PATH`), so only quotes are escaped.
fn quote_env(value: &str) -> String {
    let plain = !value.is_empty()
        && value.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '.' | '_' | '-' | '/' | ':' | '$' | ',' | '@' | '{' | '}')
        });
    if plain {
        value.to_string()
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

impl Ctx<'_> {
    fn fill(&self, template: &str) -> String {
        fill_template(template, self.answers)
    }

    fn builder_image(&self, version_ref: &str) -> String {
        let template = match (&self.build.builder_musl, self.base.libc) {
            (Some(musl), Libc::Musl) if self.build.needs.runtime.is_some() => musl.as_str(),
            _ => self.build.builder.as_str(),
        };
        self.fill(&template.replace("{version}", version_ref))
    }

    fn run_step(&self, step: &Step, origin: Origin, fallback_why: &str) -> Instruction {
        let cache = self.answers.options.cache_mounts;
        let template = match (&step.run_no_cache, cache) {
            (Some(no_cache), false) => no_cache,
            _ => &step.run,
        };
        let flags: Vec<String> = if cache {
            step.cache
                .iter()
                .map(|target| format!("--mount=type=cache,target={}", tidy(&self.fill(target))))
                .collect()
        } else {
            Vec::new()
        };
        let why = if step.why.is_empty() {
            fallback_why.to_string()
        } else {
            step.why.clone()
        };
        let mut ins =
            Instruction::text(Keyword::Run, self.fill(template), origin, why).with_flags(flags);
        if let Some(ignore) = &step.lint_ignore {
            ins.lint_ignore = Some((ignore.rule.clone(), ignore.reason.clone()));
        }
        ins
    }

    fn stage_args(&self, scope: ArgScope) -> Vec<Instruction> {
        self.answers
            .args
            .iter()
            .filter(|a| a.scope == scope || a.scope == ArgScope::Global)
            .map(|a| {
                if a.scope == ArgScope::Global {
                    arg_instruction(
                        &a.name,
                        None,
                        "re-declared: a global ARG is not visible inside a stage otherwise",
                    )
                } else {
                    arg_instruction(
                        &a.name,
                        Some(&a.default),
                        &format!("build arg for the {} stage", scope.label()),
                    )
                }
            })
            .collect()
    }

    fn builder_stage(&self, version_ref: &str) -> Stage {
        let b = &self.build;
        let mut from = Instruction::text(
            Keyword::From,
            format!("{} AS {BUILDER_STAGE}", self.builder_image(version_ref)),
            Origin::BuildSystem,
            format!(
                "the full {} toolchain ({}); it builds the app and is never shipped",
                self.language.name, b.name
            ),
        );
        if b.cross_compile {
            from = from.with_flags(vec!["--platform=$BUILDPLATFORM".into()]);
            from.why.push_str(
                "; it runs on the build machine's own platform and cross-compiles, so `docker buildx build \
                 --platform linux/amd64,linux/arm64` needs no emulation",
            );
        }
        let mut ins = vec![from];
        if b.cross_compile {
            ins.push(Instruction::text(
                Keyword::Arg,
                "TARGETOS TARGETARCH",
                Origin::BuildSystem,
                "the platform being built for, set by BuildKit; the build steps compile for it",
            ));
        }
        ins.extend(self.stage_args(ArgScope::Builder));
        ins.push(Instruction::text(
            Keyword::Workdir,
            &b.workdir,
            Origin::BuildSystem,
            "where the build happens",
        ));
        if !b.env.is_empty() {
            let pairs: Vec<(String, String)> = b
                .env
                .iter()
                .map(|(k, v)| (k.clone(), self.fill(v)))
                .collect();
            ins.push(Instruction::text(
                Keyword::Env,
                env_text(&pairs),
                Origin::BuildSystem,
                "build settings",
            ));
        }
        let builder_pm = project_files::builder_package_manager(&self.builder_image(version_ref));
        ins.extend(self.install_packages(builder_pm, For::Builder));
        // A manifest in a subfolder (a .csproj under src/) keeps its folder: references between projects and
        // the build's paths stay valid.
        let (top, nested): (Vec<String>, Vec<String>) = b
            .manifests
            .iter()
            .map(|m| self.fill(m))
            .partition(|m| !m.contains('/'));
        if !top.is_empty() {
            ins.push(Instruction::text(
                Keyword::Copy,
                format!("{} ./", top.join(" ")),
                Origin::BuildSystem,
                "dependency manifests first: code changes then keep the cached dependency layer",
            ));
        }
        for (dir, files) in by_folder(nested.iter().map(String::as_str)) {
            ins.push(Instruction::text(
                Keyword::Copy,
                format!("{} {dir}/", files.join(" ")),
                Origin::BuildSystem,
                "dependency manifests first: code changes then keep the cached dependency layer",
            ));
        }
        ins.extend(self.install_inputs());
        for step in &b.deps {
            ins.push(self.run_step(
                step,
                Origin::BuildSystem,
                "install dependencies (cached until the manifests change)",
            ));
        }
        for addon in self.addons() {
            for step in &addon.deps {
                ins.push(self.run_step(step, Origin::BuildSystem, &addon.description));
            }
        }
        ins.push(Instruction::text(
            Keyword::Copy,
            ". .",
            Origin::BuildSystem,
            "then the sources (.dockerignore keeps junk out)",
        ));
        for step in &b.build {
            ins.push(self.run_step(step, Origin::BuildSystem, "build the app"));
        }
        for addon in self.addons() {
            for step in &addon.build {
                ins.push(self.run_step(step, Origin::BuildSystem, &addon.description));
            }
        }
        Stage {
            name: BUILDER_STAGE.into(),
            title: format!(
                "builder: the {} toolchain with {} (large, never shipped)",
                self.language.name, b.name
            ),
            instructions: ins,
        }
    }

    fn test_stage(&self, test: &Step) -> Stage {
        Stage {
            name: TEST_STAGE.into(),
            title: "test: `docker build --target test .` runs the tests; the default build skips this stage".into(),
            instructions: vec![
                Instruction::text(
                    Keyword::From,
                    format!("{BUILDER_STAGE} AS {TEST_STAGE}"),
                    Origin::Options,
                    "starts from the builder, so dependencies and sources are already there",
                ),
                self.run_step(test, Origin::Options, "run the test suite"),
            ],
        }
    }

    fn user_ids(&self) -> Option<(u32, u32)> {
        let user = &self.answers.user;
        match user.mode {
            UserMode::Root => None,
            UserMode::Builtin => self.base.nonroot_user.as_ref().map(|u| (u.uid, u.gid)),
            UserMode::Create => Some((user.uid, user.gid)),
        }
    }

    fn runtime_stage(&self, version_ref: &str, probe: &ProbeMethod) -> Stage {
        let base = self.base;
        let b = &self.build;
        let base_version = match compat::base_version(b, &self.answers.version, base) {
            Some(v) if v == self.answers.version => version_ref.to_string(),
            Some(v) => v,
            None => String::new(),
        };
        let mut from = Instruction::text(
            Keyword::From,
            format!("{} AS {RUNTIME_STAGE}", base.reference(&base_version)),
            Origin::Base,
            format!("{}: {}", base.name, base.suits),
        );
        if let Some(ignore) = &base.lint_ignore {
            from.lint_ignore = Some((ignore.rule.clone(), ignore.reason.clone()));
        }
        let mut ins = vec![from];
        ins.extend(self.stage_args(ArgScope::Runtime));
        for step in &base.setup {
            ins.push(self.run_step(step, Origin::Base, "prepare the base"));
        }
        if let Some(pm) = base.package_manager.as_deref() {
            ins.extend(self.install_packages(pm, For::Runtime));
        }
        let runtime_kind = base.runtime.as_ref().map(|r| r.kind.as_str());
        for step in &b.runtime_setup {
            if step.only_on.is_none() || step.only_on.as_deref() == runtime_kind {
                ins.push(self.run_step(step, Origin::BuildSystem, "configure the server"));
            }
        }
        ins.extend(self.user_creation());
        ins.push(Instruction::text(
            Keyword::Workdir,
            &b.app_dir,
            Origin::Base,
            "the app's home in the final image",
        ));
        if b.needs.ca_certs && !base.ca_certs {
            ins.push(
                Instruction::text(
                    Keyword::Copy,
                    "/etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt",
                    Origin::Base,
                    format!(
                        "{} has no CA certificates; without them every TLS call fails",
                        base.name
                    ),
                )
                .with_flags(vec![format!("--from={BUILDER_STAGE}")]),
            );
        }
        if *probe == ProbeMethod::Copied {
            ins.push(
                Instruction::text(
                    Keyword::Copy,
                    format!("/bin/wget {PROBE_PATH}"),
                    Origin::Healthcheck,
                    "the health probe (busybox picks the applet from the file name)",
                )
                .with_flags(vec![format!("--from={PROBE_STAGE}")]),
            );
        }
        if *probe == ProbeMethod::Tcp(TcpProbe::Copied) {
            ins.push(
                Instruction::text(
                    Keyword::Copy,
                    format!("/bin/busybox {PROBE_BUSYBOX}"),
                    Origin::Healthcheck,
                    "the health probe: busybox's nc connects to the port",
                )
                .with_flags(vec![format!("--from={PROBE_STAGE}")]),
            );
        }
        let chown = self
            .user_ids()
            .map(|(uid, gid)| format!("--chown={uid}:{gid}"));
        let workdir = b.workdir.trim_end_matches('/').to_string();
        let ship = &self.answers.files.ship;
        for artifact in &b.artifacts {
            let mut flags = vec![format!("--from={BUILDER_STAGE}")];
            flags.extend(chown.clone());
            let from = tidy(&self.fill(&artifact.from));
            if !ship.is_empty() && from.trim_end_matches('/') == workdir {
                let to = tidy(&self.fill(&artifact.to));
                for path in ship {
                    ins.push(
                        Instruction::text(
                            Keyword::Copy,
                            format!("{workdir}/{path} {}/{path}", to.trim_end_matches('/')),
                            Origin::BuildSystem,
                            "only what runs ships: the build output, the manifest and production dependencies, \
                             not the sources",
                        )
                        .with_flags(flags.clone()),
                    );
                }
                continue;
            }
            let why = if artifact.why.is_empty() {
                "only the build output crosses into the runtime image".to_string()
            } else {
                artifact.why.clone()
            };
            ins.push(
                Instruction::text(
                    Keyword::Copy,
                    format!(
                        "{} {}",
                        tidy(&self.fill(&artifact.from)),
                        tidy(&self.fill(&artifact.to))
                    ),
                    Origin::BuildSystem,
                    why,
                )
                .with_flags(flags),
            );
        }
        ins.extend(self.runtime_files(chown.as_deref()));
        let mut env: Vec<(String, String)> = b
            .runtime_env
            .iter()
            .map(|(k, v)| (k.clone(), self.fill(v)))
            .collect();
        if let Some(runtime) = &base.runtime {
            for (k, v) in &runtime.env {
                let value = self.fill(&v.replace("{version}", &self.answers.version));
                match env.iter_mut().find(|(key, _)| key == k) {
                    Some(slot) => slot.1 = value,
                    None => env.push((k.clone(), value)),
                }
            }
        }
        // Apps that read PORT (Express, Go, Rails, gunicorn, `${PORT:8080}` in Spring) then bind the port that
        // EXPOSE documents and the health check probes, and one that needs it (no default) binds at all. Bases
        // that serve on their own port (nginx, Apache, php-fpm) fix it themselves.
        if let Some(port) = self.answers.port
            && base.port.is_none()
            && !env
                .iter()
                .any(|(k, _)| k == "PORT" || k == "ASPNETCORE_HTTP_PORTS")
        {
            env.push(("PORT".into(), port.to_string()));
        }
        if !env.is_empty() {
            ins.push(Instruction::text(
                Keyword::Env,
                env_text(&env),
                Origin::BuildSystem,
                "runtime settings",
            ));
        }
        ins.push(self.user_instruction());
        if let Some(port) = self.answers.port {
            ins.push(Instruction::text(
                Keyword::Expose,
                port.to_string(),
                Origin::BuildSystem,
                "documents the port the app listens on (publish it with docker run -p)",
            ));
        }
        ins.push(self.healthcheck(probe));
        ins.push(self.command());
        Stage {
            name: RUNTIME_STAGE.into(),
            title: format!("runtime: {} with only the build output", base.name),
            instructions: ins,
        }
    }

    fn user_creation(&self) -> Vec<Instruction> {
        let user = &self.answers.user;
        if user.mode != UserMode::Create {
            return Vec::new();
        }
        let (name, uid, gid) = (&user.name, user.uid, user.gid);
        let text = match self.base.user_tools {
            UserTools::None => return Vec::new(),
            UserTools::Busybox => {
                format!(
                    "addgroup -S -g {gid} {name} && adduser -S -D -H -u {uid} -G {name} -s /sbin/nologin {name}"
                )
            }
            UserTools::Shadow => format!(
                "groupadd --system --gid {gid} {name} && useradd --system --no-log-init --uid {uid} --gid {gid} \
                 --no-create-home --shell /usr/sbin/nologin {name}"
            ),
        };
        vec![Instruction::text(
            Keyword::Run,
            text,
            Origin::User,
            format!("a system user {name} ({uid}:{gid}) with no login shell and no home"),
        )]
    }

    fn user_instruction(&self) -> Instruction {
        let user = &self.answers.user;
        match (user.mode, self.user_ids()) {
            (UserMode::Root, _) | (_, None) => {
                let mut ins = Instruction::text(
                    Keyword::User,
                    "0:0",
                    Origin::User,
                    "runs as root because the answers ask for it; a container escape then starts as root",
                );
                ins.lint_ignore = Some((
                    "DL3002".into(),
                    "root was chosen explicitly (user.mode = \"root\")".into(),
                ));
                ins
            }
            (UserMode::Builtin, Some((uid, gid))) => {
                let name = self
                    .base
                    .nonroot_user
                    .as_ref()
                    .map_or("nonroot", |u| u.name.as_str());
                Instruction::text(
                    Keyword::User,
                    format!("{uid}:{gid}"),
                    Origin::User,
                    format!(
                        "{name} ({uid}), the non-root user {} already has; numeric so Kubernetes can verify it",
                        self.base.name
                    ),
                )
            }
            (UserMode::Create, Some((uid, gid))) => {
                let why = if self.base.user_tools == UserTools::None {
                    format!(
                        "numeric uid:gid: {} has no /etc/passwd to add a user to, and needs none",
                        self.base.name
                    )
                } else {
                    format!("drop root: the app runs as {} ({uid}:{gid})", user.name)
                };
                Instruction::text(Keyword::User, format!("{uid}:{gid}"), Origin::User, why)
            }
        }
    }

    fn healthcheck(&self, probe: &ProbeMethod) -> Instruction {
        let h = &self.answers.healthcheck;
        // The probe follows the app's port unless the answers name another (a management port).
        let port = h.port.or(self.answers.port).map_or(80, u16::from);
        // The URL is data: an argument of its own, never part of code an interpreter runs.
        let url = format!("http://127.0.0.1:{port}{}", h.path);
        let runtime_bin = |fallback: &str| {
            self.base
                .runtime
                .as_ref()
                .filter(|r| !r.bin.is_empty())
                .map_or(fallback.to_string(), |r| r.bin.clone())
        };
        let w = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<String>>();
        // Placeholders are whole arguments (the catalog check refuses any other use), so the URL and the port
        // stay data here too.
        let interpreter = |template: &dyn Fn(&InterpreterProbe) -> &Vec<String>| {
            self.interpreter_probe.map_or_else(Vec::new, |p| {
                InterpreterProbe::fill(template(p), &runtime_bin(&p.bin), &url, &port.to_string())
            })
        };
        let words: Vec<String> = match probe {
            ProbeMethod::None => {
                return Instruction::text(
                    Keyword::Note,
                    "No HEALTHCHECK: the answers ask for none, so orchestrators only see whether the process runs.",
                    Origin::Healthcheck,
                    "",
                );
            }
            ProbeMethod::Command => h.command.clone(),
            ProbeMethod::Copied => w(&[PROBE_PATH, "-q", "-O", "/dev/null", &url]),
            ProbeMethod::Builtin(Probe::Curl) => w(&["curl", "-fsS", "-o", "/dev/null", &url]),
            ProbeMethod::Builtin(Probe::Wget) => w(&["wget", "-q", "-O", "/dev/null", &url]),
            ProbeMethod::Builtin(Probe::Interpreter(_)) => interpreter(&|p| &p.http),
            ProbeMethod::Tcp(tcp) => {
                let port = port.to_string();
                match tcp {
                    TcpProbe::Bash => vec![
                        "bash".into(),
                        "-c".into(),
                        format!("exec 3<>/dev/tcp/127.0.0.1/{port}"),
                    ],
                    TcpProbe::Interpreter(_) => interpreter(&|p| &p.tcp),
                    TcpProbe::Busybox => {
                        w(&["busybox", "nc", "127.0.0.1", &port, "-e", "busybox", "true"])
                    }
                    TcpProbe::Copied => w(&[
                        PROBE_BUSYBOX,
                        "nc",
                        "127.0.0.1",
                        &port,
                        "-e",
                        PROBE_BUSYBOX,
                        "true",
                    ]),
                }
            }
        };
        let why = match probe {
            ProbeMethod::Command => "your health command, in exec form".to_string(),
            ProbeMethod::Copied => {
                "probes over HTTP with the copied static wget; exec form needs no shell".to_string()
            }
            ProbeMethod::Builtin(p) => format!(
                "probes over HTTP with {}, which {} ships",
                p.label(),
                self.base.name
            ),
            ProbeMethod::Tcp(_) => format!(
                "checks that port {port} accepts connections: no health route is known, and `GET /` proves \
                 nothing (APIs answer 404, gRPC does not speak HTTP/1.1)"
            ),
            ProbeMethod::None => String::new(),
        };
        Instruction::new(
            Keyword::Healthcheck,
            Body::Exec {
                prefix: Some("CMD"),
                words,
            },
            Origin::Healthcheck,
            why,
        )
        .with_flags(vec![
            format!("--interval={}", h.interval),
            format!("--timeout={}", h.timeout),
            format!("--start-period={}", h.start_period),
            format!("--retries={}", h.retries),
        ])
    }

    fn command(&self) -> Instruction {
        // The command is the user's text (catalog templates were filled when the answers were completed):
        // `{port}` in it stays `{port}`.
        let command = self.answers.command.clone();
        if command.is_empty() {
            return Instruction::text(
                Keyword::Note,
                format!("No CMD: {} starts its own server.", self.base.name),
                Origin::Base,
                "",
            );
        }
        let entrypoint = self
            .base
            .runtime
            .as_ref()
            .map(|r| r.entrypoint.as_slice())
            .unwrap_or_default();
        if let Some(program) = entrypoint.first() {
            let program_name = program.rsplit('/').next().unwrap_or(program);
            let first = command
                .first()
                .map(|c| c.rsplit('/').next().unwrap_or(c))
                .unwrap_or_default();
            // `python3.13 -m app` on a `/usr/bin/python3` entrypoint: the catalog names the runtime's programs.
            let named = |name: &str| self.runtime.is_some_and(|r| r.is_program(name));
            let same = first == program_name || (named(first) && named(program_name));
            // `java -jar` as the image's ENTRYPOINT cannot run `java -cp ... Main`: the arguments must follow it.
            let follows =
                command.len() > entrypoint.len() && command[1..].starts_with(&entrypoint[1..]);
            if same && (entrypoint.len() == 1 || follows) {
                let rest = command[1..].to_vec();
                let rest = if entrypoint.len() > 1 && rest.starts_with(&entrypoint[1..]) {
                    rest[entrypoint.len() - 1..].to_vec()
                } else {
                    rest
                };
                return Instruction::exec(
                    Keyword::Cmd,
                    rest,
                    Origin::Base,
                    format!(
                        "{} starts `{}` itself (its ENTRYPOINT), so CMD holds only the arguments",
                        self.base.name,
                        entrypoint.join(" ")
                    ),
                );
            }
            return Instruction::exec(
                Keyword::Entrypoint,
                command,
                Origin::BuildSystem,
                "replaces the base's own entrypoint with the app's command (exec form: signals reach the app)",
            );
        }
        Instruction::exec(
            Keyword::Cmd,
            command,
            Origin::BuildSystem,
            "exec form: the app is PID 1 and receives SIGTERM on docker stop",
        )
    }
}

/// Which stage a package install is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum For {
    Builder,
    Runtime,
}

/// The addons' runtime packages, named, when `base` cannot install them.
fn runtime_packages_without_manager(
    answers: &Answers,
    language: &Language,
    base: &Base,
) -> Option<String> {
    let names = answers.files.uninstallable(language, base);
    (!names.is_empty()).then(|| names.join(", "))
}

impl Ctx<'_> {
    fn addons(&self) -> impl Iterator<Item = &Addon> + '_ {
        self.answers
            .files
            .addons
            .iter()
            .filter_map(|id| self.language.addon(id))
    }

    /// One RUN that installs the addons' system packages with the image's package manager. Package versions are
    /// not pinned: a Debian or Alpine release replaces them with every security update, so a pin breaks the build
    /// within weeks; the base tag pins the release instead (the lint rule is silenced with that reason).
    fn install_packages(&self, pm: &str, stage: For) -> Vec<Instruction> {
        let mut packages: Vec<&str> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        for addon in self.addons() {
            let set = match stage {
                For::Builder => &addon.builder_packages,
                For::Runtime => &addon.runtime_packages,
            };
            if let Some(list) = set.get(pm) {
                names.push(&addon.name);
                for p in list {
                    if !packages.contains(&p.as_str()) {
                        packages.push(p);
                    }
                }
            }
        }
        if packages.is_empty() {
            return Vec::new();
        }
        let list = packages.join(" ");
        let (text, rule) = match pm {
            "apk" => (format!("apk add --no-cache {list}"), "DL3018"),
            _ => (
                format!(
                    "apt-get update && apt-get install -y --no-install-recommends {list} && rm -rf /var/lib/apt/lists/*"
                ),
                "DL3008",
            ),
        };
        let why = match stage {
            For::Builder => format!("headers and tools to build {}", names.join(", ")),
            For::Runtime => format!(
                "the shared libraries the app links at run time: {}",
                names.join(", ")
            ),
        };
        let origin = match stage {
            For::Builder => Origin::BuildSystem,
            For::Runtime => Origin::Base,
        };
        let mut ins = Instruction::text(Keyword::Run, text, origin, why);
        ins.lint_ignore = Some((
            rule.into(),
            "distribution packages are not pinned: security updates replace the versions, the base tag pins the release".into(),
        ));
        vec![ins]
    }

    /// The files the install reads, each to the same path (grouped by folder), then the placeholder sources.
    fn install_inputs(&self) -> Vec<Instruction> {
        let files = &self.answers.files;
        let mut ins = Vec::new();
        // A folder (`patches/`) is copied to itself: COPY of a folder copies its contents.
        let (folders, plain): (Vec<&String>, Vec<&String>) =
            files.copy.iter().partition(|p| p.ends_with('/'));
        for (dir, list) in by_folder(plain.iter().map(|p| p.as_str())) {
            let to = if dir.is_empty() {
                "./".to_string()
            } else {
                format!("{dir}/")
            };
            ins.push(Instruction::text(
                Keyword::Copy,
                format!("{} {to}", list.join(" ")),
                Origin::BuildSystem,
                "files the dependency install reads, copied before it runs",
            ));
        }
        for folder in folders {
            ins.push(Instruction::text(
                Keyword::Copy,
                format!("{} {folder}", folder.trim_end_matches('/')),
                Origin::BuildSystem,
                "a folder the dependency install reads, copied before it runs",
            ));
        }
        if !files.stubs.is_empty() {
            let mut dirs: Vec<&str> = files
                .stubs
                .iter()
                .filter_map(|s| s.rsplit_once('/').map(|(d, _)| d))
                .collect();
            dirs.dedup();
            let mut parts = Vec::new();
            if !dirs.is_empty() {
                parts.push(format!("mkdir -p {}", dirs.join(" ")));
            }
            let (libs, bins): (Vec<&String>, Vec<&String>) =
                files.stubs.iter().partition(|s| s.ends_with("lib.rs"));
            if !libs.is_empty() {
                parts.push(format!(
                    "touch {}",
                    libs.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ));
            }
            for bin in bins {
                parts.push(format!("echo 'fn main() {{}}' > {bin}"));
            }
            ins.push(Instruction::text(
                Keyword::Run,
                parts.join(" && "),
                Origin::BuildSystem,
                "placeholders for every target the manifests declare, so the dependency build finds them",
            ));
        }
        ins
    }

    /// Files and folders the app reads at run time, unless the whole build folder is copied anyway.
    fn runtime_files(&self, chown: Option<&str>) -> Vec<Instruction> {
        let b = &self.build;
        let workdir = b.workdir.trim_end_matches('/');
        if b.artifacts
            .iter()
            .any(|a| self.fill(&a.from).trim_end_matches('/') == workdir)
        {
            return Vec::new();
        }
        self.answers
            .files
            .runtime
            .iter()
            .map(|path| {
                let mut flags = vec![format!("--from={BUILDER_STAGE}")];
                flags.extend(chown.map(String::from));
                Instruction::text(
                    Keyword::Copy,
                    format!(
                        "{workdir}/{path} {}/{path}",
                        b.app_dir.trim_end_matches('/')
                    ),
                    Origin::BuildSystem,
                    "the app reads this at run time (found in the code)",
                )
                .with_flags(flags)
            })
            .collect()
    }
}

/// Paths grouped by their folder, in first-seen order ("" for the top level).
fn by_folder<'p>(paths: impl Iterator<Item = &'p str>) -> Vec<(String, Vec<&'p str>)> {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for path in paths {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
        match groups.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, list)) => list.push(path),
            None => groups.push((dir, vec![path])),
        }
    }
    groups
}

/// A filled-in path without `.` segments: `/app/./.next` (an app folder of `.`) is `/app/.next`.
fn tidy(path: &str) -> String {
    let mut out = path.replace("/./", "/");
    while out.contains("/./") {
        out = out.replace("/./", "/");
    }
    out
}
