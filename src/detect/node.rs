//! Node.js and front-end builds: package.json (packageManager, engines, scripts, dependencies), lockfiles,
//! .nvmrc. A single-page app with a build script and no server becomes a static site served by nginx.

use serde_json::Value;

use super::{found::Found, walk::line_of};

const SERVERS: &[&str] = &[
    "next",
    "express",
    "fastify",
    "koa",
    "@nestjs/core",
    "@hapi/hapi",
    "nuxt",
    "@remix-run/serve",
    "hono",
];
/// Server frameworks by the dependency that says so, in order of precedence; Next.js without
/// `output: 'standalone'` becomes `NEXT_START`.
const SERVER_FRAMEWORKS: &[(&str, &str)] = &[
    ("next", "nextjs"),
    ("express", "express"),
    ("fastify", "fastify"),
];
/// Next.js without a standalone build: there is no .next/standalone to copy, so the image runs `next start`.
const NEXT_START: &str = "nextjs-start";
/// Package managers named by package.json's `packageManager` that are build systems as they are.
const PACKAGE_MANAGERS: &[&str] = &["pnpm", "npm", "bun"];
const SPA_TOOLS: &[(&str, &str)] = &[
    ("@angular/core", "angular"),
    ("vite", "vite"),
    ("react-scripts", ""),
    ("@vue/cli-service", ""),
    ("parcel", ""),
];

pub fn detect(f: &mut Found<'_>) -> bool {
    if !f.has("package.json") {
        return false;
    }
    let file = f.path("package.json");
    // An unreadable package.json already has its note (too large, a link...); it is not also "not valid JSON".
    let read = f.read("package.json");
    let json: Value = match read.as_deref().map(serde_json::from_str) {
        None => Value::Null,
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            f.note(format!(
                "{file} is not valid JSON (line {}): {e}; only the lockfiles were used",
                e.line()
            ));
            Value::Null
        }
    };
    let text = read.unwrap_or_default();
    let dep = |name: &str| {
        ["dependencies", "devDependencies"]
            .iter()
            .any(|k| json.get(k).and_then(|d| d.get(name)).is_some())
    };
    let script = |name: &str| {
        json.pointer(&format!("/scripts/{name}"))
            .and_then(Value::as_str)
            .map(String::from)
    };
    let server = SERVERS.iter().any(|s| dep(s));
    let spa = SPA_TOOLS.iter().find(|(tool, _)| dep(tool));
    let start = script("start");
    let starts_node = start.as_deref().and_then(node_script).is_some();
    let next_config = if dep("next") { next_config(f) } else { None };
    if let Some((config, config_text)) = &next_config
        && let Some(re) = super::regex(r#"output\s*:\s*["'`]export["'`]"#)
        && let Some((_, start)) = re.group(config_text, 0)
    {
        let line = super::walk::line_at(config_text, start);
        f.set(
            "language",
            "static",
            config,
            Some(line),
            "Next.js with output: 'export' writes a static site",
        );
        static_site(f, &file, &text, &json, "next", "");
        return true;
    }
    if let (Some((tool, framework)), false, Some(_), false) =
        (spa, server, script("build"), starts_node)
    {
        static_site(f, &file, &text, &json, tool, framework);
        return true;
    }
    f.set(
        "language",
        "node",
        &file,
        None,
        "package.json makes this a Node.js project",
    );
    package_manager(f, &json, &text, &file);
    node_version(f, &json, &text, &file);
    // Without `output: 'standalone'` there is no .next/standalone to copy: the image runs `next start` instead.
    let standalone = next_config
        .as_ref()
        .is_some_and(|(_, config)| config.contains("standalone"));
    for (dep_name, framework) in SERVER_FRAMEWORKS {
        let framework = if *dep_name == "next" && !standalone {
            NEXT_START
        } else {
            framework
        };
        if dep(dep_name) {
            f.set(
                "framework",
                framework,
                &file,
                line_of(&text, &format!("\"{dep_name}\"")),
                format!("{dep_name} is a dependency"),
            );
            break;
        }
    }
    if let Some(framework) = f.draft.framework.as_deref()
        && framework.starts_with("nextjs")
    {
        if framework == "nextjs-start" {
            f.note(match &next_config {
                Some((config, _)) => format!(
                    "{config} does not set output: 'standalone': the image runs `next start` with the production \
                     node_modules; add output: 'standalone' for a smaller image"
                ),
                None => "no next.config.js: the image runs `next start` with the production node_modules; a \
                         config with output: 'standalone' makes a smaller image"
                    .to_string(),
            });
        }
    } else {
        entry(
            f,
            &json,
            &text,
            &file,
            start.as_deref(),
            dep("@nestjs/core"),
        );
    }
    true
}

