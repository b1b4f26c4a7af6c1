//! Project detection: pre-fill answers from the project's own files, with evidence for every value.
//!
//! The walk is bounded (depth 5, 20,000 files, 512 KiB per file read; lockfiles are told by their header and
//! Cargo.lock may be read up to 16 MiB), follows no symlinks, honours .gitignore and .dockerignore and skips
//! dependency and build folders. When the file limit stops it, the top level is still listed, so the manifests
//! that decide the language are never lost. Ecosystems are tried from the most specific manifest to the least (a
//! Rails or Laravel app with a package.json for assets is Ruby or PHP). A malformed or unreadable file becomes an
//! `undecided` note, never an error.
//!
//! Ports: config and env files first, then code (the entry file before the others, shallow files before deep
//! ones); without one, the framework's default, and the evidence says it is a default. Static sites and PHP apps
//! get none: the base image's server (nginx, Apache) fixes it. Versions map onto the catalog's tags, and the
//! evidence says how (a minimum, the closest newer release, the newest offered).
//!
//! Monorepos: the members of npm/Yarn/pnpm and Cargo workspaces are listed, sorted by path; the root's own
//! detection leaves the member folders out of the port search. With `member` (a name or a path), that folder is
//! detected (framework, entry, port, version files), while lockfiles, .nvmrc, rust-toolchain and the workspace's
//! rust-version fall back to the root's. Paths in params (the Node entry file) are given from the root, because
//! the image is built from the whole repository (one lockfile, one context). An unknown member is
//! `DetectError::UnknownMember`, which names the members.
//!
//! The output is deterministic: evidence is sorted by field, notes keep their first occurrence.

use std::{
    collections::HashMap,
    path::Path,
    sync::{Arc, Mutex, OnceLock},
};

use regex_automata::{
    meta::{self, Regex},
    util::{captures, syntax},
};
use serde::Serialize;

use crate::{answers::Draft, catalog::Catalog};

mod dotnet;
mod files;
mod found;
mod go;
mod health;
mod jvm;
mod monorepo;
mod needles;
mod node;
mod php;
mod port;
mod python;
mod ruby;
mod rust;
mod walk;

pub use found::{Mapped, map_version};

/// A pattern compiled ASCII-only and matched on bytes. The regex engine is built without its Unicode tables (they
/// would double the binary), so `\s`, `\d`, `\w` only exist in ASCII mode, and only a bytes regex accepts ASCII
/// mode together with classes like `[^"]` that could match inside a multi-byte character.
///
/// Compiled on the first text that contains the pattern's needles (see `needles`): a text without them cannot
/// match, and most files of a project never reach the compiler.
#[derive(Clone)]
pub(crate) struct Re(Arc<Lazy>);

struct Lazy {
    pattern: String,
    needles: Option<needles::Needles>,
    compiled: OnceLock<Option<Regex>>,
}

impl Lazy {
    /// The regex crate's configuration for a bytes regex without Unicode (which these patterns were written
    /// for), less the literal prefilter and the one-pass engine: they only speed up searches in large texts, and
    /// building them cost more than half of compiling a pattern, which is most of a small project's detection.
    /// Matches are the same; the lazy DFA still scans a large text in linear time.
    fn compile(pattern: &str) -> Option<Regex> {
        Regex::builder()
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .configure(
                meta::Config::new()
                    .utf8_empty(false)
                    .nfa_size_limit(Some(10 * (1 << 20)))
                    .hybrid_cache_capacity(2 * (1 << 20))
                    .auto_prefilter(false)
                    .onepass(false),
            )
            .build(pattern)
            .ok()
    }

    /// The compiled pattern, if `haystack` can match it at all.
    fn for_text(&self, haystack: &[u8]) -> Option<&Regex> {
        if let Some(needles) = &self.needles
            && !needles.found_in(haystack)
        {
            return None;
        }
        self.compiled
            .get_or_init(|| Lazy::compile(&self.pattern))
            .as_ref()
    }
}

