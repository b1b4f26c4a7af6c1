//! Types of the catalog: runtime bases, languages, build systems and the overlays (variants, frameworks)
//! that adjust a build system. The catalog is data (TOML under `assets/catalog/`); these types are its schema.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The whole catalog after built-in files and user overrides were merged.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Catalog {
    pub bases: Vec<Base>,
    pub languages: Vec<Language>,
}

/// The C library a base ships (or that a binary was linked against).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Libc {
    None,
    Glibc,
    Musl,
}

impl Libc {
    pub fn label(self) -> &'static str {
        match self {
            Libc::None => "none",
            Libc::Glibc => "glibc",
            Libc::Musl => "musl",
        }
    }
}

/// How users are created in a base, which decides the syntax of the user-creation line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UserTools {
    /// No shell or no user tools: only numeric `USER uid:gid` works.
    None,
    /// busybox `addgroup -S` / `adduser -S` (Alpine and friends).
    Busybox,
    /// shadow-utils `groupadd -r` / `useradd -r` (Debian, Ubuntu).
    Shadow,
}

/// A tool inside a base that can probe the app for HEALTHCHECK. curl and wget are mechanisms the renderer knows;
/// any other name is a runtime kind (`node`, `python`) whose own interpreter probes, with the argv templates of
/// that kind's `[[language.runtime]]` entry. Written as a plain string in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Probe {
    Curl,
    Wget,
    /// The interpreter of this runtime kind; usable on a base whose runtime is that kind.
    Interpreter(String),
}

impl Probe {
    pub fn label(&self) -> &str {
        match self {
            Probe::Curl => "curl",
            Probe::Wget => "wget",
            Probe::Interpreter(kind) => kind,
        }
    }
}

impl From<&str> for Probe {
    fn from(name: &str) -> Probe {
        match name {
            "curl" => Probe::Curl,
            "wget" => Probe::Wget,
            kind => Probe::Interpreter(kind.to_string()),
        }
    }
}

impl Serialize for Probe {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Probe::from(String::deserialize(deserializer)?.as_str()))
    }
}

/// What stagecraft knows about a runtime kind that bases ship and apps need (`node`, `python`, `php-fpm`,
/// `nginx`...): how to name it, what musl libc means for it, how its interpreter probes a health check, and the
/// names its program goes by. Declared by the language that brings it (`[[language.runtime]]`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuntimeKind {
    /// The kind as bases (`runtime.kind`) and build systems (`needs.runtime`) name it.
    pub kind: String,
    /// How sentences name it: "the app needs Node.js at run time".
    pub label: String,
    /// The caveat of a musl (Alpine) base for apps on this runtime; a general one is used without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub musl_caveat: Option<String>,
    /// The names of the runtime's program in a start command; a trailing `*` matches any ending (`python*` is
    /// also `python3.13`). A command starting with one of them, on a base whose ENTRYPOINT is a program with one
    /// of them, keeps only its arguments in CMD.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// How the interpreter probes a health check, for bases that list this kind under `probes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<InterpreterProbe>,
}

/// Exec-form argv templates of an interpreter's health probes. Placeholders are whole arguments, never part of
/// one: `{bin}` (the base's `runtime.bin`, else `bin` here), `{url}` (HTTP) and `{port}` (TCP). So the URL and
/// the port reach the interpreter as data (`sys.argv[1]`), never inside the code it runs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InterpreterProbe {
    /// The program when the base does not say where it is (`python3`).
    pub bin: String,
    /// An HTTP GET of `{url}` that exits 0 on a 2xx answer.
    pub http: Vec<String>,
    /// A TCP connect to 127.0.0.1:`{port}` that exits 0 when the port accepts it.
    pub tcp: Vec<String>,
}

/// The placeholders of an interpreter probe's templates.
pub const PROBE_BIN: &str = "{bin}";
pub const PROBE_URL: &str = "{url}";
pub const PROBE_PORT: &str = "{port}";

impl InterpreterProbe {
    /// `template` with each placeholder argument replaced; an argument that merely contains a brace is code and
    /// is kept as written.
    pub fn fill(template: &[String], bin: &str, url: &str, port: &str) -> Vec<String> {
        template
            .iter()
            .map(|word| match word.as_str() {
                PROBE_BIN => bin.to_string(),
                PROBE_URL => url.to_string(),
                PROBE_PORT => port.to_string(),
                _ => word.clone(),
            })
            .collect()
    }
}

