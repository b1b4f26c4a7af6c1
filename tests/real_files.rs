//! Projects shaped like real ones (tests/fixtures/projects/f-*): detection, then the generated Dockerfile. Each test
//! asserts that every file the install reads is copied before the step that runs the install, that the runtime
//! stage carries what the app reads and links at run time, and that the framework's runtime configuration is
//! there. This is how the ecosystems whose registries are not reachable here (RubyGems, NuGet, Packagist) are
//! checked; the e2e builds the others for real. All of them are linted with hadolint and parsed by BuildKit's
//! parser when the tools are installed.

mod common;

use std::{path::Path, process::Command};

use stagecraft::{
    answers::Answers,
    detect,
    dockerfile::{Body, Keyword, Output},
};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name)
}

/// Detection, completion and rendering, as `generate` does them.
fn generate(name: &str) -> (detect::Detection, Answers, Output) {
    let catalog = common::catalog();
    let detection =
        detect::detect(&fixture(name), None, &catalog).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let answers = detection
        .draft
        .clone()
        .complete(&catalog)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let output = common::generate(&answers, &catalog).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    (detection, answers, output)
}

/// One instruction of a stage, as text.
struct Line {
    stage: String,
    keyword: Keyword,
    flags: Vec<String>,
    text: String,
}

fn lines(output: &Output) -> Vec<Line> {
    let mut out = Vec::new();
    for stage in &output.model.stages {
        for i in &stage.instructions {
            let text = match &i.body {
                Body::Text(t) => t.clone(),
                Body::Exec { words, .. } => words.join(" "),
            };
            out.push(Line {
                stage: stage.name.clone(),
                keyword: i.keyword,
                flags: i.flags.clone(),
                text,
            });
        }
    }
    out
}

/// Index of the builder's COPY (from the context) whose sources include `path`, copied to its own folder.
fn copy_of(lines: &[Line], path: &str) -> Option<usize> {
    lines.iter().position(|l| {
        if l.stage != "builder" || l.keyword != Keyword::Copy || !l.flags.is_empty() {
            return false;
        }
        let words: Vec<&str> = l.text.split_whitespace().collect();
        let Some((dest, sources)) = words.split_last() else {
            return false;
        };
        let folder = path
            .trim_end_matches('/')
            .rsplit_once('/')
            .map_or("", |(d, _)| d);
        let dest_ok = if path.ends_with('/') {
            *dest == path
        } else if folder.is_empty() {
            *dest == "./" || *dest == "."
        } else {
            dest.trim_end_matches('/') == folder
        };
        // `.yarnrc.yml*`: an optional manifest is copied when it exists.
        let optional = format!("{path}*");
        dest_ok
            && sources
                .iter()
                .any(|s| *s == path.trim_end_matches('/') || *s == path || *s == optional)
    })
}

/// Index of the first builder RUN whose text contains `needle`.
fn run_of(lines: &[Line], needle: &str) -> Option<usize> {
    lines
        .iter()
        .position(|l| l.stage == "builder" && l.keyword == Keyword::Run && l.text.contains(needle))
}

/// Every path is copied into the builder at its own path before the RUN containing `install`, and before the
/// sources.
fn assert_copied_before(name: &str, output: &Output, paths: &[&str], install: &str) {
    let lines = lines(output);
    let run = run_of(&lines, install)
        .unwrap_or_else(|| panic!("{name}: no RUN with `{install}`:\n{}", output.dockerfile()));
    let sources = lines
        .iter()
        .position(|l| l.keyword == Keyword::Copy && l.text == ". .")
        .expect("COPY . .");
    for path in paths {
        let copy = copy_of(&lines, path)
            .unwrap_or_else(|| panic!("{name}: {path} is never copied:\n{}", output.dockerfile()));
        assert!(
            copy < run && copy < sources,
            "{name}: {path} is copied after `{install}`:\n{}",
            output.dockerfile()
        );
    }
}