/// The capture groups of one match.
pub(crate) struct Captures<'h> {
    haystack: &'h [u8],
    groups: captures::Captures,
}

/// One capture group's text and where it is.
pub(crate) struct Group<'h> {
    haystack: &'h [u8],
    start: usize,
    end: usize,
}

impl<'h> Captures<'h> {
    pub fn get(&self, group: usize) -> Option<Group<'h>> {
        let span = self.groups.get_group(group)?;
        Some(Group {
            haystack: self.haystack,
            start: span.start,
            end: span.end,
        })
    }
}

impl<'h> Group<'h> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn as_bytes(&self) -> &'h [u8] {
        &self.haystack[self.start..self.end]
    }
}

impl Re {
    pub fn is_match(&self, text: &str) -> bool {
        self.0
            .for_text(text.as_bytes())
            .is_some_and(|re| re.is_match(text.as_bytes()))
    }

    /// Capture group `group` (0: the whole match) of the first match, with its byte offset in `text`.
    pub fn group<'t>(&self, text: &'t str, group: usize) -> Option<(&'t str, usize)> {
        let m = self.captures(text.as_bytes())?.get(group)?;
        // Offsets inside a multi-byte character cannot be sliced; such a match is no match.
        text.get(m.start()..m.end()).map(|s| (s, m.start()))
    }

    /// The capture groups of the first match in `haystack`.
    pub fn captures<'h>(&self, haystack: &'h [u8]) -> Option<Captures<'h>> {
        let re = self.0.for_text(haystack)?;
        let mut groups = re.create_captures();
        re.captures(haystack, &mut groups);
        groups.is_match().then_some(Captures { haystack, groups })
    }

    /// Whether the pattern compiles (it is otherwise compiled only when a text needs it).
    #[cfg(test)]
    pub fn compiles(&self) -> bool {
        self.0
            .compiled
            .get_or_init(|| Lazy::compile(&self.0.pattern))
            .is_some()
    }

    /// `text` with every match removed.
    pub fn remove_all(&self, text: &str) -> String {
        let Some(re) = self.0.for_text(text.as_bytes()) else {
            return text.to_string();
        };
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut last = 0;
        for m in re.find_iter(bytes) {
            out.extend_from_slice(&bytes[last..m.start()]);
            last = m.end();
        }
        out.extend_from_slice(&bytes[last..]);
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// Shared per process: detectors build a pattern per dependency or file name and ask for it again in loops. The
/// cache is bounded, because patterns can carry names read from the project. `None` for a pattern that does not
/// compile; a pattern with needles is only compiled once a text needs it, and one that then fails matches nothing.
pub(crate) fn regex(pattern: &str) -> Option<Re> {
    type Cache = Mutex<HashMap<String, Option<Re>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    const MAX_PATTERNS: usize = 1024;
    let cache = CACHE.get_or_init(Cache::default);
    if let Ok(map) = cache.lock()
        && let Some(hit) = map.get(pattern)
    {
        return hit.clone();
    }
    let needles = needles::of(pattern);
    // Without needles nothing can be skipped: compiled now, so that a pattern that does not compile is `None`.
    let compiled = match needles {
        Some(_) => OnceLock::new(),
        None => OnceLock::from(Lazy::compile(pattern)),
    };
    let built = match compiled.get() {
        Some(None) => None,
        _ => Some(Re(Arc::new(Lazy {
            pattern: pattern.to_string(),
            needles,
            compiled,
        }))),
    };
    if let Ok(mut map) = cache.lock()
        && map.len() < MAX_PATTERNS
    {
        map.insert(pattern.to_string(), built.clone());
    }
    built
}

/// One detected value and what said so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The answer it sets (`language`, `build_system`, `version`, `port`, `command`, `params.main_package`...).
    pub field: String,
    pub value: String,
    /// File relative to the project folder.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Why this file says so, in words.
    pub detail: String,
}