impl RuntimeKind {
    /// Whether `program` (a file name, no folder) is one of this runtime's program names.
    pub fn is_program(&self, program: &str) -> bool {
        self.programs.iter().any(|p| match p.strip_suffix('*') {
            Some(stem) => program.starts_with(stem),
            None => program == p,
        })
    }
}

/// How detection finds a language: its detector's turn and the manifests that mark a project as (also) this
/// language. The detectors themselves are code (`src/detect`), registered by language id.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DetectRule {
    /// Detectors run from the lowest priority up, and the first that claims the project decides; more specific
    /// manifests go first (a Rails app with a package.json is Ruby). A language without one is tried last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
    /// Files whose presence next to another language's project is worth a note (`go.mod`, `Gemfile`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<String>,
    /// Languages whose projects may hold these markers as a matter of course (a Rails app's package.json).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expected_in: Vec<String>,
}

/// Image sizes for linux/amd64 in MB, as published; `None` where no source gave a figure.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Size {
    #[serde(default)]
    pub compressed_mb: Option<f64>,
    #[serde(default)]
    pub uncompressed_mb: Option<f64>,
    /// What the figures are (which tag, estimate or measurement).
    #[serde(default)]
    pub note: String,
}

/// A non-root user that the base image already contains.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BuiltinUser {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    /// True when the image's own `USER` already is this user (distroless `:nonroot`, chiseled, unprivileged nginx).
    #[serde(default)]
    pub active: bool,
    /// True when the name resolves inside the image (an /etc/passwd entry); false means use the numeric form.
    #[serde(default = "yes")]
    pub in_passwd: bool,
}

fn yes() -> bool {
    true
}

/// A language runtime that a base ships (node, python, java, dotnet, php, ruby, nginx).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Runtime {
    /// What it runs: `node`, `python`, `java`, `dotnet-aspnet`, `dotnet-runtime`, `php-fpm`, `php-apache`, `ruby`,
    /// `nginx`, `bun`.
    pub kind: String,
    /// Versions this base is published for. When the base's tag contains `{version}` the app's version is used.
    pub versions: Vec<String>,
    /// The image's own ENTRYPOINT (distroless language images): the app's command then loses its leading program.
    #[serde(default)]
    pub entrypoint: Vec<String>,
    /// The runtime's program inside the image, for exec-form probes (`/usr/local/bin/node`).
    #[serde(default)]
    pub bin: String,
    /// Environment the runtime needs in this base (distroless Python: `PYTHONPATH` to the copied venv).
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// The server command of the image itself (`apache2-foreground`), used when a build system names none.
    #[serde(default)]
    pub command: Vec<String>,
}

/// A runtime base image: the facts the comparison table shows and the renderer relies on.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Base {
    pub id: String,
    pub name: String,
    /// Repository, e.g. `gcr.io/distroless/static-debian13` or `node`.
    pub image: String,
    /// Tag, may contain `{version}` (filled with the app's runtime version).
    pub tag: String,
    /// Grouping for tables and snapshots: scratch, distroless, chainguard, alpine, debian, ubuntu, busybox, node,
    /// python, java, dotnet, nginx, php, ruby.
    pub family: String,
    pub description: String,
    pub size: Size,
    /// The shell at /bin/sh, `None` when the image has no shell.
    #[serde(default)]
    pub shell: Option<String>,
    #[serde(default)]
    pub package_manager: Option<String>,
    pub libc: Libc,
    /// Shared libraries beyond libc: `libgcc`, `libstdc++`, `libssl`.
    #[serde(default)]
    pub libs: Vec<String>,
    pub ca_certs: bool,
    pub tzdata: bool,
    /// The user the image runs as when nothing is said.
    pub default_user: String,
    #[serde(default)]
    pub nonroot_user: Option<BuiltinUser>,
    pub user_tools: UserTools,
    #[serde(default)]
    pub probes: Vec<Probe>,
    #[serde(default)]
    pub runtime: Option<Runtime>,
    /// A port the image serves on by itself (unprivileged nginx: 8080).
    #[serde(default)]
    pub port: Option<u16>,
    /// The server speaks FastCGI, not HTTP (php-fpm): no HTTP health check by default.
    #[serde(default)]
    pub no_http: bool,
    /// Commands run as root in the runtime stage before dropping privileges (e.g. moving Apache to port 8080).
    #[serde(default)]
    pub setup: Vec<Step>,
    pub suits: String,
    #[serde(default)]
    pub pitfalls: Vec<String>,
    /// Why the Dockerfile carries an inline hadolint ignore for this image (e.g. a publisher that has only `latest`).
    #[serde(default)]
    pub lint_ignore: Option<LintIgnore>,
    /// Where the figures come from.
    pub source: String,
    /// The last day the image's distribution (or its publisher) supports it; `None` where none is published.
    #[serde(default)]
    pub support_ends: Option<Date>,
    /// What the date is and where it comes from.
    #[serde(default)]
    pub support_source: String,
}

