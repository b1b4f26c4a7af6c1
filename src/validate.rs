//! Validators for every value a user can type. Each returns a message that says what is wrong and how to fix it;
//! callers prefix the field name. Values that pass are safe where the renderer puts them (shell words, COPY paths,
//! JSON exec form), so validation is also what keeps a Dockerfile free of injected instructions.

use crate::catalog::ParamKind;

pub type Check = Result<(), String>;

fn no_control(value: &str) -> Check {
    bounded(value)?;
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(format!(
            "contains the control character {:?}; newlines, tabs and other control characters are not allowed",
            c
        ));
    }
    Ok(())
}

/// The longest free-text value accepted anywhere (a command word, a param, a catalog line), in bytes.
pub const MAX_TEXT: usize = 4096;
/// The most items in any list (command words, build args, catalog steps).
pub const MAX_ITEMS: usize = 256;

/// Free text (defaults of build args, command words): anything printable, of bounded length.
pub fn text(value: &str) -> Check {
    bounded(value)?;
    no_control(value)
}

/// A value no longer than `MAX_TEXT`; the message does not repeat the value.
pub fn bounded(value: &str) -> Check {
    if value.len() > MAX_TEXT {
        return Err(format!(
            "is too long ({} bytes); at most {MAX_TEXT} bytes are accepted",
            value.len()
        ));
    }
    Ok(())
}

/// A list of at most `MAX_ITEMS` items.
pub fn few<T>(items: &[T]) -> Check {
    if items.len() > MAX_ITEMS {
        return Err(format!(
            "has too many items ({}); at most {MAX_ITEMS} are accepted",
            items.len()
        ));
    }
    Ok(())
}

/// `value` as it may be echoed in a message: control characters (an escape sequence that would clear the screen
/// or retitle the terminal) shown escaped.
pub fn shown(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A catalog id: lowercase letters, digits, `.`, `_`, `-`.
pub fn id(value: &str) -> Check {
    let ok = !value.is_empty()
        && value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{value}` is not an id; use lowercase letters, digits, `.`, `_` and `-`"
        ))
    }
}

/// A container image reference with a pinned tag or digest.
pub fn image(value: &str) -> Check {
    no_control(value)?;
    if value.is_empty() {
        return Err("is empty; name an image with a tag, e.g. `node:22-bookworm`".into());
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':' | '@')))
    {
        return Err(format!(
            "`{value}` contains `{c}`, which an image reference cannot contain"
        ));
    }
    let name_part = value.rsplit('/').next().unwrap_or(value);
    if !name_part.contains(':') && !value.contains('@') {
        return Err(format!(
            "`{value}` has no tag; pin one (e.g. `{value}:1.2`) so builds stay reproducible"
        ));
    }
    Ok(())
}

/// A Linux user or group name.
pub fn user_name(value: &str) -> Check {
    let ok = (1..=32).contains(&value.len())
        && value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{value}` is not a valid user name; use 1-32 lowercase letters, digits, `_` or `-`, starting with a \
             letter or `_`"
        ))
    }
}

/// A numeric user or group id for a non-root user.
pub fn non_root_id(value: u32) -> Check {
    match value {
        0 => Err("0 is root; pick a number from 1 to 2147483646 (10001 is a common choice), or choose to run as \
                  root explicitly"
            .into()),
        1..=2_147_483_646 => Ok(()),
        _ => Err(format!("{value} is too large; pick a number from 1 to 2147483646")),
    }
}

/// A Docker duration such as `30s`, `1m30s`, `500ms` or `1h`; returns its length in milliseconds.
pub fn duration_ms(value: &str) -> Result<u64, String> {
    let hint = || format!("`{value}` is not a duration; write it like 30s, 1m30s, 500ms or 1h");
    if value.is_empty() {
        return Err(hint());
    }
    let mut total: u64 = 0;
    let mut rest = value;
    let mut last_rank = usize::MAX;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 || digits > 9 {
            return Err(hint());
        }
        let number: u64 = rest[..digits].parse().map_err(|_| hint())?;
        rest = &rest[digits..];
        let (unit_ms, len, rank) = if rest.starts_with("ms") {
            (1, 2, 0)
        } else if rest.starts_with('h') {
            (3_600_000, 1, 3)
        } else if rest.starts_with('m') {
            (60_000, 1, 2)
        } else if rest.starts_with('s') {
            (1_000, 1, 1)
        } else {
            return Err(hint());
        };
        if rank >= last_rank {
            return Err(hint());
        }
        last_rank = rank;
        total = total.saturating_add(number.saturating_mul(unit_ms));
        rest = &rest[len..];
    }
    Ok(total)
}