/// A workspace member of a monorepo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub name: String,
    pub path: String,
}

/// An answer the Dockerfile depends on that nothing in the project says: a default was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assumption {
    /// The answer (`command`, `port`, `version`, `healthcheck`).
    pub field: String,
    /// Why it is assumed, in words.
    pub why: String,
    /// How to settle it (the flag to pass).
    pub fix: String,
    /// Answers that settle it when set by the user (`command`, `params.main`...).
    #[serde(skip)]
    pub settled_by: Vec<String>,
    /// The image cannot start with the default: generating without settling it is refused.
    pub blocking: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Detection {
    pub draft: Draft,
    pub evidence: Vec<Evidence>,
    /// Answers taken from defaults because nothing in the project says; `generate` warns about each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumed: Vec<Assumption>,
    /// What could not be decided, in words (two lockfiles, no manifest, unreadable file...).
    pub undecided: Vec<String>,
    pub members: Vec<Member>,
    /// What the project asks for that no catalog value satisfies (a Python newer than any offered): `generate`
    /// stops with the message unless the answers file or a flag settles the field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<Refusal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error("{0} is not a folder")]
    NotADir(String),
    #[error("no workspace member `{name}`; members: {known}")]
    UnknownMember { name: String, known: String },
}

impl Detection {
    /// The evidence for one field, if any.
    pub fn evidence_for(&self, field: &str) -> Option<&Evidence> {
        self.evidence.iter().find(|e| e.field == field)
    }
}

/// A detector: claims the project for its language (returns true) or leaves it to the next one.
type Detector = fn(&mut found::Found<'_>) -> bool;

/// The detectors, by the language they claim for. The catalog's `detect.priority` orders them (most specific
/// manifest first); a language the catalog does not know is not tried.
const DETECTORS: &[(&str, Detector)] = &[
    ("go", go::detect),
    ("rust", rust::detect),
    ("java", jvm::detect),
    ("dotnet", dotnet::detect),
    ("php", php::detect),
    ("ruby", ruby::detect),
    ("python", python::detect),
    ("node", node::detect),
    ("static", node::plain_site),
];

/// The detectors in the catalog's order.
fn detectors(catalog: &Catalog) -> Vec<Detector> {
    catalog
        .detection_order()
        .iter()
        .flat_map(|language| {
            DETECTORS
                .iter()
                .filter(move |(id, _)| *id == language.id)
                .map(|(_, detect)| *detect)
        })
        .collect()
}

/// The language ids detection has code for; every one of them must be a catalog language.
pub fn detector_languages() -> impl Iterator<Item = &'static str> {
    DETECTORS.iter().map(|(id, _)| *id)
}

fn unpinned_version(found: &mut found::Found<'_>) {
    let Some(language) = found
        .draft
        .language
        .as_deref()
        .and_then(|id| found.catalog.language(id))
    else {
        return;
    };
    let refused = found.refused.iter().any(|r| r.field == "version");
    if found.draft.version.is_none() && !language.versions.is_empty() && !refused {
        found.note(format!(
            "version: nothing in the project pins {}; the catalog's default {} is used, set --lang-version to change it",
            language.name,
            crate::eol::default_version(language, crate::eol::today())
        ));
        found.assume(
            "version",
            "nothing in the project pins it; the catalog's default",
            "set it with --lang-version",
            &[],
            false,
        );
    }
}

fn other_ecosystems(found: &mut found::Found<'_>) {
    let Some(chosen) = found.draft.language.clone() else {
        return;
    };
    let mut others: Vec<&str> = Vec::new();
    let catalog = found.catalog;
    for language in catalog.detection_order() {
        // A static site is built with Node; Rails and Laravel bundle their assets with it (`expected_in`).
        let expected = language.detect.expected_in.contains(&chosen);
        if language.id == chosen || expected {
            continue;
        }
        for marker in &language.detect.markers {
            if found.has(marker) {
                others.push(marker);
            }
        }
    }
    if !others.is_empty() {
        found.note(format!(
            "also found {}: detected as {chosen} (stagecraft tries Go, Rust, Java, .NET, PHP, Ruby, Python, then \
             Node); pass --language to build the other part",
            others.join(", ")
        ));
    }
}

