//! PHP: composer.json (PHP requirement, Laravel), or PHP files at the top with no Composer at all.

use super::{found::Found, walk::line_of};

pub fn detect(f: &mut Found<'_>) -> bool {
    let Some(file) = f.claim(
        "composer.json",
        "php",
        "composer",
        "makes this a PHP project",
    ) else {
        return plain(f);
    };
    let Some(text) = f.read("composer.json") else {
        return true;
    };
    let json: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            f.note(format!("{file} is not valid JSON (line {}): {e}", e.line()));
            return true;
        }
    };
    if let Some(php) = json.pointer("/require/php").and_then(|v| v.as_str()) {
        f.set_version(php, true, &file, line_of(&text, "\"php\""), "require.php");
    }
    if json.pointer("/require/laravel~1framework").is_some() {
        f.set(
            "framework",
            "laravel",
            &file,
            line_of(&text, "laravel/framework"),
            "laravel/framework in require",
        );
    }
    public_root(f);
    true
}

/// `public/index.php` and no index.php at the top: the front controller lives in public/, which Apache must serve.
fn public_root(f: &mut Found<'_>) {
    if f.has("public/index.php") && !f.has("index.php") {
        let file = f.path("public/index.php");
        f.set(
            "framework",
            "public-root",
            &file,
            None,
            "the front controller is public/index.php (and there is no index.php at the top)",
        );
    }
}

/// No composer.json, but an index.php (or other PHP files) at the top: plain PHP served as it is.
fn plain(f: &mut Found<'_>) -> bool {
    let top = if f.has("index.php") {
        Some("index.php".to_string())
    } else {
        let prefix = f.dir_prefix();
        f.listing
            .files
            .iter()
            .filter_map(|p| p.strip_prefix(&prefix))
            .find(|p| !p.contains('/') && p.ends_with(".php"))
            .map(String::from)
    };
    let Some(top) = top else {
        return false;
    };
    let file = f.path(&top);
    f.set(
        "language",
        "php",
        &file,
        None,
        format!("{top} at the top makes this a PHP project"),
    );
    f.set(
        "build_system",
        "plain",
        &file,
        None,
        "no composer.json: nothing to install, the files are served as they are",
    );
    true
}
