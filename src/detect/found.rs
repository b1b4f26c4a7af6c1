//! What detection has found so far: the draft answers and, for every value, the evidence.

use crate::{
    answers::{Draft, Healthcheck},
    catalog::{Catalog, Date, PinPolicy},
    port::Port,
};

use super::{Evidence, walk::Listing};

pub struct Found<'a> {
    pub listing: &'a Listing,
    pub catalog: &'a Catalog,
    /// Where the files of the member being detected live, relative to the root ("" for the root).
    pub prefix: String,
    /// Member folders left out when detecting a workspace's root.
    pub excluded: Vec<String>,
    pub draft: Draft,
    pub evidence: Vec<Evidence>,
    pub undecided: Vec<String>,
    pub assumed: Vec<super::Assumption>,
    /// A port to use when the files name none: a default detection knows beyond the catalog (Sinatra's 4567).
    pub fallback_port: Option<(u16, String, String)>,
    /// Values the project asks for that stagecraft will not silently replace.
    pub refused: Vec<super::Refusal>,
}

impl<'a> Found<'a> {
    pub fn new(listing: &'a Listing, catalog: &'a Catalog, prefix: String) -> Self {
        Found {
            listing,
            catalog,
            prefix,
            excluded: Vec::new(),
            draft: Draft::default(),
            evidence: Vec::new(),
            undecided: Vec::new(),
            assumed: Vec::new(),
            fallback_port: None,
            refused: Vec::new(),
        }
    }