/// Detect what `dir` holds. `member` selects a workspace member by name or path.
pub fn detect(
    dir: &Path,
    member: Option<&str>,
    catalog: &Catalog,
) -> Result<Detection, DetectError> {
    if !dir.is_dir() {
        return Err(DetectError::NotADir(dir.display().to_string()));
    }
    let listing = walk::Listing::new(dir);
    let members = monorepo::members(&listing);
    let prefix = match member {
        None => String::new(),
        Some(wanted) => members
            .iter()
            .find(|m| m.name == wanted || m.path == wanted)
            .map(|m| m.path.clone())
            .ok_or_else(|| DetectError::UnknownMember {
                name: wanted.to_string(),
                known: if members.is_empty() {
                    "none (this is not a workspace)".to_string()
                } else {
                    members
                        .iter()
                        .map(|m| m.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            })?,
    };
    // At a workspace root that is no app itself, the one member that is an app is what gets deployed.
    let apps = if member.is_none() && !members.is_empty() {
        monorepo::deployable(&listing, &members)
    } else {
        Vec::new()
    };
    let chosen = match apps.as_slice() {
        [(app, why)] if monorepo::app_reason(&listing, "").is_none() => {
            Some((app.clone(), why.clone()))
        }
        _ => None,
    };
    let prefix = chosen.as_ref().map_or(prefix, |(m, _)| m.path.clone());
    let mut found = found::Found::new(&listing, catalog, prefix);
    if member.is_none() && chosen.is_none() {
        found.excluded = members.iter().map(|m| m.path.clone()).collect();
    }
    if let Some((app, why)) = &chosen {
        found.evidence.push(Evidence {
            field: "member".into(),
            value: app.name.clone(),
            file: format!("{}/", app.path),
            line: None,
            detail: format!(
                "the only member that is an app ({why}); the others are libraries it may use"
            ),
        });
    }
    if detectors(catalog).iter().any(|detect| detect(&mut found)) {
        files::detect(&mut found);
        port::detect(&mut found);
        health::detect(&mut found);
        unpinned_version(&mut found);
        other_ecosystems(&mut found);
    } else {
        found.note(
            "no manifest stagecraft knows (go.mod, Cargo.toml, package.json, pyproject.toml, pom.xml...): \
             choose the language yourself",
        );
    }
    if let Some((app, _)) = &chosen {
        found.note(format!(
            "a workspace with {} members: building {} ({}), its only app; pick another with --member NAME",
            members.len(),
            app.name,
            app.path
        ));
    } else if !members.is_empty() && member.is_none() {
        let apps_note = if apps.is_empty() {
            String::new()
        } else {
            format!(
                "; apps: {}",
                apps.iter()
                    .map(|(m, why)| format!("{} ({why})", m.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        found.note(format!(
            "a workspace with {} members ({}): pick one with --member NAME{apps_note}",
            members.len(),
            members
                .iter()
                .map(|m| m.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(why) = &listing.unsafe_ignore_file {
        found.note(why.clone());
    }
    if listing.truncated {
        found.note(format!(
            "stopped reading after {} files; detection used those",
            walk::MAX_FILES
        ));
    }
    // Sorted, so that the output reads the same whatever order the detectors ran in.
    let mut evidence = found.evidence;
    evidence.sort_by(|a, b| (&a.field, &a.file, a.line).cmp(&(&b.field, &b.file, b.line)));
    let mut undecided = Vec::with_capacity(found.undecided.len());
    for note in found.undecided {
        if !undecided.contains(&note) {
            undecided.push(note);
        }
    }
    Ok(Detection {
        draft: found.draft,
        evidence,
        assumed: found.assumed,
        undecided,
        members,
        refused: found.refused,
    })
}
