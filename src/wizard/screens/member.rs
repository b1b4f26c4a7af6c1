//! The workspace member choice: a monorepo's first screen. Enter asks for the chosen member to be detected; the
//! answers start over from its detection when the result comes back.

use crate::detect::Detection;

use crate::wizard::{
    action::{Command, Effect},
    state::App,
    step::Step,
};

impl App<'_> {
    pub(in crate::wizard) fn move_member(&mut self, command: Command) {
        let last = self.project.members.len();
        self.member = match command {
            Command::Up => self.member.saturating_sub(1),
            Command::Down => (self.member + 1).min(last),
            Command::First => 0,
            Command::Last => last,
            _ => self.member,
        };
    }

    /// Detection of the chosen member (0: the whole repository).
    pub(in crate::wizard) fn detect_member(&self) -> Effect {
        let member = self
            .member
            .checked_sub(1)
            .and_then(|i| self.project.members.get(i))
            .map(|m| m.name.clone());
        Effect::Detect {
            dir: self.project.dir.clone(),
            member,
        }
    }

    /// The chosen member's detection: start the answers over from what it holds. Whether they were (then the
    /// wizard goes on to the next step).
    pub(in crate::wizard) fn detected(
        &mut self,
        detection: Result<Box<Detection>, String>,
    ) -> bool {
        if self.step != Step::Member {
            return false;
        }
        let detection = match detection {
            Ok(detection) => detection,
            Err(e) => {
                self.message = Some(format!("cannot detect that member: {e}"));
                return false;
            }
        };
        if let Err(e) = self.start_over(*detection) {
            self.message = Some(format!("{e:#}"));
            return false;
        }
        true
    }
}