    /// A path under the member being detected.
    pub fn path(&self, rel: &str) -> String {
        if self.prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.prefix)
        }
    }

    /// The member's folder as a path prefix (`apps/api/`), empty at the root.
    pub fn dir_prefix(&self) -> String {
        if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.prefix)
        }
    }

    pub fn has(&self, rel: &str) -> bool {
        self.listing.has(&self.path(rel))
    }

    /// The member's own copy of a file, else the workspace root's: monorepos keep one lockfile and one toolchain
    /// pin at the root.
    pub fn nearest(&self, rel: &str) -> Option<String> {
        if self.has(rel) {
            Some(self.path(rel))
        } else if self.listing.has(rel) {
            Some(rel.to_string())
        } else {
            None
        }
    }

    /// `rel` as a path from the root, which is where the image is built from; `./` prefixes dropped.
    pub fn rooted(&self, rel: &str) -> String {
        let mut rel = rel.trim();
        while let Some(rest) = rel.strip_prefix("./") {
            rel = rest;
        }
        self.path(rel)
    }

    /// Read a file of the member; unreadable files become an "undecided" note, never an error.
    pub fn read(&mut self, rel: &str) -> Option<String> {
        let path = self.path(rel);
        match self.listing.read(&path) {
            Ok(text) => Some(text),
            Err(why) => {
                self.undecided.push(format!("{path} {why}"));
                None
            }
        }
    }

    pub fn note(&mut self, text: impl Into<String>) {
        self.undecided.push(text.into());
    }

    /// Record that `field` takes a default nothing in the project confirms; `settled_by` are the answers that
    /// settle it, the first being `field` itself.
    pub fn assume(
        &mut self,
        field: &str,
        why: impl Into<String>,
        fix: impl Into<String>,
        settled_by: &[&str],
        blocking: bool,
    ) {
        if self.assumed.iter().any(|a| a.field == field) {
            return;
        }
        let mut settled: Vec<String> = vec![field.to_string()];
        settled.extend(settled_by.iter().map(|s| s.to_string()));
        self.assumed.push(super::Assumption {
            field: field.into(),
            why: why.into(),
            fix: fix.into(),
            settled_by: settled,
            blocking,
        });
    }

    /// Set an answer unless something already set it, and record why.
    pub fn set(
        &mut self,
        field: &str,
        value: &str,
        file: &str,
        line: Option<usize>,
        detail: impl Into<String>,
    ) {
        if self.is_set(field) {
            return;
        }
        let d = &mut self.draft;
        // Detection's health check is a weaker layer than the answers' own (`detected_healthcheck`): the base
        // decides whether an HTTP route can be probed.
        match field {
            "healthcheck.path" => d.detected_healthcheck = Some(Healthcheck::http_path(value)),
            "healthcheck.mode" if value == "tcp" => {
                d.detected_healthcheck = Some(Healthcheck::tcp())
            }
            "healthcheck.port" => match (value.parse::<Port>(), d.detected_healthcheck.as_mut()) {
                (Ok(port), Some(h)) => h.port = Some(port),
                _ => return,
            },
            // Anything else goes in as any layer writes it; a value the field refuses is not evidence.
            other => {
                if crate::fields::write(d, other, value).is_err() {
                    return;
                }
            }
        }
        self.evidence.push(Evidence {
            field: field.into(),
            value: value.into(),
            file: file.into(),
            line,
            detail: detail.into(),
        });
    }

    /// Claim the project for a language when `manifest` exists: sets language and build system with their
    /// evidence and returns the manifest's path.
    pub fn claim(
        &mut self,
        manifest: &str,
        language: &str,
        build_system: &str,
        why: &str,
    ) -> Option<String> {
        if !self.has(manifest) {
            return None;
        }
        let file = self.path(manifest);
        self.set(
            "language",
            language,
            &file,
            None,
            format!("{manifest} {why}"),
        );
        self.set(
            "build_system",
            build_system,
            &file,
            None,
            format!("{manifest}: built with {build_system}"),
        );
        Some(file)
    }

    /// The start command, unless one is set already; its evidence shows it as one line.
    pub fn set_command(
        &mut self,
        words: Vec<String>,
        file: &str,
        line: Option<usize>,
        detail: impl Into<String>,
    ) {
        if self.draft.detected_command.is_some() || words.is_empty() {
            return;
        }
        self.evidence.push(Evidence {
            field: "command".into(),
            value: shell_words::join(&words),
            file: file.into(),
            line,
            detail: detail.into(),
        });
        self.draft.detected_command = Some(words);
    }

    pub fn is_set(&self, field: &str) -> bool {
        let d = &self.draft;
        match field {
            "healthcheck.path" | "healthcheck.mode" => d.detected_healthcheck.is_some(),
            "healthcheck.port" => d
                .detected_healthcheck
                .as_ref()
                .is_some_and(|h| h.port.is_some()),
            other => crate::fields::get(d, other).is_some(),
        }
    }

    /// Map a wanted version onto the catalog's versions of the detected language and set it. A version the
    /// catalog cannot satisfy (newer than it offers, or another .NET major, or a Ruby line it lacks) is refused:
    /// nothing is set, and `generate` stops with the message unless a version is given.
    pub fn set_version(
        &mut self,
        wanted: &str,
        minimum: bool,
        file: &str,
        line: Option<usize>,
        source: &str,
    ) {
        // The first source wins; a later one need not even be readable (Gemfile's `ruby file: ".ruby-version"`).
        if self.is_set("version") || self.refused.iter().any(|r| r.field == "version") {
            return;
        }
        let Some(language) = self
            .draft
            .language
            .as_deref()
            .and_then(|id| self.catalog.language(id))
        else {
            return;
        };
        if language.versions.is_empty() {
            return;
        }
        let at = match line {
            Some(n) => format!("{file}:{n}"),
            None => file.to_string(),
        };
        match map_version(language, wanted, minimum, crate::eol::today()) {
            None => self.note(format!(
                "{file}: {source} `{wanted}` is not a version stagecraft can read"
            )),
            Some(Mapped::Use(value, how)) => {
                if !language.versions.contains(&value) {
                    self.note(format!(
                        "{at}: {} {value} is pinned exactly, so the images are tagged {value}; older patch \
                         releases may lack the Debian 13 (-trixie) variants the FROM lines use: if the build cannot \
                         pull them, move the pin to the newest release of its line",
                        language.name
                    ));
                }
                self.set(
                    "version",
                    &value,
                    file,
                    line,
                    format!("{source} `{wanted}`{how}"),
                );
            }
            Some(Mapped::Refuse(why)) => {
                let message = format!("{at}: {source} `{wanted}`: {why}");
                self.note(message.clone());
                self.refused.push(super::Refusal {
                    field: "version".into(),
                    message,
                });
            }
        }
    }
}

fn parse(v: &str) -> Option<Vec<u64>> {
    let v = v
        .trim()
        .trim_start_matches(['v', 'V', '=', '^', '~', '>', '<', ' ']);
    let core: String = v
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let parts: Vec<u64> = core
        .split('.')
        .filter(|p| !p.is_empty())
        .map_while(|p| p.parse().ok())
        .collect();
    if parts.is_empty() { None } else { Some(parts) }
}

