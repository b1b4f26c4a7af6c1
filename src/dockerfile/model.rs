//! The Dockerfile as data: stages of instructions, each tagged with the wizard step that produced it and a
//! one-line reason. Text, the preview and the tests all read this model; nothing formats Dockerfile text elsewhere.

use serde::Serialize;

/// The wizard step an instruction comes from, so the preview can mark what the current step changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    Language,
    BuildSystem,
    Base,
    User,
    Healthcheck,
    BuildArgs,
    Options,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Language => "language",
            Origin::BuildSystem => "build system",
            Origin::Base => "runtime base",
            Origin::User => "user",
            Origin::Healthcheck => "healthcheck",
            Origin::BuildArgs => "build args",
            Origin::Options => "options",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Keyword {
    From,
    Arg,
    Env,
    Workdir,
    Copy,
    Run,
    User,
    Expose,
    Healthcheck,
    Cmd,
    Entrypoint,
    /// A comment line that explains something no instruction shows (e.g. why there is no HEALTHCHECK).
    Note,
}

impl Keyword {
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::From => "FROM",
            Keyword::Arg => "ARG",
            Keyword::Env => "ENV",
            Keyword::Workdir => "WORKDIR",
            Keyword::Copy => "COPY",
            Keyword::Run => "RUN",
            Keyword::User => "USER",
            Keyword::Expose => "EXPOSE",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Cmd => "CMD",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Note => "#",
        }
    }
}

/// What follows the keyword and flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Body {
    /// Text that is already safe as Dockerfile source (validated or built from validated parts).
    Text(String),
    /// Exec form, written as a JSON array; `prefix` is `CMD` for HEALTHCHECK.
    Exec {
        prefix: Option<&'static str>,
        words: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instruction {
    pub keyword: Keyword,
    pub flags: Vec<String>,
    pub body: Body,
    pub origin: Origin,
    /// One line: why this instruction is here.
    pub why: String,
    /// A hadolint rule this line knowingly breaks, with the reason written next to the ignore.
    pub lint_ignore: Option<(String, String)>,
}

impl Instruction {
    pub fn new(keyword: Keyword, body: Body, origin: Origin, why: impl Into<String>) -> Self {
        Self {
            keyword,
            flags: Vec::new(),
            body,
            origin,
            why: why.into(),
            lint_ignore: None,
        }
    }

    pub fn text(
        keyword: Keyword,
        text: impl Into<String>,
        origin: Origin,
        why: impl Into<String>,
    ) -> Self {
        Self::new(keyword, Body::Text(text.into()), origin, why)
    }

    pub fn exec(
        keyword: Keyword,
        words: Vec<String>,
        origin: Origin,
        why: impl Into<String>,
    ) -> Self {
        Self::new(
            keyword,
            Body::Exec {
                prefix: None,
                words,
            },
            origin,
            why,
        )
    }

    pub fn with_flags(mut self, flags: Vec<String>) -> Self {
        self.flags = flags;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub name: String,
    /// A heading comment for the stage (written when comments are on).
    pub title: String,
    /// The first instruction is its FROM.
    pub instructions: Vec<Instruction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dockerfile {
    /// Parser directives (`# syntax=...`); always first.
    pub directives: Vec<String>,
    /// ARGs before the first FROM.
    pub global: Vec<Instruction>,
    pub stages: Vec<Stage>,
    /// Write `why` comments above the instructions.
    pub comments: bool,
}

impl Dockerfile {
    /// All instructions in file order; the index is the instruction's id for the preview.
    pub fn instructions(&self) -> impl Iterator<Item = &Instruction> {
        self.global
            .iter()
            .chain(self.stages.iter().flat_map(|s| s.instructions.iter()))
    }

    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.name == name)
    }
}
