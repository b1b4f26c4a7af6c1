//! Whether a runtime base fits an app, computed from what the app needs (static binary, glibc, libgcc, a JVM,
//! Node, Python...) against what the base has, always with a reason a newcomer understands.

use serde::Serialize;

use crate::catalog::{Base, BuildSystem, Catalog, Libc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fit {
    /// Fits as it is.
    Fits,
    /// Fits, with something to know.
    Caveat,
    /// Does not fit.
    No,
}

impl Fit {
    pub fn label(self) -> &'static str {
        match self {
            Fit::Fits => "fits",
            Fit::Caveat => "caveat",
            Fit::No => "no",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub fit: Fit,
    /// The main reason, one sentence.
    pub reason: String,
    /// Further caveats, after the one in `reason`.
    pub caveats: Vec<String>,
    /// Things to know that do not make the base a worse fit (no shell, no probe tool, CA bundle copied in).
    pub notes: Vec<String>,
}

/// A base published for `versions` runs `version`: one of them, or an exact patch release of one (`3.4.4`).
fn offers(versions: &[String], version: &str) -> bool {
    versions
        .iter()
        .any(|v| v == version || crate::eol::is_patch_of(version, v))
}

/// The version a versioned base is used at: the app's own version when the base is the app's runtime at that
/// version, otherwise the base's default (first listed) version. `None` for bases without versions.
pub fn base_version(build: &BuildSystem, version: &str, base: &Base) -> Option<String> {
    let runtime = base.runtime.as_ref()?;
    let own_runtime = build
        .needs
        .runtime
        .as_ref()
        .is_some_and(|k| *k == runtime.kind || build.needs.runtime_any.contains(&runtime.kind));
    if own_runtime && build.needs.match_version && offers(&runtime.versions, version) {
        Some(version.to_string())
    } else {
        runtime.versions.first().cloned()
    }
}

/// Musl's caveat for a runtime kind whose catalog entry names none.
const MUSL_CAVEAT: &str = "musl libc: the builder runs on Alpine too so compiled parts match";

/// The app built by `build` (at `version`) on `base`; runtime kinds are named and their musl caveats read from
/// `catalog`.
pub fn check(catalog: &Catalog, build: &BuildSystem, version: &str, base: &Base) -> Verdict {
    let runtime_label = |kind: &str| catalog.runtime_label(kind).to_string();
    let needs = &build.needs;
    let mut caveats = Vec::new();
    let mut notes = Vec::new();
    let no = |reason: String| Verdict {
        fit: Fit::No,
        reason,
        caveats: Vec::new(),
        notes: Vec::new(),
    };

    if let Some(kind) = &needs.runtime {
        let accepted = |k: &str| k == kind || needs.runtime_any.iter().any(|a| a == k);
        let Some(runtime) = base.runtime.as_ref().filter(|r| accepted(&r.kind)) else {
            let what = match &base.runtime {
                Some(other) => format!("it ships {} instead", runtime_label(&other.kind)),
                None => "it has no language runtime".to_string(),
            };
            return no(format!(
                "the app needs {} at run time, and {what}",
                runtime_label(kind)
            ));
        };
        if needs.match_version && !version.is_empty() && !offers(&runtime.versions, version) {
            return no(format!(
                "it ships {} {} and the app is built for {version}; change the version or pick a base for {version}",
                runtime_label(&runtime.kind),
                runtime.versions.join("/"),
            ));
        }
        if base.libc == Libc::Musl && !needs.any_libc {
            if build.builder_musl.is_none() {
                return no(format!(
                    "it uses musl libc, and {}'s builder is glibc-based, so compiled parts would not load",
                    build.name
                ));
            }
            caveats.push(
                catalog
                    .runtime_kind(kind)
                    .and_then(|r| r.musl_caveat.clone())
                    .unwrap_or_else(|| MUSL_CAVEAT.to_string()),
            );
        }
    } else {
        match needs.libc {
            Some(Libc::Glibc) => {
                if base.libc != Libc::Glibc {
                    return no(match base.libc {
                        Libc::Musl => "the binary is linked against glibc and this base has musl; it would fail to \
                                       start with a confusing 'not found'"
                            .to_string(),
                        _ => "the binary is dynamically linked and this base has no C library at all".to_string(),
                    });
                }
                for lib in &needs.libs {
                    if !base.libs.iter().any(|l| l == lib) {
                        return no(format!(
                            "the binary needs {lib} (e.g. for unwinding or C++), which this base does not ship; \
                             distroless cc or a Debian base has it"
                        ));
                    }
                }
            }
            Some(Libc::Musl) => {
                if base.libc != Libc::Musl {
                    return no(
                        "the binary is linked against musl and this base has none".to_string()
                    );
                }
            }
            Some(Libc::None) | None => {}
        }
        if let Some(runtime) = &base.runtime {
            caveats.push(format!(
                "works, but carries {} that this app does not use: a larger image and more to patch",
                runtime_label(&runtime.kind)
            ));
        }
    }

    if needs.ca_certs && !base.ca_certs {
        notes.push(
            "no CA certificates: the bundle is copied from the builder so TLS calls work"
                .to_string(),
        );
    }
    if !base.has_shell() {
        notes.push(
            "no shell: commands and the health check use exec form; debug with a `:debug` tag or `docker cp`"
                .to_string(),
        );
    }
    if base.probes.is_empty() {
        notes.push(
            "no curl or wget: the health check copies in a small static probe (busybox wget)"
                .to_string(),
        );
    }

    if caveats.is_empty() {
        Verdict {
            fit: Fit::Fits,
            reason: fits_reason(catalog, build, base),
            caveats,
            notes,
        }
    } else {
        let reason = caveats.remove(0);
        Verdict {
            fit: Fit::Caveat,
            reason,
            caveats,
            notes,
        }
    }
}

fn fits_reason(catalog: &Catalog, build: &BuildSystem, base: &Base) -> String {
    match (&build.needs.runtime, build.needs.libc) {
        (Some(kind), _) => format!(
            "ships {} and everything it needs",
            catalog.runtime_label(kind)
        ),
        (None, Some(Libc::Glibc)) => {
            "has glibc and the libraries a dynamic binary needs".to_string()
        }
        _ => match base.size.compressed_mb {
            Some(mb) => format!("runs a static binary; {} MB of base", fmt_mb(mb)),
            None => "runs a static binary".to_string(),
        },
    }
}

fn fmt_mb(mb: f64) -> String {
    if mb < 10.0 {
        format!("{mb:.1}")
    } else {
        format!("{mb:.0}")
    }
}

/// The recommended base: the first of the build's preferences (the catalog orders them) that fits, else the first
/// base in the catalog that fits without a caveat, else any that fits at all. A base whose support has ended is
/// recommended only when no supported one fits.
pub fn recommended<'a>(
    catalog: &'a Catalog,
    build: &BuildSystem,
    version: &str,
) -> Option<&'a Base> {
    recommended_on(catalog, build, version, crate::eol::today())
}