fn runtime_has(output: &Output, keyword: Keyword, needle: &str) -> bool {
    lines(output)
        .iter()
        .any(|l| l.stage == "runtime" && l.keyword == keyword && l.text.contains(needle))
}

fn evidence<'d>(d: &'d detect::Detection, field: &str, value: &str) -> &'d detect::Evidence {
    d.evidence
        .iter()
        .find(|e| e.field == field && e.value == value)
        .unwrap_or_else(|| panic!("no evidence for {field} = {value}: {:#?}", d.evidence))
}

#[test]
fn a_requirements_chain_is_copied_before_pip_reads_it() {
    let (d, _, out) = generate("f-flask-requirements-chain");
    assert_copied_before(
        "flask",
        &out,
        &[
            "requirements.txt",
            "requirements/prod.txt",
            "requirements/base.txt",
            "constraints.txt",
        ],
        "pip install",
    );
    let e = evidence(&d, "files.copy", "constraints.txt");
    assert_eq!(
        (e.file.as_str(), e.line),
        ("requirements/prod.txt", Some(2))
    );
    // psycopg2 (not -binary) compiles against libpq: headers in the builder, the library at run time.
    let text = out.dockerfile();
    let headers = text.find("libpq-dev").expect("libpq-dev in the builder");
    assert!(headers < text.find("pip install").expect("pip"));
    assert!(runtime_has(&out, Keyword::Run, "libpq5"), "{text}");
    assert!(text.contains("# hadolint ignore=DL3008"), "{text}");
}

#[test]
fn django_collects_static_files_and_serves_the_settings_wsgi_module() {
    let (d, answers, out) = generate("f-django-static");
    assert_eq!(answers.framework.as_deref(), Some("django"));
    assert_eq!(answers.params["app_module"], "shop.wsgi");
    let e = evidence(&d, "params.app_module", "shop.wsgi");
    assert_eq!((e.file.as_str(), e.line), ("shop/settings.py", Some(10)));
    let lines = lines(&out);
    let collect = run_of(&lines, "manage.py collectstatic --noinput").expect("collectstatic");
    let sources = lines.iter().position(|l| l.text == ". .").expect("sources");
    assert!(collect > sources, "collectstatic runs on the sources");
    // A dummy key for settings that demand one, said in the why; it never reaches the runtime stage.
    assert!(
        lines[collect]
            .text
            .contains("SECRET_KEY=collectstatic-only")
    );
    assert!(!runtime_has(&out, Keyword::Env, "SECRET_KEY"));
    assert!(runtime_has(&out, Keyword::Run, "libmariadb3"));
    assert!(run_of(&lines, "default-libmysqlclient-dev").is_some_and(|i| i < collect));
}

#[test]
fn rails_with_pg_and_vips_links_its_libraries_and_reads_ruby_version_before_bundle() {
    let (d, answers, out) = generate("f-rails-pg");
    assert_eq!(answers.framework.as_deref(), Some("rails"));
    assert_copied_before(
        "rails",
        &out,
        &["Gemfile", "Gemfile.lock", ".ruby-version"],
        "bundle install",
    );
    assert_eq!(evidence(&d, "files.copy", ".ruby-version").line, Some(3));
    assert!(run_of(&lines(&out), "libpq-dev").is_some());
    assert!(runtime_has(&out, Keyword::Run, "libpq5"));
    assert!(runtime_has(&out, Keyword::Run, "libvips"));
    assert!(
        run_of(
            &lines(&out),
            "SECRET_KEY_BASE_DUMMY=1 bundle exec rails assets:precompile"
        )
        .is_some()
    );
    assert!(run_of(&lines(&out), "bootsnap precompile").is_some());
    // Packages are installed as root, before the user is dropped.
    let text = out.dockerfile();
    assert!(text.find("libpq5").expect("libpq5") < text.rfind("USER ").expect("USER"));
}