/// A calendar day, written `YYYY-MM-DD` in the catalog; anything else is refused when the catalog is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if parts.next().is_some() || !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let valid = date.year >= 1970
            && (1..=12).contains(&date.month)
            && (1..=days_in_month(date.year, date.month)).contains(&date.day);
        valid.then_some(date)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a date; write it as YYYY-MM-DD (e.g. 2028-10-31)"
            ))
        })
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintIgnore {
    pub rule: String,
    pub reason: String,
}

impl Base {
    /// `image:tag` with `{version}` filled in.
    pub fn reference(&self, version: &str) -> String {
        let image = self.image.replace("{version}", version);
        if self.tag.is_empty() {
            return image;
        }
        format!("{image}:{}", self.tag.replace("{version}", version))
    }

    pub fn has_shell(&self) -> bool {
        self.shell.is_some()
    }

    /// Whether a RUN can install system packages: a package manager, and root (an image that starts as another
    /// user has no sudo).
    pub fn can_install_packages(&self) -> bool {
        self.package_manager.is_some() && self.default_user == "root"
    }

    pub fn is_versioned(&self) -> bool {
        self.tag.contains("{version}") || self.image.contains("{version}")
    }
}

/// One command of a build, with the package-manager caches it may mount.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub run: String,
    /// Cache mount targets (`/root/.npm`); rendered as `--mount=type=cache,target=...` when cache mounts are on.
    #[serde(default)]
    pub cache: Vec<String>,
    /// The command to run instead when cache mounts are off (e.g. with `--no-cache-dir`).
    #[serde(default)]
    pub run_no_cache: Option<String>,
    /// A one-line reason shown in the preview and, with comments on, above the line.
    #[serde(default)]
    pub why: String,
    /// A hadolint rule this step knowingly breaks, with the reason written next to the ignore.
    #[serde(default)]
    pub lint_ignore: Option<LintIgnore>,
    /// Run only when the runtime base ships this runtime kind (`php-apache`): Apache's config exists nowhere else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_on: Option<String>,
}

/// System packages by the package manager that installs them (`apt`, `apk`).
pub type Packages = BTreeMap<String, Vec<String>>;

/// Something a project may need beyond its build system: a C library its dependencies link, a framework's build
/// step. Detection switches an addon on with evidence (`files.addons`); the renderer installs its packages and runs
/// its steps.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Addon {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Packages the builder installs before the dependencies (headers, compilers).
    #[serde(default)]
    pub builder_packages: Packages,
    /// Packages the runtime stage installs (the shared library itself).
    #[serde(default)]
    pub runtime_packages: Packages,
    /// Steps run right after the build system's dependency steps (a second package manager's install).
    #[serde(default)]
    pub deps: Vec<Step>,
    /// Steps appended after the build steps.
    #[serde(default)]
    pub build: Vec<Step>,
}

/// A file or folder copied from the builder into the runtime stage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Artifact {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub why: String,
}

/// What the app needs from a runtime base.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Needs {
    /// `none` for a fully static binary; `glibc` for a dynamically linked one; for interpreted runtimes the builder
    /// follows the base's libc when the build system has a musl builder.
    #[serde(default)]
    pub libc: Option<Libc>,
    #[serde(default)]
    pub libs: Vec<String>,
    /// A runtime kind the base must ship (`node`, `python`, ...).
    #[serde(default)]
    pub runtime: Option<String>,
    /// Alternatives accepted for `runtime` (an aspnet base also runs a console app).
    #[serde(default)]
    pub runtime_any: Vec<String>,
    /// The app makes TLS calls and needs a CA bundle; copied from the builder where the base has none.
    #[serde(default)]
    pub ca_certs: bool,
    /// The artifact runs on any libc (JVM bytecode, PHP sources): the base's libc does not matter.
    #[serde(default)]
    pub any_libc: bool,
    /// The base's runtime version must match the language version (false for nginx serving a Node-built site).
    #[serde(default = "yes")]
    pub match_version: bool,
}