/// A positive duration (interval, timeout).
pub fn positive_duration(value: &str) -> Check {
    match duration_ms(value)? {
        0 => Err(format!("`{value}` is zero; it must be at least 1s")),
        ms if ms < 1_000 => Err(format!(
            "`{value}` is under a second; Docker needs at least 1s here"
        )),
        _ => Ok(()),
    }
}

/// Health check retries.
pub fn retries(value: u32) -> Check {
    if (1..=100).contains(&value) {
        Ok(())
    } else {
        Err(format!("{value} retries; use 1 to 100"))
    }
}

/// Why a build-arg name looks like a secret, if it does.
pub fn secret_hint(name: &str) -> Option<String> {
    let upper = name.to_ascii_uppercase();
    const WORDS: [&str; 6] = [
        "TOKEN",
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "CREDENTIAL",
        "APIKEY",
    ];
    const SEGMENTS: [&str; 6] = ["KEY", "KEYS", "PASS", "PWD", "AUTH", "PRIVATE"];
    let hit = WORDS
        .iter()
        .find(|w| upper.contains(*w))
        .copied()
        .or_else(|| {
            upper
                .split('_')
                .find_map(|segment| SEGMENTS.iter().find(|s| **s == segment).copied())
        })?;
    Some(format!(
        "`{name}` looks like a secret ({hit}); build args are stored in the image history for anyone to read. Pass \
         it with `RUN --mount=type=secret,id={id}` and `docker build --secret id={id},env={name}` instead",
        id = name.to_ascii_lowercase()
    ))
}

/// A build-arg name.
pub fn arg_name(value: &str) -> Check {
    let ok = value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ok {
        return Err(format!(
            "`{value}` is not a valid name; use letters, digits and `_`, not starting with a digit (e.g. APP_VERSION)"
        ));
    }
    match secret_hint(value) {
        Some(hint) => Err(hint),
        None => Ok(()),
    }
}

/// An HTTP path for the health check.
pub fn http_path(value: &str) -> Check {
    no_control(value)?;
    if !value.starts_with('/') {
        return Err(format!("`{value}` must start with `/` (e.g. /health)"));
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "/-._~&',;=:@%?".contains(*c)))
    {
        return Err(format!(
            "`{value}` contains `{c}`; percent-encode it (e.g. a space as %20, `(` as %28)"
        ));
    }
    Ok(())
}

/// An exec-form command: at least one word, every word printable.
pub fn command(words: &[String]) -> Check {
    let Some(first) = words.first() else {
        return Err("is empty; give the program to run, e.g. `./server --port 8080`".into());
    };
    if first.trim().is_empty() {
        return Err("starts with an empty word; give the program to run first".into());
    }
    few(words)?;
    for word in words {
        text(word)?;
    }
    Ok(())
}

/// A command line placed in a shell-form `RUN`.
pub fn shell_line(value: &str) -> Check {
    text(value)?;
    if value.trim().is_empty() {
        return Err("is empty; give the command to run".into());
    }
    // `RUN --network=host ./build.sh` would be a RUN flag, not a command.
    if value.trim_start().starts_with('-') {
        return Err(format!(
            "`{}` starts with `-`, which RUN reads as a flag, not a command; start with the program (e.g.              `./build.sh`)",
            value.trim()
        ));
    }
    if value.trim_end().ends_with('\\') {
        return Err("ends with `\\`, which would join the next Dockerfile line; remove it".into());
    }
    if value.contains("<<") {
        return Err("contains `<<`, which a Dockerfile reads as a heredoc; write the input to a file instead".into());
    }
    Ok(())
}

fn charset(value: &str, extra: &str, what: &str) -> Check {
    if value.is_empty() {
        return Err(format!("is empty; give a {what}"));
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || extra.contains(*c)))
    {
        return Err(format!(
            "`{value}` contains `{c}`, which a {what} here cannot contain"
        ));
    }
    Ok(())
}

