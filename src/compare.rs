//! The side-by-side comparison of runtime bases for one app: the rows that `stagecraft bases` prints and the
//! wizard's base table shows, so both agree.

use serde::Serialize;

use crate::{
    catalog::{Base, BuildSystem, Catalog, Language},
    compat::{self, Fit, Verdict},
    plan,
    project_files::ProjectFiles,
};

#[derive(Debug, Clone, Serialize)]
pub struct BaseRow<'a> {
    #[serde(skip)]
    pub base: &'a Base,
    pub id: &'a str,
    pub name: &'a str,
    /// `image:tag` for this app's version.
    pub image: String,
    pub compatible: bool,
    pub fit: Fit,
    pub reason: String,
    pub caveats: Vec<String>,
    pub notes: Vec<String>,
    pub recommended: bool,
    pub size_compressed_mb: Option<f64>,
    pub size_uncompressed_mb: Option<f64>,
    /// Which tag the sizes are for and where they come from, or why none is published.
    pub size_note: &'a str,
    pub shell: Option<&'a str>,
    pub package_manager: Option<&'a str>,
    pub libc: &'static str,
    pub nonroot_user: Option<String>,
    pub ca_certs: bool,
    pub tzdata: bool,
    pub probes: Vec<&'a str>,
    /// Rough final image size: base plus the typical artifact (estimate).
    pub estimate_final_mb: Option<f64>,
    /// Rough single-stage size: the builder image plus the app (estimate).
    pub estimate_single_stage_mb: Option<f64>,
    pub source: &'a str,
    /// The last day of support, when one is published.
    pub support_ends: Option<String>,
    /// That date read against today: "ended 2026-06-10", "ends in 4 months (2026-09-01)".
    pub support: Option<String>,
    pub support_ended: bool,
    /// The base's pitfalls, dates read against today.
    pub pitfalls: Vec<String>,
}

/// What the table needs to know about the app (its build system, version, and the system libraries its answers'
/// files add); `None` compares facts only.
pub struct AppNeeds<'a> {
    pub build: &'a BuildSystem,
    pub version: &'a str,
    pub language: &'a Language,
    pub files: &'a ProjectFiles,
}

impl<'a> AppNeeds<'a> {
    pub fn of(plan: &'a plan::Plan<'_>) -> Self {
        AppNeeds {
            build: &plan.build,
            version: &plan.answers.version,
            language: plan.language,
            files: &plan.answers.files,
        }
    }
}

/// The fit of `base` for the app: the build's needs against the base's facts, then the libraries the app links
/// that the base would have to install and cannot.
fn verdict(catalog: &Catalog, app: &AppNeeds<'_>, base: &Base) -> Verdict {
    let mut verdict = compat::check(catalog, app.build, app.version, base);
    let missing = app.files.uninstallable(app.language, base);
    if verdict.fit != Fit::No && !missing.is_empty() {
        verdict.fit = Fit::No;
        verdict.reason = format!(
            "the app links {} at run time, and {} cannot install packages (no package manager, or it starts as \
             a non-root user)",
            missing.join(", "),
            base.name
        );
    }
    verdict
}

pub fn rows<'a>(catalog: &'a Catalog, app: Option<&AppNeeds<'_>>) -> Vec<BaseRow<'a>> {
    let today = crate::eol::today();
    let recommended = app
        .and_then(|a| plan::recommended_base(catalog, a.build, a.version, a.language, a.files))
        .map(|b| b.id.as_str());
    catalog
        .bases
        .iter()
        .map(|base| {
            let version = app
                .map(|a| a.version.to_string())
                .filter(|v| {
                    base.runtime.as_ref().is_some_and(|r| {
                        r.versions
                            .iter()
                            .any(|o| o == v || crate::eol::is_patch_of(v, o))
                    })
                })
                .or_else(|| {
                    base.runtime
                        .as_ref()
                        .and_then(|r| r.versions.first().cloned())
                })
                .unwrap_or_default();
            let verdict = match app {
                Some(a) => verdict(catalog, a, base),
                None => Verdict {
                    fit: Fit::Fits,
                    reason: "no app given; pass --language to check the fit".into(),
                    caveats: Vec::new(),
                    notes: Vec::new(),
                },
            };
            let app_mb = app.and_then(|a| a.build.app_mb);
            BaseRow {
                base,
                id: &base.id,
                name: &base.name,
                image: base.reference(&version),
                compatible: verdict.fit != Fit::No,
                fit: verdict.fit,
                reason: verdict.reason,
                caveats: verdict.caveats,
                notes: verdict.notes,
                recommended: recommended == Some(base.id.as_str()),
                size_compressed_mb: base.size.compressed_mb,
                size_uncompressed_mb: base.size.uncompressed_mb,
                size_note: &base.size.note,
                shell: base.shell.as_deref(),
                package_manager: base.package_manager.as_deref(),
                libc: base.libc.label(),
                nonroot_user: base
                    .nonroot_user
                    .as_ref()
                    .map(|u| format!("{} {}", u.name, u.uid)),
                ca_certs: base.ca_certs,
                tzdata: base.tzdata,
                probes: base.probes.iter().map(|p| p.label()).collect(),
                estimate_final_mb: base.size.compressed_mb.zip(app_mb).map(|(b, a)| b + a),
                estimate_single_stage_mb: app
                    .and_then(|a| a.build.builder_mb)
                    .zip(app_mb)
                    .map(|(b, a)| b + a),
                source: &base.source,
                support_ends: base.support_ends.map(|d| d.to_string()),
                support: base.support_ends.map(|d| crate::eol::phrase(d, today)),
                support_ended: crate::eol::base_ended(base, today),
                pitfalls: crate::eol::pitfalls(base, today),
            }
        })
        .collect()
}

/// Sort smallest first (unknown sizes last), ties by id.
pub fn sort_by_size(rows: &mut [BaseRow<'_>]) {
    rows.sort_by(|a, b| {
        let key = |r: &BaseRow<'_>| r.size_compressed_mb.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b)).then_with(|| a.id.cmp(b.id))
    });
}

pub fn sort_by_name(rows: &mut [BaseRow<'_>]) {
    rows.sort_by(|a, b| a.id.cmp(b.id));
}

/// `12.3` / `0.0` / `?` for a size cell (`?`: not published).
pub fn mb(value: Option<f64>) -> String {
    match value {
        None => "?".into(),
        Some(v) if v < 10.0 => format!("{v:.1}"),
        Some(v) => format!("{v:.0}"),
    }
}

/// What fits first, then what fits with a caveat, then what does not; the order within each group is kept.
pub fn group_by_fit(rows: &mut [BaseRow<'_>]) {
    rows.sort_by_key(|r| r.fit);
}
