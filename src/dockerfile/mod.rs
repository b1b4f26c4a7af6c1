//! The Dockerfile: model, rendering from a resolved plan, text, and the matching `.dockerignore`.

mod ignore;
mod model;
mod render;
mod text;

pub use crate::probe::{PROBE_IMAGE, ProbeMethod, TcpProbe, probe_method};
pub use ignore::render_dockerignore;
pub use model::*;
pub use render::{BUILDER_STAGE, RUNTIME_STAGE, TEST_STAGE, quote_arg, render};
pub use text::{LineInfo, LineKind, Rendered, json_array, render_text};

use crate::{field_error::FieldError, plan::Plan};

/// Everything `generate` and the wizard write, from one call.
#[derive(Debug, Clone)]
pub struct Output {
    pub model: Dockerfile,
    pub rendered: Rendered,
    pub dockerignore: String,
    /// A variant of the build system whose builder cross-compiles, when this build emulates other platforms
    /// instead: the language's name and the variant's id, for the README's multi-platform advice.
    pub cross_variant: Option<(String, String)>,
}

impl Output {
    pub fn dockerfile(&self) -> &str {
        &self.rendered.text
    }
}

/// Render a plan (validated when it was made) into everything that is written.
pub fn generate(plan: &Plan<'_>) -> Result<Output, FieldError> {
    let model = render(plan)?;
    let rendered = render_text(&model);
    Ok(Output {
        model,
        rendered,
        dockerignore: render_dockerignore(plan.language),
        cross_variant: cross_variant(plan),
    })
}

fn cross_variant(plan: &Plan<'_>) -> Option<(String, String)> {
    if plan.build.cross_compile || plan.answers.variant.is_some() {
        return None;
    }
    let build = plan.language.build_system(&plan.answers.build_system)?;
    let variant = build
        .variants
        .iter()
        .find(|v| v.overlay.cross_compile == Some(true))?;
    Some((plan.language.name.clone(), variant.id.clone()))
}