/// The Next.js config of the member, if any, with its text.
fn next_config(f: &mut Found<'_>) -> Option<(String, String)> {
    let name = [
        "next.config.js",
        "next.config.mjs",
        "next.config.ts",
        "next.config.cjs",
    ]
    .into_iter()
    .find(|n| f.has(n))?;
    let text = f.read(name)?;
    Some((f.path(name), text))
}

/// The file a start script runs with node: `node server.js`, `NODE_ENV=production node --env-file=.env app.js`,
/// `cross-env PORT=80 node app.js`.
fn node_script(start: &str) -> Option<&str> {
    // Flags whose value is the next word: `node --require ./tracing.js dist/server.js` runs dist/server.js.
    const TAKES_VALUE: &[&str] = &[
        "-r",
        "--require",
        "--import",
        "--loader",
        "--experimental-loader",
        "-C",
        "--conditions",
        "--env-file",
        "--title",
    ];
    let mut words = start
        .split_whitespace()
        .skip_while(|w| *w == "cross-env" || w.contains('='));
    if words.next()? != "node" {
        return None;
    }
    let mut skip = false;
    for word in words {
        if skip {
            skip = false;
        } else if word.starts_with('-') {
            skip = TAKES_VALUE.contains(&word);
        } else if matches!(word, "." | "./") {
            // `node .` runs package.json's main.
            return None;
        } else {
            return Some(word);
        }
    }
    None
}

fn entry(f: &mut Found<'_>, json: &Value, text: &str, file: &str, start: Option<&str>, nest: bool) {
    let build = json
        .pointer("/scripts/build")
        .and_then(Value::as_str)
        .is_some();
    if let Some(script) = start.and_then(node_script) {
        f.set(
            "params.main",
            &f.rooted(script),
            file,
            line_of(text, "\"start\""),
            "the start script runs it with node",
        );
        return;
    }
    // Nx: the project's build target says where the bundle goes (a path from the workspace root).
    if let Some((output, config, line)) = nx_output(f) {
        f.set(
            "params.main",
            &format!("{}/main.js", output.trim_end_matches('/')),
            &config,
            Some(line),
            "the Nx build target's outputPath holds the bundled main.js",
        );
        return;
    }
    if nest {
        // `nest start` runs the compiled main.js; package.json's main is usually npm's untouched default.
        let out = ts_out_dir(f).map_or_else(|| "dist".to_string(), |(dir, _, _)| dir);
        f.set(
            "params.main",
            &f.rooted(&format!("{out}/main.js")),
            file,
            line_of(text, "\"@nestjs/core\""),
            format!("NestJS compiles src/main.ts to {out}/main.js"),
        );
        return;
    }
    if let Some(main) = json.get("main").and_then(Value::as_str) {
        if is_typescript(main) {
            if let Some((out, why)) = compiled(f, main, build) {
                f.set(
                    "params.main",
                    &f.rooted(&out),
                    file,
                    line_of(text, "\"main\""),
                    why,
                );
                return;
            }
        } else if f.has(main.trim_start_matches("./")) || build {
            f.set(
                "params.main",
                &f.rooted(main),
                file,
                line_of(text, "\"main\""),
                "package.json main",
            );
            return;
        } else {
            f.note(format!(
                "{file}: main `{main}` does not exist and there is no build script to make it; looking for the entry \
                 file instead"
            ));
        }
    }
    for candidate in [
        "server.js",
        "index.js",
        "app.js",
        "src/index.js",
        "src/server.js",
        "src/app.js",
        "server.mjs",
        "index.mjs",
    ] {
        if f.has(candidate) {
            let path = f.path(candidate);
            f.set(
                "params.main",
                &f.rooted(candidate),
                &path,
                None,
                "the usual entry file",
            );
            return;
        }
    }
    for candidate in [
        "src/index.ts",
        "src/server.ts",
        "src/main.ts",
        "src/app.ts",
        "index.ts",
        "server.ts",
    ] {
        if f.has(candidate)
            && let Some((out, why)) = compiled(f, candidate, build)
        {
            let path = f.path(candidate);
            f.set("params.main", &f.rooted(&out), &path, None, why);
            return;
        }
    }
    f.assume(
        "command",
        "no start script that runs node, no main, and no index.js, server.js or compiled TypeScript entry",
        "set it with --param main=FILE or --command",
        &["params.main"],
        // At a workspace's root the members are the apps: --member picks one.
        f.excluded.is_empty(),
    );
}

