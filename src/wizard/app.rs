//! The wizard's state machine. Every change goes into a `Draft` (detection < answers file < what the user
//! chose here), which is completed into `Answers` and rendered by the same engine `generate` uses, so the preview
//! is always exactly what would be written.

use std::{collections::BTreeSet, path::PathBuf};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::{
    answers::{Answers, BuildArg, Draft},
    catalog::Catalog,
    compare::{self, App as CompareApp, BaseRow},
    compat::Fit,
    detect::{self, Detection, Member},
    dockerfile::{self, Origin, Output},
    error::field_errors,
    field_error::FieldError,
    fields::{self, Place},
    output, plan, validate,
    write::{self, Existing},
};

use super::{
    form::{Form, Row},
    keymap::{self, Action},
    steps,
};

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

/// How the wizard ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Written(String),
    Cancelled,
}

#[derive(Default)]
pub struct BaseTable<'c> {
    pub selected: usize,
    pub by_size: bool,
    /// Also show the bases that fit only with a caveat and those that do not fit (grouped below what fits).
    pub show_all: bool,
    /// How many bases fit, fit with a caveat, and do not fit this app.
    pub counts: (usize, usize, usize),
    /// The table as shown (sorted, filtered). Computed on entering the step and when the app or the view
    /// changes, not per key or per frame: it checks every base in the catalog.
    rows: Vec<BaseRow<'c>>,
}

#[derive(Default)]
pub struct ArgsState {
    pub selected: usize,
    /// The arg being edited (index into the list, or `None` for a new one) and its form.
    pub editing: Option<(Option<usize>, Form)>,
}

/// What writing would do to one target file, shown in the review's findings before Enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetState {
    Created,
    Unchanged,
    /// Exists with other content: Enter shows the diff first and a replacement keeps a `.bak`.
    Replaced,
}

#[derive(Default)]
pub struct ReviewState {
    /// The files Enter would write, checked when the review is entered and whenever its form changes.
    pub targets: Vec<(PathBuf, TargetState)>,
    /// A diff against existing files, shown before anything is replaced.
    pub diff: Option<String>,
    /// First diff line shown: a replaced file's diff is often longer than the screen.
    pub diff_scroll: usize,
    pub confirm_overwrite: bool,
}

#[derive(Default)]
pub struct PreviewState {
    pub scroll: usize,
    /// The selected preview line, whose reason is shown; `None` when the current step has no line in the
    /// Dockerfile (then the why box says so instead of showing another step's reason).
    pub line: Option<usize>,
    /// The preview fills the screen instead of sitting beside the form (`f`; the only way to see it when narrow).
    pub shown: bool,
}

pub struct App<'c> {
    pub catalog: &'c Catalog,
    pub dir: PathBuf,
    pub detection: Detection,
    /// The workspace members of the folder (empty when it is not a monorepo) and the chosen one: 0 is the whole
    /// repository, `i` is `members[i - 1]`.
    pub members: Vec<Member>,
    pub member: usize,
    /// The answers file, kept to lay it over a fresh detection when another member is chosen.
    pub from_file: Option<Draft>,
    /// Detection overlaid with the answers file: what a fresh choice of language starts from.
    pub start: Draft,
    pub draft: Draft,
    pub answers: Answers,
    pub output: Option<Output>,
    pub errors: Vec<FieldError>,
    pub step: Step,
    /// Steps whose answers the user set here (their defaults no longer follow other choices).
    pub touched: BTreeSet<Step>,
    pub language: usize,
    pub form: Form,
    pub bases: BaseTable<'c>,
    pub args: ArgsState,
    pub review: ReviewState,
    pub preview: PreviewState,
    pub help: bool,
    pub message: Option<String>,
    pub width: u16,
    pub outcome: Option<Outcome>,
    /// The answers file the review saved, if any: a cancelled wizard must not claim it wrote nothing.
    pub saved: Option<PathBuf>,
}

/// Width from which the preview sits beside the form.
pub const WIDE: u16 = 100;

