//! The wizard's steps in order: their titles, their numbers and the Dockerfile lines each one produces.

use crate::dockerfile::Origin;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// Which workspace member to containerise; only asked in a monorepo, before everything else.
    Member,
    Language,
    BuildSystem,
    Base,
    User,
    Healthcheck,
    Args,
    Review,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Language,
        Step::BuildSystem,
        Step::Base,
        Step::User,
        Step::Healthcheck,
        Step::Args,
        Step::Review,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Member => "Workspace member",
            Step::Language => "Language",
            Step::BuildSystem => "Build system",
            Step::Base => "Runtime base",
            Step::User => "Non-root user",
            Step::Healthcheck => "Healthcheck",
            Step::Args => "Build args",
            Step::Review => "Review & write",
        }
    }

    /// The instructions this step produces in the Dockerfile.
    pub fn origin(self) -> Origin {
        match self {
            Step::Member | Step::Language => Origin::Language,
            Step::BuildSystem => Origin::BuildSystem,
            Step::Base => Origin::Base,
            Step::User => Origin::User,
            Step::Healthcheck => Origin::Healthcheck,
            Step::Args => Origin::BuildArgs,
            Step::Review => Origin::Options,
        }
    }

    /// 1 to 7; 0 for the member choice, which only monorepos see and which comes before the count starts.
    pub fn number(self) -> usize {
        Step::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(0, |i| i + 1)
    }
}
