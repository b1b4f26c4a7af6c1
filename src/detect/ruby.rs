//! Ruby: Gemfile (ruby version, Rails), .ruby-version, the entry script.

use super::{found::Found, walk::line_of};

pub fn detect(f: &mut Found<'_>) -> bool {
    let Some(file) = f.claim("Gemfile", "ruby", "bundler", "makes this a Ruby project") else {
        return false;
    };
    if !f.has("Gemfile.lock") {
        f.note("no Gemfile.lock: run `bundle lock` and commit it; the Dockerfile copies it for a reproducible install");
    }
    let gemfile = f.read("Gemfile");
    let text = gemfile.clone().unwrap_or_default();
    // Bundler enforces the Gemfile's `ruby` line, exactly as written; `ruby file: ".ruby-version"` enforces that
    // file. A .ruby-version alone is a version manager's hint: its release line is used, at its newest patch.
    let ruby_line = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("ruby "));
    let enforced_file =
        ruby_line.is_some_and(|(_, l)| l.contains("file:") && l.contains(".ruby-version"));
    if let Some((i, line)) = ruby_line
        && !enforced_file
    {
        let v: String = line.trim_start()[5..]
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        f.set_version(
            &v,
            false,
            &file,
            Some(i + 1),
            "the Gemfile's ruby line (Bundler enforces it)",
        );
    }
    if f.has(".ruby-version")
        && let Some(v) = f.read(".ruby-version")
    {
        let v = v.trim().trim_start_matches("ruby-").to_string();
        let (wanted, why) = if enforced_file {
            (
                v,
                ".ruby-version (the Gemfile's `ruby file:` makes Bundler enforce it)".to_string(),
            )
        } else {
            let line: Vec<&str> = v.split('.').take(2).collect();
            (
                line.join("."),
                format!(
                    ".ruby-version `{v}`, a hint the Gemfile does not enforce: its release line"
                ),
            )
        };
        f.set_version(&wanted, false, &f.path(".ruby-version"), Some(1), &why);
    }
    let Some(text) = gemfile else {
        return true;
    };
    if text.contains("gem \"rails\"") || text.contains("gem 'rails'") {
        f.set(
            "framework",
            "rails",
            &file,
            line_of(&text, "rails"),
            "the rails gem",
        );
    } else {
        if let Some(line) =
            line_of(&text, "gem \"sinatra\"").or_else(|| line_of(&text, "gem 'sinatra'"))
        {
            f.fallback_port = Some((
                4567,
                file.clone(),
                format!(
                    "{file} line {line}: no port in the code; Sinatra listens on 4567 by default"
                ),
            ));
        }
        for main in ["app.rb", "server.rb", "main.rb"] {
            if f.has(main) {
                f.set(
                    "params.main",
                    main,
                    &f.path(main),
                    None,
                    "the app's entry script",
                );
                break;
            }
        }
    }
    true
}