impl<'c> App<'c> {
    pub fn new(
        catalog: &'c Catalog,
        dir: PathBuf,
        detection: Detection,
        from_file: Option<Draft>,
    ) -> anyhow::Result<App<'c>> {
        let (start, language, answers) = starting_point(catalog, &detection, from_file.as_ref())?;
        let members = detection.members.clone();
        let first_step = if members.is_empty() {
            Step::Language
        } else {
            Step::Member
        };
        let mut app = App {
            catalog,
            dir,
            detection,
            members,
            member: 0,
            from_file,
            draft: start.clone(),
            start,
            answers,
            output: None,
            errors: Vec::new(),
            step: Step::Language,
            touched: BTreeSet::new(),
            language,
            form: Form::default(),
            bases: BaseTable {
                by_size: true,
                ..BaseTable::default()
            },
            args: ArgsState::default(),
            review: ReviewState::default(),
            preview: PreviewState::default(),
            help: false,
            message: None,
            width: 120,
            outcome: None,
            saved: None,
        };
        app.recompute();
        app.enter(first_step);
        Ok(app)
    }

    /// Detect the chosen member again and start the answers over from what it holds.
    fn choose_member(&mut self) {
        let member = self
            .member
            .checked_sub(1)
            .and_then(|i| self.members.get(i))
            .map(|m| m.name.clone());
        let detection = match detect::detect(&self.dir, member.as_deref(), self.catalog) {
            Ok(detection) => detection,
            Err(e) => {
                self.message = Some(format!("cannot detect that member: {e}"));
                return;
            }
        };
        match starting_point(self.catalog, &detection, self.from_file.as_ref()) {
            Ok((start, language, answers)) => {
                self.detection = detection;
                self.draft = start.clone();
                self.start = start;
                self.language = language;
                self.answers = answers;
                self.touched.clear();
                self.recompute();
            }
            Err(e) => self.message = Some(format!("{e:#}")),
        }
    }

    pub fn narrow(&self) -> bool {
        self.width < WIDE
    }

    /// Complete the draft and render it; invalid drafts keep the last good preview and show their errors.
    pub fn recompute(&mut self) {
        match self.draft.clone().plan(self.catalog) {
            Ok(plan) => {
                self.errors.clear();
                self.output = dockerfile::generate(&plan).ok();
                self.answers = plan.answers;
            }
            Err(errors) => self.errors = errors,
        }
    }

    fn steps_applicable(&self) -> Vec<Step> {
        let member = (!self.members.is_empty()).then_some(Step::Member);
        member
            .into_iter()
            .chain(Step::ALL)
            .filter(|s| *s != Step::BuildSystem || !steps::skip_build_system(self))
            .collect()
    }

    /// Go to a step: build its form from the current answers and point the preview at its lines.
    pub fn enter(&mut self, step: Step) {
        self.step = step;
        self.message = None;
        self.review = ReviewState::default();
        self.args.editing = None;
        self.form = steps::form_for(self, step);
        let rest = self.form.set_errors(&self.errors);
        let _ = rest;
        if step == Step::Review {
            self.refresh_targets();
            self.review.diff = self.existing_diff();
        }
        if step == Step::Base {
            self.reselect_base();
        }
        self.jump_preview_to_step();
    }

    /// A diff of every file that would be written against a different one already there.
    fn existing_diff(&self) -> Option<String> {
        let output = self.output.as_ref()?;
        let path = self.target_path();
        let diffs: Vec<String> = output::targets(&self.dir, &path, &self.answers, output)
            .into_iter()
            .filter_map(|(file, content)| match write::existing(&file, &content) {
                Ok(Existing::Different(old)) => Some(write::unified_diff(
                    &old,
                    &content,
                    &file.display().to_string(),
                )),
                _ => None,
            })
            .collect();
        (!diffs.is_empty()).then(|| diffs.join("\n"))
    }

    fn jump_preview_to_step(&mut self) {
        match self.marked_lines().into_iter().next() {
            Some(first) => {
                self.preview.line = Some(first);
                self.preview.scroll = first.saturating_sub(3);
            }
            None => {
                self.preview.line = None;
                // The review is about the whole file: show it from the top.
                if self.step == Step::Review {
                    self.preview.scroll = 0;
                }
            }
        }
    }

    /// Preview line indexes produced by the current step.
    pub fn marked_lines(&self) -> Vec<usize> {
        let Some(output) = &self.output else {
            return Vec::new();
        };
        let origins: Vec<Origin> = output.model.instructions().map(|i| i.origin).collect();
        output
            .rendered
            .lines
            .iter()
            .enumerate()
            .filter(|(_, info)| {
                info.instruction
                    .and_then(|i| origins.get(i))
                    .is_some_and(|o| *o == self.step.origin())
            })
            .map(|(n, _)| n)
            .collect()
    }

    /// The reason for the selected preview line.
    pub fn selected_why(&self) -> Option<(Origin, String)> {
        let output = self.output.as_ref()?;
        let index = output.rendered.lines.get(self.preview.line?)?.instruction?;
        let ins = output.model.instructions().nth(index)?;
        Some((ins.origin, ins.why.clone()))
    }

    /// What the why box says: the selected line's reason, or why there is none.
    pub fn why_text(&self) -> String {
        match (self.preview.line, self.selected_why()) {
            (Some(_), Some((origin, why))) if !why.is_empty() => {
                format!("why ({}): {why}", origin.label())
            }
            (Some(_), _) => {
                "this line explains itself; [ ] select another line to see why it is there".into()
            }
            (None, _) if self.step == Step::Args => {
                "why (build args): no build args, so this step adds no line; `a` adds one".into()
            }
            (None, _) => format!(
                "why ({}): this step adds no line to this Dockerfile; [ ] select a line to see why it is there",
                self.step.title().to_lowercase()
            ),
        }
    }

    /// The rows of the base table (kept up to date while the base step is shown).
    pub fn base_rows(&self) -> &[BaseRow<'c>] {
        &self.bases.rows
    }

    fn refresh_base_rows(&mut self) {
        let build = plan::effective_build(self.catalog, &self.answers).ok();
        let app = build.as_ref().map(|b| CompareApp {
            build: b,
            version: &self.answers.version,
        });
        let mut rows = compare::rows(self.catalog, app.as_ref());
        if self.bases.by_size {
            compare::sort_by_size(&mut rows);
        } else {
            compare::sort_by_name(&mut rows);
        }
        compare::group_by_fit(&mut rows);
        let count = |fit: Fit| rows.iter().filter(|r| r.fit == fit).count();
        self.bases.counts = (count(Fit::Fits), count(Fit::Caveat), count(Fit::No));
        // The current base stays listed even when it is only a caveat, so the table never hides what is chosen.
        if !self.bases.show_all {
            let current = &self.answers.base;
            rows.retain(|r| r.fit == Fit::Fits || r.id == current.as_str());
        }
        self.bases.rows = rows;
    }

    /// Feed one terminal event.
    pub fn handle(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            Event::Resize(w, _) => self.width = *w,
            Event::Paste(text) => self.paste(text),
            _ => {}
        }
    }

    /// A paste is text for the focused field, applied once: its newlines are not Enter, and a long paste is not
    /// thousands of keystrokes each recomputing the Dockerfile.
    fn paste(&mut self, text: &str) {
        let form = match (&mut self.args.editing, self.step) {
            (Some((_, form)), Step::Args) => form,
            _ => &mut self.form,
        };
        let Some(super::form::Widget::Text { area, .. }) =
            form.rows.get_mut(form.focus).map(|r| &mut r.widget)
        else {
            return;
        };
        // No field takes more than a value may hold; the rest of a huge paste is dropped, not drawn.
        let room =
            validate::MAX_TEXT.saturating_sub(area.lines().iter().map(|l| l.chars().count()).sum());
        let clean: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(room)
            .collect();
        area.insert_str(clean);
        if self.step != Step::Args {
            self.touched.insert(self.step);
            self.review.confirm_overwrite = false;
            self.apply_form();
        }
    }

    pub fn key(&mut self, key: &KeyEvent) {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.outcome = Some(Outcome::Cancelled);
            return;
        }
        if self.help {
            self.help = false;
            return;
        }
        if self.preview.shown && self.full_preview_key(key) {
            return;
        }
        if self.step_key(key) {
            return;
        }
        match keymap::action(key) {
            Some(Action::Next) => self.next(),
            Some(Action::Back) => self.back(),
            Some(Action::Quit) => self.outcome = Some(Outcome::Cancelled),
            Some(Action::Help) => self.help = true,
            Some(Action::TogglePreview) => self.preview.shown = !self.preview.shown,
            Some(Action::PreviewDown) => self.page(10),
            Some(Action::PreviewUp) => self.page(-10),
            Some(Action::LineDown) => self.move_line(1),
            Some(Action::LineUp) => self.move_line(-1),
            None => {}
        }
    }

    /// In the full-screen preview the arrows pick lines and Esc returns to the form.
    fn full_preview_key(&mut self, key: &KeyEvent) -> bool {
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.move_line(-1),
            KeyCode::Down | KeyCode::Char('j') => self.move_line(1),
            KeyCode::Esc => self.preview.shown = false,
            _ => return false,
        }
        true
    }

    fn line_count(&self) -> usize {
        self.output.as_ref().map_or(0, |o| o.rendered.lines.len())
    }

    /// Select another line; the view keeps the selected line in sight.
    fn move_line(&mut self, delta: isize) {
        let count = self.line_count();
        if count == 0 {
            return;
        }
        let from = self.preview.line.unwrap_or(self.preview.scroll) as isize;
        let line = (from + delta).clamp(0, count as isize - 1) as usize;
        self.preview.line = Some(line);
        self.preview.scroll = self.preview.scroll.min(line);
    }

    /// Scroll by a page of lines; a selected line moves with the page, so the why box matches what is shown.
    fn page(&mut self, delta: isize) {
        let count = self.line_count();
        if count == 0 {
            return;
        }
        let scroll = (self.preview.scroll as isize + delta).clamp(0, count as isize - 1) as usize;
        self.preview.scroll = scroll;
        if self.preview.line.is_some() {
            self.preview.line = Some(scroll);
        }
    }

    /// Keys the current step uses; `true` when consumed.
    fn step_key(&mut self, key: &KeyEvent) -> bool {
        match self.step {
            Step::Member => self.member_key(key),
            Step::Language => self.language_key(key),
            Step::Base => self.base_key(key),
            Step::Args => self.args_key(key),
            Step::Review if self.review.confirm_overwrite => self.diff_key(key),
            Step::Review
                if self.review.diff.is_some()
                    && matches!(key.code, KeyCode::PageUp | KeyCode::PageDown) =>
            {
                self.diff_key(key)
            }
            _ => {
                let before: Vec<String> = self.form.rows.iter().map(Row::value).collect();
                if !self.form.key(key) {
                    return false;
                }
                let after: Vec<String> = self.form.rows.iter().map(Row::value).collect();
                if before != after {
                    self.touched.insert(self.step);
                    self.review.confirm_overwrite = false;
                    self.apply_form();
                }
                true
            }
        }
    }

    /// PgUp/PgDn scroll a shown diff; while a replacement waits for confirmation the arrows scroll it too and the
    /// form stays as it was confirmed, so Enter and Esc decide about exactly what is shown.
    fn diff_key(&mut self, key: &KeyEvent) -> bool {
        let lines = self.review.diff.as_ref().map_or(0, |d| d.lines().count());
        let scroll = &mut self.review.diff_scroll;
        match key.code {
            KeyCode::Down | KeyCode::Char('j') => *scroll = (*scroll + 1).min(lines),
            KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
            KeyCode::PageDown => *scroll = (*scroll + 10).min(lines),
            KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
            KeyCode::Left | KeyCode::Right | KeyCode::Char(' ' | 'h' | 'l') => {}
            _ => return false,
        }
        true
    }

    /// Write the form into the draft, recompute, and show errors next to their fields.
    fn apply_form(&mut self) {
        let parse_errors = steps::apply(self);
        self.recompute();
        let mut errors = parse_errors;
        errors.extend(self.errors.iter().cloned());
        let focus = self.form.focus;
        if steps::rebuild_needed(self) {
            self.form = steps::form_for(self, self.step);
            self.form.focus = focus.min(self.form.rows.len().saturating_sub(1));
        }
        steps::refresh_sources(self);
        let rest = self.form.set_errors(&errors);
        self.message = rest.first().cloned();
        if self.step == Step::Review {
            self.refresh_targets();
        }
        self.jump_preview_to_step();
    }

    /// Look at the target files now, so the review says what Enter will do (reading them while drawing would
    /// make drawing depend on the disk).
    fn refresh_targets(&mut self) {
        let Some(output) = &self.output else {
            self.review.targets.clear();
            return;
        };
        let path = self.target_path();
        self.review.targets = output::targets(&self.dir, &path, &self.answers, output)
            .into_iter()
            .map(|(file, content)| {
                let state = match write::existing(&file, &content) {
                    Ok(Existing::Missing) => TargetState::Created,
                    Ok(Existing::Same) => TargetState::Unchanged,
                    Ok(Existing::Different(_)) | Err(_) => TargetState::Replaced,
                };
                (file, state)
            })
            .collect();
    }

    fn member_key(&mut self, key: &KeyEvent) -> bool {
        let last = self.members.len();
        self.member = match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.member.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => (self.member + 1).min(last),
            KeyCode::Home => 0,
            KeyCode::End => last,
            _ => return false,
        };
        true
    }

    fn language_key(&mut self, key: &KeyEvent) -> bool {
        let n = self.catalog.languages.len();
        let next = match key.code {
            KeyCode::Up | KeyCode::Char('k') => self.language.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => (self.language + 1).min(n.saturating_sub(1)),
            KeyCode::Home => 0,
            KeyCode::End => n.saturating_sub(1),
            _ => return false,
        };
        if next != self.language {
            self.language = next;
            self.choose_language();
        }
        true
    }

    fn choose_language(&mut self) {
        let Some(language) = self.catalog.languages.get(self.language) else {
            return;
        };
        if self.start.language.as_deref() == Some(language.id.as_str()) {
            self.draft = self.start.clone();
        } else {
            let mut draft = self.start.clone().overlay(Draft {
                language: Some(language.id.clone()),
                ..Draft::default()
            });
            draft.base = None;
            draft.user = None;
            draft.port = None;
            self.draft = draft;
        }
        self.touched.clear();
        self.recompute();
        self.jump_preview_to_step();
    }

    fn base_key(&mut self, key: &KeyEvent) -> bool {
        let count = self.base_rows().len();
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => {
                self.bases.selected = self.bases.selected.saturating_sub(1)
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.bases.selected = (self.bases.selected + 1).min(count.saturating_sub(1))
            }
            KeyCode::Char('s') => {
                self.bases.by_size = !self.bases.by_size;
                self.reselect_base();
                return true;
            }
            KeyCode::Char('a') => {
                self.bases.show_all = !self.bases.show_all;
                self.reselect_base();
                return true;
            }
            _ => return false,
        }
        let Some(row) = self.base_rows().get(self.bases.selected) else {
            return true;
        };
        if row.compatible {
            let id = row.id.to_string();
            self.set_base(&id);
            self.message = None;
        } else {
            self.message = Some(format!("{} does not fit: {}", row.name, row.reason));
        }
        true
    }

    fn reselect_base(&mut self) {
        self.refresh_base_rows();
        self.bases.selected = self
            .base_rows()
            .iter()
            .position(|r| r.id == self.answers.base)
            .unwrap_or(0);
    }

    fn set_base(&mut self, id: &str) {
        self.draft.base = Some(id.to_string());
        if !self.touched.contains(&Step::User) {
            self.draft.user = None;
        }
        if !self.touched.contains(&Step::Healthcheck) {
            // Detection's health check (kept apart in the draft) applies again; the probe tool follows the base.
            self.draft.healthcheck = None;
        }
        self.touched.insert(Step::Base);
        self.recompute();
        self.jump_preview_to_step();
    }

    fn args_key(&mut self, key: &KeyEvent) -> bool {
        if let Some((index, form)) = &mut self.args.editing {
            match key.code {
                KeyCode::Enter => {
                    let arg = steps::arg_from_form(form);
                    let duplicate = self
                        .answers
                        .args
                        .iter()
                        .enumerate()
                        .any(|(i, a)| a.name == arg.name && Some(i) != *index);
                    let errors = self
                        .catalog
                        .language(&self.answers.language)
                        .map(|l| plan::arg_problems(&arg, duplicate, l))
                        .unwrap_or_default();
                    if !errors.is_empty() {
                        form.set_errors(&errors);
                        return true;
                    }
                    let mut args = self.answers.args.clone();
                    match index {
                        Some(i) if *i < args.len() => args[*i] = arg,
                        _ => args.push(arg),
                    }
                    self.args.selected = match index {
                        Some(i) => *i,
                        None => args.len() - 1,
                    };
                    self.set_args(args);
                    self.args.editing = None;
                }
                KeyCode::Esc => {
                    if !form.key(key) {
                        self.args.editing = None;
                    }
                }
                _ => {
                    form.key(key);
                }
            }
            return true;
        }
        let count = self.answers.args.len();
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => {
                self.args.selected = self.args.selected.saturating_sub(1)
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.args.selected = (self.args.selected + 1).min(count.saturating_sub(1))
            }
            KeyCode::Char('a') => self.args.editing = Some((None, steps::arg_form(None))),
            KeyCode::Char('e') if count > 0 => {
                let arg = self.answers.args.get(self.args.selected).cloned();
                self.args.editing = Some((Some(self.args.selected), steps::arg_form(arg.as_ref())));
            }
            KeyCode::Char('d') | KeyCode::Delete if count > 0 => {
                let mut args = self.answers.args.clone();
                args.remove(self.args.selected.min(count - 1));
                self.args.selected = self.args.selected.min(args.len().saturating_sub(1));
                self.set_args(args);
            }
            _ => return false,
        }
        true
    }

    fn set_args(&mut self, args: Vec<BuildArg>) {
        self.draft.args = Some(args);
        self.touched.insert(Step::Args);
        self.recompute();
        self.jump_preview_to_step();
    }

    fn next(&mut self) {
        if self.step == Step::Review {
            self.perform_review();
            return;
        }
        if self.step == Step::Member {
            self.message = None;
            self.choose_member();
            if self.message.is_some() {
                return;
            }
        }
        if self.step == Step::Language {
            self.choose_language();
        }
        if self.step == Step::Base
            && let Some(row) = self.base_rows().get(self.bases.selected)
            && !row.compatible
        {
            self.message = Some(format!(
                "{} does not fit this app: {}",
                row.name, row.reason
            ));
            return;
        }
        if self.form.has_errors() || !self.step_errors().is_empty() {
            let first = self
                .step_errors()
                .first()
                .map(|e| format!("{}: {}", e.field, e.message));
            self.message =
                Some(first.unwrap_or_else(|| "fix the field marked in red first".to_string()));
            return;
        }
        let steps = self.steps_applicable();
        let at = steps.iter().position(|s| *s == self.step).unwrap_or(0);
        if let Some(next) = steps.get(at + 1) {
            self.enter(*next);
        }
    }

    /// Errors that keep this step from being left.
    fn step_errors(&self) -> Vec<&FieldError> {
        let place = match self.step {
            Step::Member => None,
            Step::Language => Some(Place::Language),
            Step::BuildSystem => Some(Place::BuildSystem),
            Step::Base => Some(Place::Base),
            Step::User => Some(Place::User),
            Step::Healthcheck => Some(Place::Healthcheck),
            Step::Args => Some(Place::Args),
            Step::Review => Some(Place::Review),
        };
        self.errors
            .iter()
            .filter(|e| place.is_some() && fields::place_of(&e.field) == place)
            .collect()
    }

    fn back(&mut self) {
        if self.review.confirm_overwrite {
            self.review.confirm_overwrite = false;
            self.message = Some("not written".into());
            return;
        }
        let steps = self.steps_applicable();
        let at = steps.iter().position(|s| *s == self.step).unwrap_or(0);
        if at > 0 {
            self.enter(steps[at - 1]);
        }
    }

    pub fn target_path(&self) -> PathBuf {
        let typed = self.form.value("path").unwrap_or_default();
        if typed.trim().is_empty() {
            self.dir.join("Dockerfile")
        } else {
            PathBuf::from(typed.trim())
        }
    }

    fn perform_review(&mut self) {
        if !self.errors.is_empty() {
            self.message = Some(format!("not written: {}", self.errors[0]));
            return;
        }
        let Some(output) = self.output.clone() else {
            return;
        };
        let action = self.form.value("action").unwrap_or_else(|| "write".into());
        match action.as_str() {
            "quit" => self.outcome = Some(Outcome::Cancelled),
            "back" => self.back(),
            "elsewhere" if self.form.focused().is_none_or(|r| r.id != "path") => {
                if let Some(i) = self.form.rows.iter().position(|r| r.id == "path") {
                    self.form.focus = i;
                }
                self.message = Some(
                    "type where the Dockerfile goes, then Enter writes it there (.dockerignore stays in the project folder)"
                        .into(),
                );
            }
            "save" => {
                let path = self.dir.join("stagecraft.toml");
                match write::write_atomic(&path, &self.answers.to_toml()) {
                    Ok(_) => {
                        self.saved = Some(path.clone());
                        self.message = Some(format!(
                            "saved the answers to {} (replay: stagecraft generate --answers)",
                            path.display()
                        ))
                    }
                    Err(e) => self.message = Some(format!("could not save the answers: {e:#}")),
                }
            }
            _ => self.write(&output),
        }
    }

    fn write(&mut self, output: &Output) {
        let path = self.target_path();
        if !self.review.confirm_overwrite {
            self.review.diff = self.existing_diff();
            if self.review.diff.is_some() {
                self.review.confirm_overwrite = true;
                self.message = Some(
                    "these files exist and differ: Enter replaces them (the old ones are kept as .bak), Esc keeps them"
                        .into(),
                );
                return;
            }
        }
        match output::write_outputs(&self.dir, &path, &self.answers, output, true) {
            Ok(lines) => {
                let mut report = lines.join("\n");
                report.push_str("\n\n");
                report.push_str(&output::next_steps(&self.dir, &path, &self.answers));
                self.outcome = Some(Outcome::Written(report));
            }
            Err(e) => self.message = Some(format!("not written: {e:#}")),
        }
    }
}

/// Detection overlaid with the answers file, the language it selects, and its completed answers (or the
/// language's defaults when the layers together do not validate, so the wizard can still open and show why).
fn starting_point(
    catalog: &Catalog,
    detection: &Detection,
    from_file: Option<&Draft>,
) -> anyhow::Result<(Draft, usize, Answers)> {
    let mut start = detection.draft.clone();
    if let Some(file) = from_file {
        start = start.overlay(file.clone());
    }
    if start.language.is_none() {
        start.language = catalog.languages.first().map(|l| l.id.clone());
    }
    let language = catalog
        .languages
        .iter()
        .position(|l| Some(&l.id) == start.language.as_ref())
        .unwrap_or(0);
    let answers = match start.clone().complete(catalog) {
        Ok(answers) => answers,
        Err(errors) => {
            let first = Draft {
                language: start.language.clone(),
                ..Draft::default()
            };
            first
                .complete(catalog)
                .map_err(|_| field_errors("the answers cannot be completed", &errors))?
        }
    };
    Ok((start, language, answers))
}