fn is_typescript(path: &str) -> bool {
    [".ts", ".mts", ".cts", ".tsx"]
        .iter()
        .any(|e| path.ends_with(e))
}

/// tsconfig.json without comments, which tsc allows and JSON does not.
fn tsconfig(f: &mut Found<'_>) -> Option<(String, String)> {
    let name = "tsconfig.json";
    if !f.has(name) {
        return None;
    }
    let text = f.read(name)?;
    let uncommented = super::regex(r"(?s)/\*.*?\*/|(?m)^\s*//[^\n]*")
        .map_or(text.clone(), |re| re.remove_all(&text));
    Some((f.path(name), uncommented))
}

/// compilerOptions.outDir, with the file and line that say so.
fn ts_out_dir(f: &mut Found<'_>) -> Option<(String, String, usize)> {
    let (path, text) = tsconfig(f)?;
    let (dir, start) = super::regex(r#""outDir"\s*:\s*"([^"]+)""#)?.group(&text, 1)?;
    let dir = dir
        .trim_start_matches("./")
        .trim_end_matches('/')
        .to_string();
    Some((dir, path, super::walk::line_at(&text, start)))
}

/// Where tsc writes `source`: outDir + its path under rootDir (tsconfig's, else `src` when the sources live
/// there), `.ts` -> `.js`. None without a build script: nothing would compile it.
fn compiled(f: &mut Found<'_>, source: &str, build: bool) -> Option<(String, String)> {
    let source = source.trim_start_matches("./");
    if !build {
        f.note(format!(
            "{source} is TypeScript and package.json has no build script to compile it: add one (e.g. `tsc`)"
        ));
        return None;
    }
    let (path, text) = tsconfig(f)?;
    let out = super::regex(r#""outDir"\s*:\s*"([^"]+)""#)
        .and_then(|re| re.group(&text, 1).map(|m| m.0.to_string()));
    let root = super::regex(r#""rootDir"\s*:\s*"([^"]+)""#)
        .and_then(|re| re.group(&text, 1).map(|m| m.0.to_string()));
    let clean = |p: &str| p.trim_start_matches("./").trim_end_matches('/').to_string();
    let root = root.map(|r| clean(&r)).or_else(|| {
        let src_only = super::regex(r#""include"\s*:\s*\[\s*"(?:\./)?src(?:/[^"]*)?"\s*\]"#)
            .is_some_and(|re| re.is_match(&text));
        (src_only && source.starts_with("src/")).then(|| "src".to_string())
    });
    let under_root = match root.as_deref() {
        Some(".") | Some("") | None => source.to_string(),
        Some(root) => source
            .strip_prefix(&format!("{root}/"))
            .unwrap_or(source)
            .to_string(),
    };
    let stem = under_root
        .strip_suffix(".tsx")
        .or_else(|| under_root.strip_suffix(".ts"))
        .map(|s| format!("{s}.js"))
        .or_else(|| under_root.strip_suffix(".mts").map(|s| format!("{s}.mjs")))
        .or_else(|| under_root.strip_suffix(".cts").map(|s| format!("{s}.cjs")))
        .unwrap_or(under_root);
    let output = match out.as_deref().map(clean) {
        Some(out) if !out.is_empty() && out != "." => format!("{out}/{stem}"),
        _ => stem,
    };
    let why = format!(
        "{path}: tsc compiles {source} to {output} (outDir {}, rootDir {})",
        out.as_deref().unwrap_or("unset"),
        root.as_deref().unwrap_or("unset")
    );
    Some((output, why))
}

/// An Nx project's build outputPath (`dist/apps/api`), from its project.json.
fn nx_output(f: &mut Found<'_>) -> Option<(String, String, usize)> {
    if !f.has("project.json") {
        return None;
    }
    let text = f.read("project.json")?;
    let (out, start) = super::regex(r#""outputPath"\s*:\s*"([^"{}]+)""#)?.group(&text, 1)?;
    Some((
        out.trim_start_matches("./").to_string(),
        f.path("project.json"),
        super::walk::line_at(&text, start),
    ))
}

fn package_manager(f: &mut Found<'_>, json: &Value, text: &str, file: &str) {
    if let Some(pm) = json.get("packageManager").and_then(Value::as_str) {
        let (name, version) = pm.split_once('@').unwrap_or((pm, ""));
        let line = line_of(text, "packageManager");
        match name {
            name if PACKAGE_MANAGERS.contains(&name) => f.set(
                "build_system",
                name,
                file,
                line,
                format!("packageManager is {pm}"),
            ),
            "yarn" => {
                f.set(
                    "build_system",
                    "yarn",
                    file,
                    line,
                    format!("packageManager is {pm}"),
                );
                if version.starts_with("1.") {
                    f.set("variant", "classic", file, line, "Yarn 1 (classic)");
                }
            }
            _ => f.note(format!("packageManager `{pm}` is not one stagecraft knows")),
        }
    }
    let locks: Vec<(&str, String)> = [
        "pnpm-lock.yaml",
        "yarn.lock",
        "bun.lock",
        "bun.lockb",
        "package-lock.json",
        "npm-shrinkwrap.json",
    ]
    .into_iter()
    .filter_map(|name| f.nearest(name).map(|path| (name, path)))
    .collect();
    // packageManager, when set, picks among several lockfiles; otherwise the order above does.
    let pinned = f.draft.build_system.clone();
    let chosen = locks
        .iter()
        .find(|(name, _)| pinned.as_deref().is_some_and(|pm| manager_of(name) == pm))
        .or(locks.first())
        .cloned();
    if locks.len() > 1
        && let Some((name, _)) = &chosen
    {
        let names: Vec<&str> = locks.iter().map(|(n, _)| *n).collect();
        let why = if pinned.is_some() {
            "packageManager"
        } else {
            "the order pnpm, yarn, bun, npm"
        };
        f.note(format!(
            "several lockfiles ({}); using {name} (by {why}): delete the stale ones so local installs and the \
             image agree",
            names.join(", ")
        ));
    }
    let Some((name, path)) = chosen else {
        if !f.is_set("build_system") {
            f.set("build_system", "npm", file, None, "no lockfile: npm");
        }
        f.note(
            "no lockfile: `npm ci` needs package-lock.json; run `npm install` once and commit it",
        );
        return;
    };
    match name {
        "pnpm-lock.yaml" => f.set("build_system", "pnpm", &path, None, "pnpm-lock.yaml"),
        "yarn.lock" => {
            // Real lockfiles run to megabytes; the format is told by the header alone.
            let lock = f.listing.head(&path, 4096).unwrap_or_default();
            let (line, detail) = if let Some(line) = line_of(&lock, "__metadata:") {
                (Some(line), "a Yarn 2+ (Berry) lockfile: it has __metadata")
            } else if let Some(line) = line_of(&lock, "yarn lockfile v1") {
                (Some(line), "a Yarn 1 lockfile")
            } else {
                f.note(format!(
                    "{path} has neither the Yarn 1 header nor __metadata; taken for Yarn 2+"
                ));
                (None, "yarn.lock")
            };
            f.set("build_system", "yarn", &path, line, detail);
            if f.draft.build_system.as_deref() == Some("yarn")
                && lock.contains("# yarn lockfile v1")
            {
                f.set(
                    "variant",
                    "classic",
                    &path,
                    line_of(&lock, "yarn lockfile v1"),
                    "a Yarn 1 lockfile",
                );
            }
        }
        "bun.lock" | "bun.lockb" => f.set(
            "build_system",
            "bun",
            &path,
            None,
            format!("{name}: installed with Bun"),
        ),
        _ => f.set(
            "build_system",
            "npm",
            &path,
            None,
            format!("{name}: installed with npm ci"),
        ),
    }
}

fn manager_of(lockfile: &str) -> &'static str {
    match lockfile {
        "pnpm-lock.yaml" => "pnpm",
        "yarn.lock" => "yarn",
        "bun.lock" | "bun.lockb" => "bun",
        _ => "npm",
    }
}

/// nvm's names for release lines (`lts/iron`), as .nvmrc files often hold them.
fn lts_codename(v: &str) -> Option<&'static str> {
    let name = v.trim().to_ascii_lowercase();
    let name = name.strip_prefix("lts/").unwrap_or(&name);
    Some(match name {
        "hydrogen" => "18",
        "iron" => "20",
        "jod" => "22",
        "krypton" => "24",
        _ => return None,
    })
}

fn node_version(f: &mut Found<'_>, json: &Value, text: &str, file: &str) {
    for name in [".nvmrc", ".node-version"] {
        if let Some(path) = f.nearest(name)
            && let Ok(v) = f.listing.read(&path)
        {
            let v = v.trim().to_string();
            if v.starts_with(|c: char| c.is_ascii_digit() || c == 'v') {
                f.set_version(&v, false, &path, Some(1), name);
                return;
            }
            if let Some(line) = lts_codename(&v) {
                f.set_version(line, false, &path, Some(1), &format!("{name} `{v}`: Node"));
                return;
            }
            f.note(format!("{path} says `{v}`, which is not a version number"));
        }
    }
    if let Some(pinned) = json.pointer("/volta/node").and_then(Value::as_str) {
        f.set_version(
            pinned,
            false,
            file,
            line_of(text, "\"volta\""),
            "volta.node",
        );
        return;
    }
    if let Some(engines) = json.pointer("/engines/node").and_then(Value::as_str) {
        let minimum = engines.contains(">") || engines.contains('^') || engines.contains('~');
        f.set_version(
            engines,
            minimum,
            file,
            line_of(text, "\"node\""),
            "engines.node",
        );
    }
}

fn static_site(
    f: &mut Found<'_>,
    file: &str,
    text: &str,
    json: &Value,
    tool: &str,
    framework: &str,
) {
    f.set(
        "language",
        "static",
        file,
        None,
        format!("{tool} with a build script and no server: a static site"),
    );
    f.set(
        "build_system",
        "npm-build",
        file,
        line_of(text, "\"build\""),
        "built with npm run build, served by nginx",
    );
    if !framework.is_empty() {
        f.set(
            "framework",
            framework,
            file,
            line_of(text, &format!("\"{tool}\"")),
            format!("{tool} is a dependency"),
        );
    }
    let dist = match tool {
        "react-scripts" => "build".to_string(),
        "next" => "out".to_string(),
        "@angular/core" => {
            let name = json.get("name").and_then(Value::as_str).unwrap_or("app");
            format!("dist/{name}/browser")
        }
        _ => "dist".to_string(),
    };
    f.set(
        "params.dist",
        &dist,
        file,
        None,
        format!("where {tool} writes the build"),
    );
    node_version(f, json, text, file);
    if f.has("pnpm-lock.yaml") || f.has("yarn.lock") {
        f.note("static builds use npm ci: commit a package-lock.json or adjust the build stage");
    }
}

/// A folder of HTML with no package.json: served as it is.
pub fn plain_site(f: &mut Found<'_>) -> bool {
    for (index, root) in [
        ("index.html", "."),
        ("public/index.html", "public"),
        ("site/index.html", "site"),
        ("www/index.html", "www"),
    ] {
        if f.has(index) {
            let path = f.path(index);
            f.set(
                "language",
                "static",
                &path,
                None,
                "HTML without a build: a static site",
            );
            f.set(
                "build_system",
                "plain",
                &path,
                None,
                "files served as they are",
            );
            f.set(
                "params.root",
                root,
                &path,
                None,
                "the folder with index.html",
            );
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::node_script;

    #[test]
    fn start_scripts_that_run_node() {
        for (start, script) in [
            ("node server.js", Some("server.js")),
            (
                "node --env-file=.env ./dist/index.js",
                Some("./dist/index.js"),
            ),
            ("NODE_ENV=production node app.js", Some("app.js")),
            (
                "cross-env PORT=80 NODE_ENV=production node app.js",
                Some("app.js"),
            ),
            ("next start", None),
            ("nodemon server.js", None),
            ("node", None),
            (
                "node --require ./tracing.js dist/server.js",
                Some("dist/server.js"),
            ),
            (
                "node -r dotenv/config build/index.js",
                Some("build/index.js"),
            ),
            ("node .", None),
        ] {
            assert_eq!(node_script(start), script, "{start}");
        }
    }
}