/// A named parameter of a build system (Go main package, Rust binary name, Python app module...).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub id: String,
    pub name: String,
    pub description: String,
    pub default: String,
    pub kind: ParamKind,
}

/// How a parameter is validated; each kind is safe in the places the renderer puts it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ParamKind {
    /// A file or binary name: letters, digits, `.`, `_`, `-`.
    Name,
    /// A relative path or glob inside the project: name characters plus `/`, `*`, `@`, `+`.
    Path,
    /// A Python `module:attribute` or dotted module.
    Module,
    /// A container image reference.
    Image,
    /// A shell command line (no newlines, no heredocs, no trailing backslash).
    Shell,
}

/// Adjustments that a variant or framework makes to a build system. Every field is optional; set fields replace.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Overlay {
    #[serde(default)]
    pub builder: Option<String>,
    #[serde(default)]
    pub builder_musl: Option<String>,
    #[serde(default)]
    pub cross_compile: Option<bool>,
    #[serde(default)]
    pub env: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub manifests: Option<Vec<String>>,
    #[serde(default)]
    pub deps: Option<Vec<Step>>,
    #[serde(default)]
    pub build: Option<Vec<Step>>,
    /// Steps appended after the build steps (whatever the package manager).
    #[serde(default)]
    pub build_extra: Option<Vec<Step>>,
    #[serde(default)]
    pub test: Option<Step>,
    #[serde(default)]
    pub artifacts: Option<Vec<Artifact>>,
    #[serde(default)]
    pub runtime_env: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub command: Option<Vec<String>>,
    #[serde(default)]
    pub needs: Option<Needs>,
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default)]
    pub health_path: Option<String>,
    #[serde(default)]
    pub recommended: Option<Vec<String>>,
    #[serde(default)]
    pub params: Option<Vec<Param>>,
    /// Commands run as root in the runtime stage, after the base's own setup (Apache's document root for Laravel).
    #[serde(default)]
    pub runtime_setup: Option<Vec<Step>>,
    /// Cache mounts added to the first build step (Next.js keeps its incremental build cache in `.next/cache`).
    #[serde(default)]
    pub build_cache: Option<Vec<String>>,
}

/// A variant of a build system that changes what the artifact needs (cgo on, musl, self-contained).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(flatten)]
    pub overlay: Overlay,
}

/// A framework of a language (Next.js, FastAPI, Spring Boot...): changes command, port, artifacts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Build systems it applies to; empty means all of the language's.
    #[serde(default)]
    pub build_systems: Vec<String>,
    #[serde(flatten)]
    pub overlay: Overlay,
}

/// A build system of a language, with everything needed to render the builder stage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BuildSystem {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Builder image, may contain `{version}`.
    pub builder: String,
    /// Builder for musl bases (so native modules and wheels match the runtime's libc).
    #[serde(default)]
    pub builder_musl: Option<String>,
    /// The builder runs on the build machine's platform (`FROM --platform=$BUILDPLATFORM`) and its steps
    /// cross-compile for `$TARGETOS`/`$TARGETARCH`: multi-platform images without emulating the build.
    #[serde(default)]
    pub cross_compile: bool,
    #[serde(default = "default_workdir")]
    pub workdir: String,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// Dependency manifests copied before the sources; a trailing `*` marks a file that may be missing.
    #[serde(default)]
    pub manifests: Vec<String>,
    /// Steps that install dependencies (before the sources are copied).
    #[serde(default)]
    pub deps: Vec<Step>,
    /// Steps that build the app (after the sources are copied).
    #[serde(default)]
    pub build: Vec<Step>,
    /// The test command of the optional `test` stage.
    #[serde(default)]
    pub test: Option<Step>,
    pub artifacts: Vec<Artifact>,
    #[serde(default)]
    pub runtime_env: BTreeMap<String, String>,
    /// The start command (exec form). Templated with `{port}`, `{version}` and params.
    pub command: Vec<String>,
    pub needs: Needs,
    #[serde(default)]
    pub port: Option<u16>,
    #[serde(default)]
    pub health_path: Option<String>,
    /// Where the app lives in the runtime image.
    #[serde(default = "default_app_dir")]
    pub app_dir: String,
    /// Base ids in order of preference; the first that fits without a caveat is the recommendation.
    #[serde(default)]
    pub recommended: Vec<String>,
    #[serde(default)]
    pub params: Vec<Param>,
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// Commands run as root in the runtime stage, after the base's own setup.
    #[serde(default)]
    pub runtime_setup: Vec<Step>,
    /// Compressed size of the builder image in MB (for the single-stage estimate).
    #[serde(default)]
    pub builder_mb: Option<f64>,
    /// Typical size of what is copied into the runtime stage, in MB (estimate).
    #[serde(default)]
    pub app_mb: Option<f64>,
}

