//! PHP: composer.json (PHP requirement, Laravel).

use super::{found::Found, walk::line_of};

pub fn detect(f: &mut Found<'_>) -> bool {
    let Some(file) = f.claim(
        "composer.json",
        "php",
        "composer",
        "makes this a PHP project",
    ) else {
        return false;
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
    true
}
