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
const SPA_TOOLS: &[(&str, &str)] = &[
    ("@angular/core", "angular"),
    ("vite", "vite"),
    ("react-scripts", ""),
    ("@vue/cli-service", ""),
    ("parcel", ""),
];

fn lockfile(f: &Found<'_>, name: &str) -> Option<String> {
    // Workspaces keep one lockfile at the root; a member may have none of its own.
    if f.has(name) {
        Some(f.path(name))
    } else if f.listing.has(name) {
        Some(name.to_string())
    } else {
        None
    }
}

pub fn detect(f: &mut Found<'_>) -> bool {
    if !f.has("package.json") {
        return false;
    }
    let file = f.path("package.json");
    let text = f.read("package.json").unwrap_or_default();
    let json: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            f.note(format!(
                "{file} is not valid JSON (line {}): {e}; only the lockfiles were used",
                e.line()
            ));
            Value::Null
        }
    };
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
    let starts_node = start.as_deref().is_some_and(|s| s.starts_with("node "));
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
    for (dep_name, framework) in [
        ("next", "nextjs"),
        ("express", "express"),
        ("fastify", "fastify"),
    ] {
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
    if f.draft.framework.as_deref() != Some("nextjs") {
        entry(f, &json, &text, &file, start.as_deref());
    }
    true
}

fn entry(f: &mut Found<'_>, json: &Value, text: &str, file: &str, start: Option<&str>) {
    let member = |rel: &str| {
        if f.prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", f.prefix)
        }
    };
    if let Some(start) = start
        && let Some(rest) = start.strip_prefix("node ")
        && let Some(script) = rest.split_whitespace().find(|w| !w.starts_with('-'))
    {
        f.set(
            "params.main",
            &member(script),
            file,
            line_of(text, "\"start\""),
            "the start script runs it with node",
        );
        return;
    }
    if let Some(main) = json.get("main").and_then(Value::as_str) {
        f.set(
            "params.main",
            &member(main),
            file,
            line_of(text, "\"main\""),
            "package.json main",
        );
        return;
    }
    for candidate in [
        "server.js",
        "index.js",
        "app.js",
        "src/index.js",
        "src/server.js",
        "server.mjs",
        "index.mjs",
    ] {
        if f.has(candidate) {
            let path = f.path(candidate);
            f.set(
                "params.main",
                &member(candidate),
                &path,
                None,
                "the usual entry file",
            );
            return;
        }
    }
    f.note("no start script, main or index.js: set the entry file with --param main");
}

fn package_manager(f: &mut Found<'_>, json: &Value, text: &str, file: &str) {
    if let Some(pm) = json.get("packageManager").and_then(Value::as_str) {
        let (name, version) = pm.split_once('@').unwrap_or((pm, ""));
        let line = line_of(text, "packageManager");
        match name {
            "pnpm" | "npm" | "bun" => f.set(
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
    .filter_map(|name| lockfile(f, name).map(|path| (name, path)))
    .collect();
    if locks.len() > 1 {
        let names: Vec<&str> = locks.iter().map(|(n, _)| *n).collect();
        f.note(format!(
            "several lockfiles ({}); the first decides unless packageManager says otherwise",
            names.join(", ")
        ));
    }
    let Some((name, path)) = locks.first().cloned() else {
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
            let lock = f.listing.read(&path).unwrap_or_default();
            f.set("build_system", "yarn", &path, None, "yarn.lock");
            if lock.contains("# yarn lockfile v1") {
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

fn node_version(f: &mut Found<'_>, json: &Value, text: &str, file: &str) {
    for name in [".nvmrc", ".node-version"] {
        if let Some(path) = lockfile(f, name)
            && let Ok(v) = f.listing.read(&path)
        {
            let v = v.trim().to_string();
            if v.starts_with(|c: char| c.is_ascii_digit() || c == 'v') {
                f.set_version(&v, false, &path, Some(1), name);
                return;
            }
            f.note(format!("{path} says `{v}`, which is not a version number"));
        }
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