fn default_workdir() -> String {
    "/src".to_string()
}

fn default_order() -> u32 {
    100
}

fn default_app_dir() -> String {
    "/app".to_string()
}

/// How a pinned version maps onto the catalog's versions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PinPolicy {
    /// The same release line, else the closest newer one (the toolchain builds older code).
    #[default]
    Line,
    /// A full `x.y.z` pin is used as the image tag itself (Bundler refuses any other Ruby patch release).
    Exact,
    /// Only the same release line: a framework-dependent .NET app does not start on another major runtime.
    SameLine,
}

/// A language with its versions, build systems and frameworks.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Position in lists (lower first); ties keep file order.
    #[serde(default = "default_order")]
    pub order: u32,
    /// Versions offered, newest supported first is not required; `default_version` picks one.
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub default_version: String,
    /// The last day of upstream support per version (`"3.12" = "2028-10-31"`); a version without one has no
    /// published date.
    #[serde(default)]
    pub support_ends: BTreeMap<String, Date>,
    /// What the dates are and where they come from.
    #[serde(default)]
    pub support_source: String,
    /// How a version the project pins maps onto `versions`.
    #[serde(default)]
    pub pins: PinPolicy,
    /// Name of the global ARG that carries the version into FROM lines (`GO_VERSION`).
    #[serde(default)]
    pub version_arg: Option<String>,
    #[serde(default)]
    pub default_port: Option<u16>,
    /// Extra `.dockerignore` patterns for this language.
    #[serde(default)]
    pub dockerignore: Vec<String>,
    #[serde(rename = "build_system")]
    pub build_systems: Vec<BuildSystem>,
    #[serde(default, rename = "framework")]
    pub frameworks: Vec<Framework>,
    #[serde(default, rename = "addon")]
    pub addons: Vec<Addon>,
    /// The runtime kinds this language brings (labels, musl caveat, interpreter probes, program names).
    #[serde(default, rename = "runtime", skip_serializing_if = "Vec::is_empty")]
    pub runtimes: Vec<RuntimeKind>,
    /// When detection tries this language and which manifests mark it.
    #[serde(default)]
    pub detect: DetectRule,
}

impl Catalog {
    pub fn language(&self, id: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.id == id)
    }

    pub fn base(&self, id: &str) -> Option<&Base> {
        self.bases.iter().find(|b| b.id == id)
    }

    /// What the catalog knows about a runtime kind, from whichever language declares it.
    pub fn runtime_kind(&self, kind: &str) -> Option<&RuntimeKind> {
        self.languages
            .iter()
            .flat_map(|l| &l.runtimes)
            .find(|r| r.kind == kind)
    }

    /// How sentences name a runtime kind: its catalog label, else the kind itself.
    pub fn runtime_label<'a>(&'a self, kind: &'a str) -> &'a str {
        self.runtime_kind(kind).map_or(kind, |r| r.label.as_str())
    }

    /// Language ids in the order detection tries them: by `detect.priority`, languages without one last, ties in
    /// catalog order.
    pub fn detection_order(&self) -> Vec<&Language> {
        let mut languages: Vec<&Language> = self.languages.iter().collect();
        languages.sort_by_key(|l| l.detect.priority.unwrap_or(u32::MAX));
        languages
    }
}

impl Language {
    pub fn build_system(&self, id: &str) -> Option<&BuildSystem> {
        self.build_systems.iter().find(|b| b.id == id)
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }

    pub fn addon(&self, id: &str) -> Option<&Addon> {
        self.addons.iter().find(|a| a.id == id)
    }

    /// Frameworks that apply to a build system.
    pub fn frameworks_for<'a>(
        &'a self,
        build_system: &'a str,
    ) -> impl Iterator<Item = &'a Framework> + 'a {
        self.frameworks.iter().filter(move |f| {
            f.build_systems.is_empty() || f.build_systems.iter().any(|b| b == build_system)
        })
    }
}

impl BuildSystem {
    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }
}
