//! Ruby: Gemfile (ruby version, Rails), .ruby-version, the entry script.

use super::{found::Found, walk::line_of};

pub fn detect(f: &mut Found<'_>) -> bool {
    let Some(file) = f.claim("Gemfile", "ruby", "bundler", "makes this a Ruby project") else {
        return false;
    };
    if !f.has("Gemfile.lock") {
        f.note("no Gemfile.lock: run `bundle lock` and commit it; the Dockerfile copies it for a reproducible install");
    }
    if f.has(".ruby-version")
        && let Some(v) = f.read(".ruby-version")
    {
        let v = v.trim().trim_start_matches("ruby-").to_string();
        f.set_version(
            &v,
            false,
            &f.path(".ruby-version"),
            Some(1),
            ".ruby-version",
        );
    }
    let Some(text) = f.read("Gemfile") else {
        return true;
    };
    if let Some((i, line)) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("ruby "))
    {
        let v: String = line.trim_start()[5..]
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        f.set_version(&v, false, &file, Some(i + 1), "the Gemfile's ruby line");
    }
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
