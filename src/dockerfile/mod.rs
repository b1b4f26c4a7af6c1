//! The Dockerfile: model, rendering from answers, text, and the matching `.dockerignore`.

mod ignore;
mod model;
mod render;
mod text;

pub use ignore::render_dockerignore;
pub use model::*;
pub use render::{
    BUILDER_STAGE, PROBE_IMAGE, ProbeMethod, RUNTIME_STAGE, TEST_STAGE, TcpProbe, probe_method,
    quote_arg, render,
};
pub use text::{LineInfo, LineKind, Rendered, json_array, render_text};

use crate::{
    answers::{Answers, FieldError},
    catalog::Catalog,
};

/// Everything `generate` and the wizard write, from one call.
#[derive(Debug, Clone)]
pub struct Output {
    pub model: Dockerfile,
    pub rendered: Rendered,
    pub dockerignore: String,
}

impl Output {
    pub fn dockerfile(&self) -> &str {
        &self.rendered.text
    }
}

/// Validate and render. Errors list every invalid field.
pub fn generate(answers: &Answers, catalog: &Catalog) -> Result<Output, Vec<FieldError>> {
    let errors = answers.validate(catalog);
    if !errors.is_empty() {
        return Err(errors);
    }
    let model = render(answers, catalog).map_err(|e| vec![e])?;
    let rendered = render_text(&model);
    let language = catalog
        .language(&answers.language)
        .ok_or_else(|| vec![FieldError::new("language", "unknown language")])?;
    Ok(Output {
        model,
        rendered,
        dockerignore: render_dockerignore(language),
    })
}