pub fn recommended_on<'a>(
    catalog: &'a Catalog,
    build: &BuildSystem,
    version: &str,
    today: crate::catalog::Date,
) -> Option<&'a Base> {
    recommended_where(catalog, build, version, today, |_| true)
}

/// `recommended_on` among the bases `usable` accepts (e.g. those that can install the libraries the app links).
pub fn recommended_where<'a>(
    catalog: &'a Catalog,
    build: &BuildSystem,
    version: &str,
    today: crate::catalog::Date,
    usable: impl Fn(&Base) -> bool,
) -> Option<&'a Base> {
    let fit_of = |b: &&Base| check(catalog, build, version, b).fit;
    let usable = &usable;
    let pick = |supported: bool| {
        let keep = move |b: &&Base| usable(b) && (!supported || !crate::eol::base_ended(b, today));
        build
            .recommended
            .iter()
            .filter_map(|id| catalog.base(id))
            .filter(keep)
            .find(|b| fit_of(b) != Fit::No)
            .or_else(|| {
                catalog
                    .bases
                    .iter()
                    .filter(keep)
                    .find(|b| fit_of(b) == Fit::Fits)
            })
            .or_else(|| {
                catalog
                    .bases
                    .iter()
                    .filter(keep)
                    .find(|b| fit_of(b) != Fit::No)
            })
    };
    pick(true).or_else(|| pick(false))
}