/// A build-system parameter by kind.
pub fn param(kind: ParamKind, value: &str) -> Check {
    text(value)?;
    match kind {
        ParamKind::Name => charset(value, "._-", "name (letters, digits, `.`, `_`, `-`)"),
        ParamKind::Path => {
            charset(
                value,
                "._-/*@+",
                "relative path (letters, digits, `.`, `_`, `-`, `/`, `*`, `@`, `+`)",
            )?;
            if value.starts_with('/') {
                return Err(format!(
                    "`{value}` is absolute; give a path relative to the project folder"
                ));
            }
            Ok(())
        }
        ParamKind::Module => {
            charset(value, "._:", "Python module (`package.module:app`)")?;
            if value.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ':') {
                return Err(format!("`{value}` must start with a letter or `_`"));
            }
            Ok(())
        }
        ParamKind::Image => {
            image(value)?;
            if value.ends_with(":latest") {
                return Err(format!(
                    "`{value}` uses `latest`, which changes under you; pin a version tag"
                ));
            }
            Ok(())
        }
        ParamKind::Shell => shell_line(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration_ms("30s"), Ok(30_000));
        assert_eq!(duration_ms("1m30s"), Ok(90_000));
        assert_eq!(duration_ms("500ms"), Ok(500));
        assert_eq!(duration_ms("1h"), Ok(3_600_000));
        for bad in ["", "30", "s", "30x", "1s1m", "1m 30s", "-1s", "30sec"] {
            assert!(duration_ms(bad).is_err(), "{bad} should be refused");
        }
        assert!(positive_duration("0s").is_err());
    }

    #[test]
    fn secret_names_are_refused_with_a_pointer() {
        for name in [
            "GITHUB_TOKEN",
            "DB_PASSWORD",
            "API_KEY",
            "SECRET",
            "NPM_AUTH",
            "SSH_KEY",
            "aws_secret_access",
        ] {
            let err = arg_name(name).expect_err(name);
            assert!(err.contains("--mount=type=secret"), "{err}");
        }
        for name in [
            "APP_VERSION",
            "MONKEY",
            "KEYBOARD_LAYOUT",
            "NODE_ENV",
            "_X1",
        ] {
            assert_eq!(arg_name(name), Ok(()), "{name}");
        }
        assert!(arg_name("1ABC").is_err());
        assert!(arg_name("A-B").is_err());
    }

    #[test]
    fn users_and_ids() {
        assert!(user_name("app").is_ok());
        assert!(user_name("App").is_err());
        assert!(user_name("a b").is_err());
        assert!(non_root_id(0).is_err());
        assert!(non_root_id(10001).is_ok());
    }

    #[test]
    fn shell_lines_cannot_break_out() {
        assert!(shell_line("make build").is_ok());
        assert!(shell_line("make \\").is_err());
        assert!(shell_line("cat <<EOF").is_err());
        assert!(shell_line("a\nRUN b").is_err());
    }

    #[test]
    fn item_10_every_text_is_bounded() {
        assert!(text(&"a".repeat(MAX_TEXT)).is_ok());
        let err = text(&"a".repeat(MAX_TEXT + 1)).expect_err("too long");
        assert!(err.contains("too long") && err.len() < 100, "{err}");
        assert!(command(&vec!["a".to_string(); MAX_ITEMS + 1]).is_err());
        assert!(http_path(&format!("/{}", "a".repeat(MAX_TEXT))).is_err());
    }

    #[test]
    fn item_13_shown_escapes_control_characters() {
        assert_eq!(shown("a\u{1b}[2J\u{7}"), "a\\u{1b}[2J\\u{7}");
    }

    #[test]
    fn item_15_a_shell_line_cannot_start_with_a_flag() {
        assert!(shell_line("--network=host ./build.sh").is_err());
        assert!(shell_line("  -x").is_err());
        assert!(shell_line("make -j4").is_ok());
    }

    #[test]
    fn images_need_a_tag() {
        assert!(image("node:22").is_ok());
        assert!(image("gcr.io/distroless/static-debian13:nonroot").is_ok());
        assert!(image("localhost:5000/app").is_err());
        assert!(image("node").is_err());
        assert!(image("node:22 AS x").is_err());
        assert!(param(ParamKind::Image, "node:latest").is_err());
        assert!(param(ParamKind::Image, "node:22").is_ok());
    }
}
