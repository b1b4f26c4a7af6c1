//! The build-args step: a list, and an editor for one arg that is checked before it joins the answers.

use crate::{answers::BuildArg, plan};

use crate::wizard::{
    action::Command,
    state::{App, ArgsMode},
    step::Step,
    steps,
};

impl App<'_> {
    pub(in crate::wizard) fn move_arg(&mut self, command: Command) {
        let count = self.answers.args.len();
        self.args.selected = match command {
            Command::Up => self.args.selected.saturating_sub(1),
            Command::Down => (self.args.selected + 1).min(count.saturating_sub(1)),
            _ => self.args.selected,
        };
    }

    pub(in crate::wizard) fn add_arg(&mut self) {
        self.args.mode = ArgsMode::Editing {
            index: None,
            form: steps::arg_form(None),
        };
    }

    pub(in crate::wizard) fn edit_arg(&mut self) {
        let Some(arg) = self.answers.args.get(self.args.selected) else {
            return;
        };
        self.args.mode = ArgsMode::Editing {
            index: Some(self.args.selected),
            form: steps::arg_form(Some(arg)),
        };
    }

    pub(in crate::wizard) fn delete_arg(&mut self) {
        let count = self.answers.args.len();
        if count == 0 {
            return;
        }
        let mut args = self.answers.args.clone();
        args.remove(self.args.selected.min(count - 1));
        self.args.selected = self.args.selected.min(args.len().saturating_sub(1));
        self.set_args(args);
    }

    /// Check the edited arg; a valid one replaces the arg it edits (or is added) and the editor closes.
    pub(in crate::wizard) fn save_arg(&mut self) {
        let ArgsMode::Editing { index, form } = &mut self.args.mode else {
            return;
        };
        let index = *index;
        let arg = steps::arg_from_form(form);
        let duplicate = self
            .answers
            .args
            .iter()
            .enumerate()
            .any(|(i, a)| a.name == arg.name && Some(i) != index);
        let errors = self
            .catalog
            .language(&self.answers.language)
            .map(|l| plan::arg_problems(&arg, duplicate, l))
            .unwrap_or_default();
        if !errors.is_empty() {
            form.set_errors(&errors);
            return;
        }
        let mut args = self.answers.args.clone();
        match index {
            Some(i) if i < args.len() => args[i] = arg,
            _ => args.push(arg),
        }
        self.args.selected = match index {
            Some(i) => i,
            None => args.len() - 1,
        };
        self.set_args(args);
        self.args.mode = ArgsMode::List;
    }

    fn set_args(&mut self, args: Vec<BuildArg>) {
        self.draft.args = Some(args);
        self.touched.insert(Step::Args);
        self.recompute();
        self.jump_preview_to_step();
    }
}