#[test]
fn a_poetry_path_dependency_is_there_before_poetry_installs_it() {
    let (d, answers, out) = generate("f-poetry-path-dep");
    assert_eq!(answers.build_system, "poetry");
    assert_copied_before(
        "poetry",
        &out,
        &["pyproject.toml", "poetry.lock", "libs/shared/"],
        "poetry install",
    );
    assert_eq!(evidence(&d, "files.copy", "libs/shared/").line, Some(12));
}

#[test]
fn rails_with_js_bundling_installs_node_packages_before_precompiling() {
    let (_, answers, out) = generate("f-rails-esbuild");
    assert_eq!(answers.files.addons, ["js-yarn"]);
    assert_copied_before(
        "rails-esbuild",
        &out,
        &["package.json", "yarn.lock"],
        "yarn install --frozen-lockfile",
    );
    let lines = lines(&out);
    let node = run_of(&lines, "nodejs npm").expect("node in the builder");
    let install = run_of(&lines, "yarn install").expect("yarn install");
    let precompile = run_of(&lines, "assets:precompile").expect("precompile");
    let cleanup = run_of(&lines, "rm -rf node_modules").expect("cleanup");
    assert!(node < install && install < precompile && precompile < cleanup);
}

#[test]
fn a_typescript_build_ships_its_output_not_its_sources() {
    let (d, answers, out) = generate("f-ts-express");
    assert_eq!(
        answers.files.ship,
        ["dist", "package.json", "node_modules", "views"]
    );
    assert_eq!(evidence(&d, "files.ship", "dist").line, Some(7));
    for path in ["dist", "package.json", "node_modules", "views"] {
        assert!(
            runtime_has(&out, Keyword::Copy, &format!("/app/{path} /app/{path}")),
            "{path}:\n{}",
            out.dockerfile()
        );
    }
    assert!(
        !runtime_has(&out, Keyword::Copy, "/app /app"),
        "{}",
        out.dockerfile()
    );
    assert!(
        out.dockerfile()
            .contains(r#"CMD ["node", "dist/server.js"]"#)
    );
}

#[test]
fn a_gemspec_and_what_it_requires_come_before_bundle_install() {
    let (_, _, out) = generate("f-gemspec-app");
    assert_copied_before(
        "gemspec",
        &out,
        &["Gemfile", "widget.gemspec", "lib/widget/version.rb"],
        "bundle install",
    );
}

#[test]
fn laravel_on_apache_serves_public_with_mod_rewrite() {
    let (_, answers, out) = generate("f-laravel-apache");
    assert_eq!(answers.framework.as_deref(), Some("laravel"));
    assert_eq!(answers.base, "php-apache");
    let text = out.dockerfile();
    assert!(runtime_has(
        &out,
        Keyword::Env,
        "APACHE_DOCUMENT_ROOT=/var/www/html/public"
    ));
    assert!(runtime_has(
        &out,
        Keyword::Run,
        "sed -ri -e 's!/var/www/html!${APACHE_DOCUMENT_ROOT}!g' /etc/apache2/sites-available/*.conf \
         /etc/apache2/apache2.conf /etc/apache2/conf-available/*.conf && a2enmod rewrite"
    ));
    // On php-fpm there is no Apache to configure.
    let catalog = common::catalog();
    let mut fpm = answers.clone();
    fpm.base = "php-fpm-alpine".into();
    let fpm_out = common::generate(&fpm, &catalog).expect("fpm");
    assert!(!fpm_out.dockerfile().contains("a2enmod"), "{text}");
}

#[test]
fn next_without_standalone_runs_next_start_and_prisma_reads_its_schema_during_install() {
    let (d, answers, out) = generate("f-next-prisma");
    assert_eq!(answers.framework.as_deref(), Some("nextjs-start"));
    assert_copied_before(
        "next-prisma",
        &out,
        &["package.json", "prisma/schema.prisma", "local/icons/"],
        "npm ci",
    );
    let e = evidence(&d, "files.copy", "prisma/schema.prisma");
    assert_eq!((e.file.as_str(), e.line), ("package.json", Some(8)));
    let text = out.dockerfile();
    assert!(!text.contains(".next/standalone"), "{text}");
    assert!(
        text.contains("--mount=type=cache,target=/app/.next/cache"),
        "{text}"
    );
    assert!(text.contains(
        r#"CMD ["node", "node_modules/next/dist/bin/next", "start", "-H", "0.0.0.0", "-p", "3000"]"#
    ));
    // bcrypt builds with node-gyp when no prebuilt binary fits: the tools are in the builder.
    assert!(answers.files.addons.contains(&"node-gyp".to_string()));
    // Prisma's engine loads OpenSSL at run time; node slim lacks it.
    assert!(
        runtime_has(&out, Keyword::Run, "--no-install-recommends openssl"),
        "{text}"
    );
    assert!(text.find("make g++").expect("build tools") < text.find("npm ci").expect("npm ci"));
}

#[test]
fn yarn_reads_its_own_release_plugins_and_patches_during_the_install() {
    let (_, answers, out) = generate("f-yarn-berry-patches");
    assert_eq!(answers.build_system, "yarn");
    assert_copied_before(
        "yarn",
        &out,
        &[
            ".yarnrc.yml",
            ".yarn/releases/yarn-4.10.3.cjs",
            ".yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs",
            ".yarn/patches/",
        ],
        "yarn install --immutable",
    );
    let (_, _, npm) = generate("f-next-prisma");
    assert_copied_before("npmrc", &npm, &[".npmrc"], "npm ci");
}

#[test]
fn a_front_controller_in_public_gets_the_same_apache_setup() {
    let (d, answers, out) = generate("f-slim-public");
    assert_eq!(answers.framework.as_deref(), Some("public-root"));
    assert_eq!(
        d.evidence_for("framework").map(|e| e.file.as_str()),
        Some("public/index.php")
    );
    assert!(runtime_has(
        &out,
        Keyword::Env,
        "APACHE_DOCUMENT_ROOT=/var/www/html/public"
    ));
    assert!(runtime_has(&out, Keyword::Run, "a2enmod rewrite"));
}

#[test]
fn php_without_composer_is_served_as_it_is() {
    let (d, answers, out) = generate("f-php-no-composer");
    assert_eq!(
        (answers.language.as_str(), answers.build_system.as_str()),
        ("php", "plain")
    );
    assert_eq!(
        d.evidence_for("language").map(|e| e.file.as_str()),
        Some("index.php")
    );
    let text = out.dockerfile();
    assert!(!text.contains("composer"), "{text}");
    assert!(
        runtime_has(&out, Keyword::Copy, "/app /var/www/html"),
        "{text}"
    );
}

#[test]
fn next_standalone_in_answers_is_refused_when_the_config_has_no_standalone() {
    let dir = fixture("f-next-prisma");
    let out = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(["generate", "--stdout", "--framework", "nextjs"])
        .arg(&dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("output: 'standalone'") && err.contains("nextjs-start"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_manifests_are_refused_with_the_fix() {
    let out = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(["generate", "--stdout"])
        .arg(fixture("f-python-requirements-dir"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("requirements.txt is missing")
            && err.contains("-r requirements/base.txt")
            && err.contains("requirements/production.txt"),
        "{err}"
    );
    let npm = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(["generate", "--stdout"])
        .arg(fixture("node-no-lockfile"))
        .output()
        .expect("run");
    assert_eq!(npm.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&npm.stderr)
            .contains("Run `npm install` and commit package-lock.json")
    );
    // A template for an empty folder is not a project: no refusal.
    let empty = tempfile::tempdir().expect("tempdir");
    let ok = Command::new(env!("CARGO_BIN_EXE_stagecraft"))
        .args(["generate", "--stdout", "--language", "python"])
        .arg(empty.path())
        .output()
        .expect("run");
    assert_eq!(ok.status.code(), Some(0));
}

#[test]
fn dotnet_restore_reads_the_directory_props_global_json_and_referenced_projects() {
    let (_, _, out) = generate("f-dotnet-central");
    assert_copied_before(
        "dotnet",
        &out,
        &[
            "src/Api/Api.csproj",
            "src/Core/Core.csproj",
            "Directory.Build.props",
            "Directory.Packages.props",
            "global.json",
            "NuGet.config",
            "src/Api/packages.lock.json",
        ],
        "dotnet restore src/Api/Api.csproj",
    );
}

#[test]
fn cargo_stubs_match_the_manifest_and_run_time_folders_reach_the_runtime() {
    let (d, answers, out) = generate("f-rust-lib-bins");
    assert_eq!(
        answers.files.stubs,
        [
            "build.rs",
            "src/lib.rs",
            "src/bin/server.rs",
            "src/bin/migrate.rs",
            "benches/throughput.rs"
        ]
    );
    let lines = lines(&out);
    let stubs = run_of(&lines, "touch src/lib.rs").expect("stubs");
    let deps = run_of(&lines, "cargo build --release && rm -rf src").expect("deps");
    assert!(stubs < deps);
    assert!(
        lines[stubs]
            .text
            .contains("echo 'fn main() {}' > src/bin/server.rs")
    );
    // Read at run time: configuration (config::File::with_name), assets (ServeDir), templates (Tera).
    // static/ is include_str!'d and migrations/ unused: neither is copied.
    for folder in ["configuration", "assets", "templates"] {
        assert!(
            runtime_has(&out, Keyword::Copy, &format!("/src/{folder} /app/{folder}")),
            "{folder}:\n{}",
            out.dockerfile()
        );
    }
    assert!(!runtime_has(&out, Keyword::Copy, "/src/static"));
    assert_eq!(
        evidence(&d, "files.runtime", "configuration").file,
        "src/bin/server.rs"
    );
    // The Linux linkers .cargo/config.toml asks for are installed in the builder before cargo runs; one it
    // cannot install is reported; macOS sections do not apply.
    assert_eq!(answers.files.addons, ["clang", "mold"]);
    assert_eq!(evidence(&d, "files.addons", "clang").line, Some(2));
    let tools = run_of(&lines, "clang mold").expect("linkers installed");
    assert!(tools < deps);
    let linker_notes: Vec<&String> = d
        .undecided
        .iter()
        .filter(|n| n.contains(".cargo/config.toml"))
        .collect();
    assert_eq!(linker_notes.len(), 1, "{linker_notes:?}");
    assert!(linker_notes[0].contains(":6:") && linker_notes[0].contains("aarch64-linux-gnu-gcc"));
}

#[test]
fn a_rust_app_linking_libpq_gets_a_base_that_can_install_it() {
    let (d, answers, out) = generate("f-rust-diesel-pg");
    assert_eq!(answers.files.addons, ["libpq"]);
    assert_eq!(evidence(&d, "files.addons", "libpq").file, "Cargo.lock");
    // distroless cc has no libpq and no package manager: the first recommended base with apt whose support has
    // not ended is chosen (Debian 12 slim's ended 2026-06-10).
    assert_eq!(answers.base, "debian-trixie-slim");
    let lines = lines(&out);
    let headers = run_of(&lines, "libpq-dev").expect("libpq-dev");
    assert!(headers < run_of(&lines, "cargo build --release").expect("cargo build"));
    assert!(runtime_has(&out, Keyword::Run, "libpq5"));
    // Asked for distroless anyway: refused with the reason, not a binary that cannot start.
    let catalog = common::catalog();
    let mut distroless = answers.clone();
    distroless.base = "distroless-cc".into();
    let err = common::generate(&distroless, &catalog).expect_err("no package manager");
    assert!(format!("{err:?}").contains("libpq (pq-sys)"), "{err:?}");
    // The base table agrees: bases that cannot install libpq do not fit, with the reason, and the row marked
    // recommended is the base the answers got.
    let plan = stagecraft::plan::Plan::new(answers.clone(), &catalog).expect("plan");
    let rows = stagecraft::compare::rows(&catalog, Some(&stagecraft::compare::AppNeeds::of(&plan)));
    let row = |id: &str| rows.iter().find(|r| r.id == id).expect(id);
    // distroless cc fits a glibc binary otherwise; what it lacks is a way to install libpq.
    assert_eq!(row("distroless-cc").fit, stagecraft::compat::Fit::No);
    assert!(
        row("distroless-cc").reason.contains("libpq (pq-sys)"),
        "{}",
        row("distroless-cc").reason
    );
    assert_ne!(row("debian-trixie-slim").fit, stagecraft::compat::Fit::No);
    let recommended: Vec<&str> = rows
        .iter()
        .filter(|r| r.recommended)
        .map(|r| r.id)
        .collect();
    assert_eq!(recommended, [answers.base.as_str()]);
}

#[test]
fn go_runtime_reads_are_copied_and_embedded_files_are_not() {
    let (d, answers, out) = generate("f-go-web");
    assert_eq!(
        answers.files.runtime,
        ["config", "templates", "data", "static"]
    );
    assert!(!answers.files.runtime.contains(&"migrations".to_string()));
    assert_copied_before(
        "go",
        &out,
        &["go.mod", "internal/util/go.mod"],
        "go mod download",
    );
    assert_eq!(
        evidence(&d, "files.copy", "internal/util/go.mod").line,
        Some(7)
    );
    let user = lines(&out)
        .iter()
        .position(|l| l.stage == "runtime" && l.keyword == Keyword::User)
        .expect("USER");
    let copy = lines(&out)
        .iter()
        .position(|l| l.stage == "runtime" && l.text.contains("/src/templates /app/templates"))
        .expect("templates copied");
    assert!(copy < user);
    assert!(
        lines(&out)[copy]
            .flags
            .iter()
            .any(|f| f == "--chown=65532:65532")
    );
}

#[test]
fn a_monorepo_builds_its_only_app_and_copies_every_member_manifest() {
    let (d, answers, out) = generate("f-turbo-monorepo");
    let member = d.evidence_for("member").expect("member evidence");
    assert_eq!(member.value, "@acme/web");
    assert!(
        member.detail.contains("depends on next"),
        "{}",
        member.detail
    );
    assert_eq!(answers.framework.as_deref(), Some("nextjs"));
    assert_copied_before(
        "turbo",
        &out,
        &[
            "apps/web/package.json",
            "apps/mobile/package.json",
            "packages/ui/package.json",
            "pnpm-lock.yaml",
        ],
        "pnpm install --frozen-lockfile",
    );
    // The standalone server keeps the member's path from the repository root.
    assert_eq!(answers.params["app_dir"], "apps/web");
    let text = out.dockerfile();
    assert!(
        runtime_has(&out, Keyword::Copy, "/app/apps/web/.next/standalone /app"),
        "{text}"
    );
    assert!(runtime_has(
        &out,
        Keyword::Copy,
        "/app/apps/web/.next/static /app/apps/web/.next/static"
    ));
    assert!(
        text.contains(r#"CMD ["node", "apps/web/server.js"]"#),
        "{text}"
    );
    assert!(
        text.contains("--mount=type=cache,target=/app/apps/web/.next/cache"),
        "{text}"
    );
}

#[test]
fn gradle_application_plugin_runs_the_installed_jars_by_main_class() {
    let (d, answers, out) = generate("java-gradle-kotlin");
    assert_eq!(answers.variant.as_deref(), Some("application"));
    assert_eq!(
        evidence(&d, "params.main_class", "ledger.MainKt").line,
        Some(13)
    );
    let text = out.dockerfile();
    assert!(
        run_of(&lines(&out), "gradle installDist").is_some(),
        "{text}"
    );
    assert!(runtime_has(&out, Keyword::Copy, "/out/lib /app/lib"));
    // On distroless, whose ENTRYPOINT is `java -jar`, the command replaces it.
    let catalog = common::catalog();
    let mut distroless = answers.clone();
    distroless.version = "21".into();
    distroless.base = "distroless-java".into();
    let out = common::generate(&distroless, &catalog).expect("distroless");
    assert!(
        out.dockerfile()
            .contains(r#"ENTRYPOINT ["java", "-cp", "/app/lib/*", "ledger.MainKt"]"#),
        "{}",
        out.dockerfile()
    );
}

#[test]
fn a_uv_workspace_offers_its_members_and_syncs_them_all() {
    let catalog = common::catalog();
    let d = detect::detect(&fixture("f-uv-workspace"), None, &catalog).expect("detect");
    let names: Vec<&str> = d.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["api", "core"]);
    assert_eq!(
        d.evidence_for("member").map(|e| e.value.as_str()),
        Some("api")
    );
    let (_, answers, out) = generate("f-uv-workspace");
    assert_eq!(answers.build_system, "uv");
    assert_copied_before(
        "uv",
        &out,
        &[
            "pyproject.toml",
            "uv.lock",
            "packages/api/pyproject.toml",
            "packages/core/pyproject.toml",
        ],
        "--no-install-workspace",
    );
    let member = detect::detect(&fixture("f-uv-workspace"), Some("core"), &catalog).expect("core");
    assert_eq!(member.draft.build_system.as_deref(), Some("uv"));
}

#[test]
fn every_real_shaped_fixture_is_lint_clean_and_parses_as_intended() {
    let names = [
        "f-flask-requirements-chain",
        "f-django-static",
        "f-rails-pg",
        "f-gemspec-app",
        "f-laravel-apache",
        "f-next-prisma",
        "f-dotnet-central",
        "f-rust-lib-bins",
        "f-go-web",
        "f-turbo-monorepo",
        "f-uv-workspace",
        "java-gradle-kotlin",
        "f-rust-diesel-pg",
        "f-yarn-berry-patches",
        "f-php-no-composer",
        "f-slim-public",
        "f-poetry-path-dep",
        "f-rails-esbuild",
        "f-ts-express",
    ];
    let catalog = common::catalog();
    let mut cases = Vec::new();
    for name in names {
        let (_, answers, _) = generate(name);
        // With cache mounts off too, and on an Alpine base where the packages come from apk.
        let mut plain = answers.clone();
        plain.options.cache_mounts = false;
        plain.options.comments = false;
        let mut variants = vec![
            (name.to_string(), answers.clone()),
            (format!("{name} no-cache"), plain),
        ];
        for alpine in ["python-alpine", "node-alpine"] {
            if common::catalog().base(alpine).is_some_and(|b| {
                b.runtime.as_ref().map(|r| r.kind.as_str()) == Some(answers.language.as_str())
            }) {
                let mut a = answers.clone();
                a.base = alpine.into();
                variants.push((format!("{name} {alpine}"), a));
            }
        }
        for (label, a) in variants {
            let output =
                common::generate(&a, &catalog).unwrap_or_else(|e| panic!("{label}: {e:?}"));
            cases.push((label, a, output));
        }
    }
    let Some(tools) = common::tools() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let files = common::write_cases(dir.path(), &cases);
    let labels: Vec<String> = cases.iter().map(|c| c.0.clone()).collect();
    let findings = common::hadolint_findings(&tools, &files, &labels);
    assert!(findings.is_empty(), "{findings:#?}");
    let problems = common::parse_problems(&tools, dir.path());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn collectstatic_says_so_when_the_default_settings_have_no_static_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("requirements.txt", "Django==5.2.8\ngunicorn==23.0.0\n");
    write(
        "manage.py",
        "import os\nos.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", \"site_cfg.settings.dev\")\n",
    );
    write("site_cfg/settings/__init__.py", "");
    write("site_cfg/settings/dev.py", "DEBUG = True\n");
    write(
        "site_cfg/settings/production.py",
        "STATIC_ROOT = \"/srv/static\"\nWSGI_APPLICATION = \"site_cfg.wsgi.application\"\n",
    );
    let d = detect::detect(root, None, &common::catalog()).expect("detect");
    assert!(
        d.undecided
            .iter()
            .any(|n| n.contains("site_cfg.settings.dev")
                && n.contains("site_cfg/settings/production.py sets STATIC_ROOT")),
        "{:?}",
        d.undecided
    );
    // With a star import of the settings that set it, nothing is said.
    write("site_cfg/settings/dev.py", "from .production import *\n");
    let d = detect::detect(root, None, &common::catalog()).expect("detect");
    assert!(!d.undecided.iter().any(|n| n.contains("collectstatic runs")));
}

#[test]
fn files_round_trip_through_an_answers_file_and_bad_paths_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = dir.path().join("answers.toml");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_stagecraft"))
            .args(args)
            .output()
            .expect("run")
    };
    let project = fixture("f-rails-pg");
    let project = project.to_str().expect("utf-8 path");
    let saved_str = saved.to_str().expect("utf-8 path");
    let first = run(&["generate", "--stdout", "--save-answers", saved_str, project]);
    assert_eq!(first.status.code(), Some(0));
    let text = std::fs::read_to_string(&saved).expect("saved");
    assert!(
        text.contains("[files]\ncopy = [\".ruby-version\"]"),
        "{text}"
    );
    let again = run(&[
        "generate",
        "--stdout",
        "--no-detect",
        "--answers",
        saved_str,
        project,
    ]);
    assert_eq!(
        again.stdout, first.stdout,
        "the answers file alone renders the same file"
    );
    for (bad, field) in [
        ("copy = [\"../secrets.txt\"]", "files.copy[0]"),
        ("runtime = [\"/etc\"]", "files.runtime[0]"),
        ("stubs = [\"src/lib.py\"]", "files.stubs[0]"),
        ("addons = [\"left-pad\"]", "files.addons[0]"),
        ("ship = [\"../dist\"]", "files.ship[0]"),
    ] {
        let head = &text[..text.find("[files]").expect("files table")];
        std::fs::write(&saved, format!("{head}[files]\n{bad}\n")).expect("write");
        let out = run(&[
            "generate",
            "--stdout",
            "--no-detect",
            "--answers",
            saved_str,
            project,
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert!(err.contains(field), "{bad}: {err}");
    }
    // Well-formed, but not in the project: refused before anything is written.
    let head = &text[..text.find("[files]").expect("files table")];
    std::fs::write(
        &saved,
        format!("{head}[files]\nruntime = [\"templates\"]\n"),
    )
    .expect("write");
    let out = run(&["generate", "--stdout", "--answers", saved_str, project]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("templates is missing (files.runtime)"),
        "{err}"
    );
}

#[test]
fn a_base_is_refused_only_for_libraries_its_libc_needs_installed() {
    let catalog = common::catalog();
    let (_, mut answers, _) = generate("f-flask-requirements-chain");
    // distroless Python ships one Python release.
    answers.version = "3.13".into();
    let mut lxml = answers.clone();
    lxml.files.addons = vec!["lxml-musl".into()];
    lxml.base = "distroless-python".into();
    // lxml's glibc wheels carry their libraries: nothing to install on a glibc base without apt.
    let out = common::generate(&lxml, &catalog).expect("lxml on glibc distroless");
    assert!(!out.dockerfile().contains("apk add"));
    let mut pq = answers;
    pq.base = "distroless-python".into();
    let err = common::generate(&pq, &catalog).expect_err("libpq needs installing");
    assert!(format!("{err:?}").contains("libpq (psycopg2)"), "{err:?}");
}
