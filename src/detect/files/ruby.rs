//! Ruby: what the Gemfile reads (`ruby file:`, `gemspec`, `path:` gems) and the gems that link a C library.

use super::{add, has_dir, resolve};
use crate::detect::{found::Found, regex};

pub(super) fn ruby(f: &mut Found<'_>) {
    let gemfile = f.path("Gemfile");
    if !f.has("Gemfile") {
        return;
    }
    let Some(text) = f.read("Gemfile") else {
        return;
    };
    let reads = regex(r#"^\s*ruby\s*\(?\s*(file:\s*|File\.read\(\s*)["']([^"']+)["']"#);
    let path_gem = regex(r#"^\s*gem\s+["']([^"']+)["'].*path:\s*["']([^"']+)["']"#);
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if let Some((target, _)) = reads.as_ref().and_then(|re| re.group(line, 2)) {
            match resolve(&gemfile, target) {
                Some(path) if f.listing.has(&path) => add(
                    f,
                    "copy",
                    &path,
                    &gemfile,
                    Some(i + 1),
                    format!("the Gemfile reads the Ruby version from {target}"),
                ),
                _ => f.note(format!(
                    "{gemfile}:{}: the Gemfile reads {target}, which is not in the project; bundle install will fail",
                    i + 1
                )),
            }
        }
        if trimmed == "gemspec"
            || trimmed.starts_with("gemspec ")
            || trimmed.starts_with("gemspec(")
        {
            gemspecs(f, &gemfile, i + 1);
        }
        if let Some((target, _)) = path_gem.as_ref().and_then(|re| re.group(line, 2)) {
            match resolve(&gemfile, target) {
                Some(path) if has_dir(f, &path) => add(
                    f,
                    "copy",
                    &format!("{path}/"),
                    &gemfile,
                    Some(i + 1),
                    "a gem installed from a local path: bundler reads its folder".into(),
                ),
                _ => f.note(format!(
                    "{gemfile}:{}: a gem from path `{target}` outside the project; bundle install will fail",
                    i + 1
                )),
            }
        }
    }
    const GEMS: &[(&str, &str, &str)] = &[
        ("pg", "libpq", "the pg gem links PostgreSQL's libpq"),
        (
            "mysql2",
            "mysql2",
            "the mysql2 gem links the MySQL client library",
        ),
        (
            "ruby-vips",
            "libvips",
            "ruby-vips loads libvips at run time",
        ),
        (
            "image_processing",
            "libvips",
            "image_processing uses libvips (the default processor since Rails 7)",
        ),
    ];
    for (gem, addon, why) in GEMS {
        if let Some(line) = gem_line(&text, gem) {
            add(f, "addons", addon, &gemfile, Some(line), (*why).to_string());
        }
    }
    js_bundling(f, &gemfile, &text);
    if f.draft.framework.as_deref() == Some("rails")
        && let Some(line) = gem_line(&text, "bootsnap")
        && has_dir(f, &f.path("app"))
    {
        add(
            f,
            "addons",
            "bootsnap",
            &gemfile,
            Some(line),
            "bootsnap is in the Gemfile: its cache is precompiled in the builder".into(),
        );
    }
}

/// The line of `gem "name"` in a Gemfile.
fn gem_line(text: &str, name: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("gem \"{name}\"")) || l.starts_with(&format!("gem '{name}'"))
        })
        .map(|i| i + 1)
}

/// `gemspec` in a Gemfile: bundler evaluates the gemspec (and what it requires) during the install.
fn gemspecs(f: &mut Found<'_>, gemfile: &str, line: usize) {
    let dir = f.prefix.clone();
    let specs: Vec<String> = f
        .listing
        .files
        .iter()
        .filter(|p| {
            let rest = if dir.is_empty() {
                Some(p.as_str())
            } else {
                p.strip_prefix(&format!("{dir}/"))
            };
            rest.is_some_and(|r| !r.contains('/') && r.ends_with(".gemspec"))
        })
        .cloned()
        .collect();
    if specs.is_empty() {
        f.note(format!(
            "{gemfile}:{line}: `gemspec` but no .gemspec next to the Gemfile; bundle install will fail"
        ));
    }
    let require = regex(r#"require(_relative)?\s*\(?\s*["']([^"']+)["']"#);
    for spec in specs {
        add(
            f,
            "copy",
            &spec,
            gemfile,
            Some(line),
            "the Gemfile says `gemspec`: bundler evaluates it during the install".into(),
        );
        let Ok(text) = f.listing.read(&spec) else {
            continue;
        };
        for (i, l) in text.lines().enumerate() {
            let Some((target, _)) = require.as_ref().and_then(|re| re.group(l, 2)) else {
                continue;
            };
            // `require "foo/version"` with `$LOAD_PATH << lib` and `require_relative "lib/foo/version"`.
            let candidates = [format!("{target}.rb"), format!("lib/{target}.rb")];
            for c in candidates {
                if let Some(path) = resolve(&spec, &c)
                    && f.listing.has(&path)
                {
                    add(
                        f,
                        "copy",
                        &path,
                        &spec,
                        Some(i + 1),
                        "the gemspec requires it (usually the gem's version)".into(),
                    );
                    break;
                }
            }
        }
    }
}

/// jsbundling-rails / cssbundling-rails: assets:precompile runs the JavaScript build, so the builder needs Node,
/// the package manifests and the packages.
fn js_bundling(f: &mut Found<'_>, gemfile: &str, text: &str) {
    let Some(line) = ["jsbundling-rails", "cssbundling-rails"]
        .iter()
        .find_map(|gem| gem_line(text, gem))
    else {
        return;
    };
    if !f.has("package.json") {
        return;
    }
    // The lockfile says which package manager builds the assets; Yarn's wins when both are there.
    const JS_BUNDLING: &[(&str, &str)] =
        &[("yarn.lock", "js-yarn"), ("package-lock.json", "js-npm")];
    let Some(&(lock, addon)) = JS_BUNDLING.iter().find(|(lock, _)| f.has(lock)) else {
        f.note(format!(
            "{gemfile}:{line}: JavaScript bundling without yarn.lock or package-lock.json: commit the lockfile so \
             the asset build installs the same packages"
        ));
        return;
    };
    add(
        f,
        "addons",
        addon,
        gemfile,
        Some(line),
        format!("the bundling gem builds the assets with Node; {lock} pins the packages"),
    );
    for file in ["package.json", lock] {
        let path = f.path(file);
        add(
            f,
            "copy",
            &path,
            gemfile,
            Some(line),
            "the JavaScript install before assets:precompile reads it".into(),
        );
    }
}
