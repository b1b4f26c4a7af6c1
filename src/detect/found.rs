//! What detection has found so far: the draft answers and, for every value, the evidence.

use crate::{
    answers::{Draft, Healthcheck},
    catalog::Catalog,
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
        match field {
            "language" => d.language = Some(value.into()),
            "build_system" => d.build_system = Some(value.into()),
            "variant" => d.variant = Some(value.into()),
            "framework" => d.framework = Some(value.into()),
            "version" => d.version = Some(value.into()),
            "port" => match value.parse::<u16>() {
                Ok(port) if port > 0 => d.port = Some(port),
                _ => return,
            },
            "healthcheck.path" => d.detected_healthcheck = Some(Healthcheck::http_path(value)),
            "healthcheck.mode" if value == "tcp" => {
                d.detected_healthcheck = Some(Healthcheck::tcp())
            }
            "healthcheck.port" => match (value.parse::<u16>(), d.detected_healthcheck.as_mut()) {
                (Ok(port), Some(h)) if port > 0 => h.port = Some(port),
                _ => return,
            },
            other => match other.strip_prefix("params.") {
                Some(key) => {
                    d.params.insert(key.into(), value.into());
                }
                None => return,
            },
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
            "language" => d.language.is_some(),
            "build_system" => d.build_system.is_some(),
            "variant" => d.variant.is_some(),
            "framework" => d.framework.is_some(),
            "version" => d.version.is_some(),
            "port" => d.port.is_some(),
            "healthcheck.path" | "healthcheck.mode" => d.detected_healthcheck.is_some(),
            "healthcheck.port" => d
                .detected_healthcheck
                .as_ref()
                .is_some_and(|h| h.port.is_some()),
            other => other
                .strip_prefix("params.")
                .is_some_and(|k| d.params.contains_key(k)),
        }
    }

    /// Map a wanted version onto the catalog's versions of the detected language and set it.
    pub fn set_version(
        &mut self,
        wanted: &str,
        minimum: bool,
        file: &str,
        line: Option<usize>,
        source: &str,
    ) {
        // The first source wins; a later one need not even be readable (Gemfile's `ruby file: ".ruby-version"`).
        if self.is_set("version") {
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
        let Some((value, how)) = map_version(&language.versions, wanted, minimum) else {
            self.note(format!(
                "{file}: {source} `{wanted}` is not a version stagecraft can read"
            ));
            return;
        };
        self.set(
            "version",
            &value,
            file,
            line,
            format!("{source} `{wanted}`{how}"),
        );
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

/// The catalog version for `wanted`: the same release line if offered; for a minimum (`>=20`) or an older release,
/// the lowest offered version at or above it; for a newer one, the newest offered. The text says how it mapped.
pub fn map_version(offered: &[String], wanted: &str, minimum: bool) -> Option<(String, String)> {
    let want = parse(wanted)?;
    let mut versions: Vec<(Vec<u64>, &String)> = offered
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
    if let Some((_, v)) = versions.iter().find(|(p, _)| *p == key) {
        let how = if minimum {
            format!(" is satisfied by {v}")
        } else {
            String::new()
        };
        return Some(((*v).clone(), how));
    }
    if let Some((_, v)) = versions.iter().find(|(p, _)| *p >= key) {
        let how = if minimum {
            format!(": {v} is the lowest offered version that satisfies it")
        } else {
            format!(" is not offered; {v} is the closest newer one (builds stay compatible)")
        };
        return Some(((*v).clone(), how));
    }
    let (_, newest) = versions.last()?;
    Some((
        (*newest).clone(),
        format!(" is newer than stagecraft knows; using {newest}, the newest it offers"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn versions_map_onto_the_catalog() {
        let node = v(&["22", "24"]);
        assert_eq!(
            map_version(&node, "22.3.0", false).map(|x| x.0),
            Some("22".into())
        );
        assert_eq!(
            map_version(&node, ">=20", true).map(|x| x.0),
            Some("22".into())
        );
        assert_eq!(
            map_version(&node, "v24", false).map(|x| x.0),
            Some("24".into())
        );
        assert_eq!(
            map_version(&node, "26", false).map(|x| x.0),
            Some("24".into())
        );
        let go = v(&["1.25", "1.26"]);
        assert_eq!(
            map_version(&go, "1.22.3", false).map(|x| x.0),
            Some("1.25".into())
        );
        assert_eq!(
            map_version(&go, "1.26", false).map(|x| x.0),
            Some("1.26".into())
        );
        let py = v(&["3.12", "3.13"]);
        assert_eq!(
            map_version(&py, ">=3.9", true).map(|x| x.0),
            Some("3.12".into())
        );
        assert_eq!(
            map_version(&py, "3.13.1", false).map(|x| x.0),
            Some("3.13".into())
        );
        assert!(map_version(&py, "lts/*", false).is_none());
    }
}
