//! PHP: composer.json (PHP requirement, Laravel).

use super::{found::Found, walk::line_of};

pub fn detect(f: &mut Found<'_>) -> bool {
    if !f.has("composer.json") {
        return false;
    }
    let file = f.path("composer.json");
    f.set(
        "language",
        "php",
        &file,
        None,
        "composer.json makes this a PHP project",
    );
    f.set(
        "build_system",
        "composer",
        &file,
        None,
        "dependencies from Composer",
    );
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
    true
}