/// What a wanted version becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped {
    /// This catalog version (or exact tag), and how it was chosen (appended to the evidence).
    Use(String, String),
    /// No offered version satisfies it: why, and what to do.
    Refuse(String),
}

fn ended_note(language: &crate::catalog::Language, version: &str, today: Date) -> String {
    match crate::eol::version_ends(language, version) {
        Some(ends) if crate::eol::has_ended(ends, today) => {
            format!(" (support {})", crate::eol::phrase(ends, today))
        }
        _ => String::new(),
    }
}

/// The catalog version for `wanted`. The same release line when offered (for Ruby, a full `x.y.z` pin is kept as
/// the exact tag); for a minimum or an older release, the lowest offered version at or above it whose support has
/// not ended (an ended one only when nothing newer is supported). Never a version below what is asked for: a newer
/// release than the catalog offers is refused, and so is any other line for .NET (a framework-dependent app runs
/// only on its own major) and for an exact Ruby pin (Bundler refuses another Ruby).
pub fn map_version(
    language: &crate::catalog::Language,
    wanted: &str,
    minimum: bool,
    today: Date,
) -> Option<Mapped> {
    let want = parse(wanted)?;
    let trimmed = wanted.trim();
    let ranged = trimmed.starts_with(['~', '>', '<', '^', '=']) || trimmed.contains(['*', 'x']);
    let minimum = minimum || ranged;
    let mut versions: Vec<(Vec<u64>, &String)> = language
        .versions
        .iter()
        .filter_map(|v| parse(v).map(|p| (p, v)))
        .collect();
    versions.sort();
    let depth = versions.first().map_or(1, |(p, _)| p.len());
    let key: Vec<u64> = want
        .iter()
        .copied()
        .chain(std::iter::repeat(0))
        .take(depth)
        .collect();
    let name = &language.name;
    let offered = language.versions.join(", ");
    if let Some((_, v)) = versions.iter().find(|(p, _)| *p == key) {
        let exact = want.len() > depth
            && !minimum
            && language.pins == PinPolicy::Exact
            && trimmed.chars().all(|c| c.is_ascii_digit() || c == '.');
        if exact {
            let tag = want
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(".");
            return Some(Mapped::Use(
                tag.clone(),
                format!(
                    ": an exact pin, so the image tag is {tag}, not the newest {v} ({name}'s tooling refuses another \
                     patch release){}",
                    ended_note(language, v, today)
                ),
            ));
        }
        let how = if minimum {
            format!(" is satisfied by {v}{}", ended_note(language, v, today))
        } else {
            ended_note(language, v, today)
        };
        return Some(Mapped::Use((*v).clone(), how));
    }
    let newest = versions.last().map(|(_, v)| (*v).clone())?;
    let wanted_line = want
        .iter()
        .take(depth)
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".");
    if key > versions.last().map(|(p, _)| p.clone())? {
        return Some(Mapped::Refuse(format!(
            "this needs {name} {wanted_line} or newer, and the newest stagecraft offers is {newest}; it will not build \
             on an older {name}. Once its images are published, add {wanted_line} to the language's `versions` in a \
             catalog file (--catalog DIR; a [[language]] there replaces the built-in one, which is in stagecraft's \
             assets/catalog/languages/), or lower the requirement in the project"
        )));
    }
    match language.pins {
        PinPolicy::SameLine => {
            return Some(Mapped::Refuse(format!(
                "a framework-dependent {name} app runs only on the {name} {wanted_line} runtime, which stagecraft \
                 does not offer ({offered}); retarget the project to one of those, or add {wanted_line} with a \
                 catalog file (--catalog DIR)"
            )));
        }
        PinPolicy::Exact if !minimum => {
            return Some(Mapped::Refuse(format!(
                "{name} {wanted_line} is not offered ({offered}), and Bundler refuses any other {name} than the one \
                 pinned; update the pin to an offered version, or add {wanted_line} with a catalog file (--catalog \
                 DIR)"
            )));
        }
        _ => {}
    }
    let newer: Vec<&String> = versions
        .iter()
        .filter(|(p, _)| *p >= key)
        .map(|(_, v)| *v)
        .collect();
    let chosen = newer
        .iter()
        .find(|v| !crate::eol::version_ended(language, v, today))
        .or(newer.first())?;
    let skipped = newer
        .iter()
        .take_while(|v| *v != chosen)
        .map(|v| v.as_str())
        .collect::<Vec<_>>();
    let skipped = if skipped.is_empty() {
        String::new()
    } else {
        format!(" ({} skipped: support ended)", skipped.join(", "))
    };
    let how = if minimum {
        format!(": {chosen} is the lowest supported version offered that satisfies it{skipped}")
    } else {
        format!(
            " is not offered; {chosen} is the closest newer one (builds stay compatible){skipped}"
        )
    };
    Some(Mapped::Use((*chosen).clone(), how))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Language;

    fn language(versions: &[&str], pins: &str, ends: &[(&str, &str)]) -> Language {
        let ends: serde_json::Map<String, serde_json::Value> = ends
            .iter()
            .map(|(v, d)| (v.to_string(), serde_json::json!(d)))
            .collect();
        serde_json::from_value(serde_json::json!({
            "id": "x", "name": "X", "description": "", "versions": versions,
            "default_version": versions[0], "build_system": [], "pins": pins, "support_ends": ends,
        }))
        .expect("a language")
    }

    fn used(language: &Language, wanted: &str, minimum: bool) -> Option<String> {
        let today = Date::parse("2026-12-01").expect("date");
        match map_version(language, wanted, minimum, today)? {
            Mapped::Use(v, _) => Some(v),
            Mapped::Refuse(_) => Some("refused".into()),
        }
    }

    #[test]
    fn versions_map_onto_the_catalog_never_below_what_is_asked() {
        let node = language(&["22", "24"], "line", &[]);
        assert_eq!(used(&node, "22.3.0", false).as_deref(), Some("22"));
        assert_eq!(used(&node, ">=20", true).as_deref(), Some("22"));
        assert_eq!(used(&node, "v24", false).as_deref(), Some("24"));
        assert_eq!(used(&node, "26", false).as_deref(), Some("refused"));
        let go = language(&["1.25", "1.26"], "line", &[]);
        assert_eq!(used(&go, "1.22.3", false).as_deref(), Some("1.25"));
        assert_eq!(used(&go, "1.26", false).as_deref(), Some("1.26"));
        assert_eq!(used(&go, "1.27", true).as_deref(), Some("refused"));
        let py = language(&["3.12", "3.13"], "line", &[]);
        assert_eq!(used(&py, ">=3.9", true).as_deref(), Some("3.12"));
        assert_eq!(used(&py, "3.13.1", false).as_deref(), Some("3.13"));
        assert_eq!(used(&py, ">=3.14", true).as_deref(), Some("refused"));
        assert!(used(&py, "lts/*", false).is_none());
    }

    #[test]
    fn exact_and_same_line_pins() {
        let ruby = language(&["3.3", "3.4"], "exact", &[]);
        assert_eq!(used(&ruby, "3.4.4", false).as_deref(), Some("3.4.4"));
        assert_eq!(used(&ruby, "3.4", false).as_deref(), Some("3.4"));
        assert_eq!(used(&ruby, "~> 3.3.1", false).as_deref(), Some("3.3"));
        assert_eq!(used(&ruby, "3.2.9", false).as_deref(), Some("refused"));
        assert_eq!(used(&ruby, ">= 3.1", false).as_deref(), Some("3.3"));
        let dotnet = language(&["8.0", "9.0", "10.0"], "same-line", &[]);
        assert_eq!(used(&dotnet, "8.0", false).as_deref(), Some("8.0"));
        assert_eq!(used(&dotnet, "6.0", false).as_deref(), Some("refused"));
        assert_eq!(used(&dotnet, "11.0", false).as_deref(), Some("refused"));
    }

    #[test]
    fn ended_versions_are_skipped_when_a_newer_supported_one_satisfies() {
        let node = language(
            &["20", "22", "24"],
            "line",
            &[("20", "2026-04-30"), ("22", "2027-04-30")],
        );
        assert_eq!(used(&node, ">=18", true).as_deref(), Some("22"));
        assert_eq!(used(&node, "18", false).as_deref(), Some("22"));
        // Asked for exactly, an ended line is still used (and the evidence says it ended).
        assert_eq!(used(&node, "20", false).as_deref(), Some("20"));
        let today = Date::parse("2026-12-01").expect("date");
        assert_eq!(
            map_version(&node, "20", false, today),
            Some(Mapped::Use(
                "20".into(),
                " (support ended 2026-04-30)".into()
            ))
        );
    }
}
