//! `update` driven by actions alone, without a terminal, a loop or the disk: the effects it asks for are
//! checked, and their results are fed back by hand.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::{
    answers::Draft,
    catalog::Catalog,
    compat,
    detect::{Detection, Member},
};

use crate::wizard::{
    action::{Action, Command, Effect, Inspect, Inspected, Outcome, TargetState},
    keymap::Screen,
    state::{App, ArgsMode, HelpMode, ReviewMode},
    step::Step,
    view_model::Body,
};

/// A project folder nothing here reads or writes: every effect is checked, none is carried out.
const NOWHERE: &str = "/nonexistent/project";

fn catalog() -> Catalog {
    crate::eol::fix_today(crate::eol::TEST_TODAY);
    crate::catalog::builtin().expect("catalog")
}

fn go_detection() -> Detection {
    Detection {
        draft: Draft {
            language: Some("go".into()),
            port: crate::port::Port::new(9000),
            ..Draft::default()
        },
        ..Detection::default()
    }
}

fn app(catalog: &Catalog, detection: Detection) -> App<'_> {
    App::new(catalog, PathBuf::from(NOWHERE), detection, None).expect("app")
}

fn run(app: &mut App<'_>, command: Command) -> Option<Effect> {
    app.update(Action::Do(command))
}

fn key(app: &mut App<'_>, code: KeyCode) -> Option<Effect> {
    app.update(Action::Edit(KeyEvent::new(code, KeyModifiers::NONE)))
}

/// Next until the review, checking that no step before it asks for any work.
fn to_review(app: &mut App<'_>) -> Effect {
    loop {
        let before = app.step;
        let effect = run(app, Command::Next);
        assert_ne!(app.step, before, "stuck at {before:?}: {:?}", app.message);
        if app.step == Step::Review {
            return effect.expect("entering the review asks for the files to be looked at");
        }
        assert!(effect.is_none(), "{before:?} asked for {effect:?}");
    }
}

fn created(path: &str) -> Inspected {
    Inspected {
        path: path.into(),
        state: TargetState::Created,
        diff: None,
    }
}

#[test]
fn entering_the_review_asks_for_the_target_files_and_shows_what_comes_back() {
    let catalog = catalog();
    let mut app = app(&catalog, go_detection());
    let Effect::Inspect { files, purpose } = to_review(&mut app) else {
        panic!("not an inspection")
    };
    assert_eq!(purpose, Inspect::Enter);
    assert_eq!(files.dockerfile, Path::new(NOWHERE).join("Dockerfile"));
    assert_eq!(files.answers, app.answers);
    assert!(
        app.review.targets.is_empty(),
        "nothing is known before the result"
    );
    let effect = app.update(Action::Inspected {
        targets: vec![created("/nonexistent/project/Dockerfile")],
        purpose,
        compose: None,
    });
    assert!(effect.is_none());
    let Body::Review(review) = &app.view.body else {
        panic!("the review's model: {:?}", app.view.body)
    };
    assert_eq!(
        review.targets,
        vec![(
            "/nonexistent/project/Dockerfile".to_string(),
            TargetState::Created
        )]
    );
    assert!(review.diff.is_none() && !review.confirming && review.valid);
}

#[test]
fn the_compose_option_says_what_the_loop_found_and_its_form_reads_no_disk() {
    let catalog = catalog();
    let mut app = app(&catalog, go_detection());
    let Effect::Inspect { purpose, .. } = to_review(&mut app) else {
        panic!("not an inspection")
    };
    let hint = |app: &App<'_>| {
        app.form
            .rows
            .iter()
            .find(|r| r.id == "options.compose")
            .map(|r| r.hint.clone())
            .expect("the compose option")
    };
    assert!(
        hint(&app).starts_with("writes compose.yaml"),
        "{}",
        hint(&app)
    );
    app.update(Action::Inspected {
        targets: vec![created("/nonexistent/project/Dockerfile")],
        purpose,
        compose: Some(Path::new(NOWHERE).join("compose.yml")),
    });
    assert!(
        hint(&app).starts_with("compose.yml exists: turning this on shows the diff"),
        "{}",
        hint(&app)
    );
    // The form built again from the state says the same, though nothing is at that path on the disk.
    let rebuilt = crate::wizard::steps::form_for(&app, Step::Review);
    let row = rebuilt.rows.iter().find(|r| r.id == "options.compose");
    assert_eq!(row.map(|r| r.hint.clone()), Some(hint(&app)));
    // Gone the next time the loop looks.
    app.update(Action::Inspected {
        targets: Vec::new(),
        purpose: Inspect::Refresh,
        compose: None,
    });
    assert!(
        hint(&app).starts_with("writes compose.yaml"),
        "{}",
        hint(&app)
    );
}

#[test]
fn enter_on_the_review_writes_only_after_a_difference_is_shown_and_confirmed() {
    let catalog = catalog();
    let mut app = app(&catalog, go_detection());
    to_review(&mut app);
    let Some(Effect::Inspect { purpose, .. }) = run(&mut app, Command::Next) else {
        panic!("Enter looks at the files first")
    };
    assert_eq!(purpose, Inspect::Write);
    let differs = Inspected {
        path: "/nonexistent/project/Dockerfile".into(),
        state: TargetState::Replaced,
        diff: Some("-FROM mine:1\n+FROM golang".into()),
    };
    let effect = app.update(Action::Inspected {
        targets: vec![differs],
        purpose,
        compose: None,
    });
    assert!(
        effect.is_none(),
        "a difference is shown before anything is written"
    );
    assert_eq!(app.review.mode, ReviewMode::ConfirmReplace);
    assert_eq!(app.screen(), Screen::ConfirmReplace);
    assert!(
        app.view
            .footer
            .entries
            .contains(&("Enter", "confirm replace"))
    );
    // Esc keeps the files; Enter again looks again, and a second Enter on the diff writes.
    assert!(run(&mut app, Command::Back).is_none());
    assert_eq!(app.review.mode, ReviewMode::Summary);
    assert_eq!(app.message.as_deref(), Some("not written"));
    assert_eq!(
        app.step,
        Step::Review,
        "Esc on the diff stays on the review"
    );
    let Some(Effect::Inspect { purpose, .. }) = run(&mut app, Command::Next) else {
        panic!("inspect")
    };
    app.update(Action::Inspected {
        targets: vec![Inspected {
            path: "/nonexistent/project/Dockerfile".into(),
            state: TargetState::Replaced,
            diff: Some("-FROM mine:1".into()),
        }],
        purpose,
        compose: None,
    });
    let Some(Effect::Write(files)) = run(&mut app, Command::Next) else {
        panic!("a confirmed replacement writes")
    };
    assert_eq!(
        files.output.dockerfile(),
        app.view.preview.lines.as_ref().expect("text").join("\n") + "\n"
    );
    let Some(Effect::Exit(Outcome::Written(report))) =
        app.update(Action::Written(Ok("wrote Dockerfile".into())))
    else {
        panic!("written ends the wizard")
    };
    assert_eq!(report, "wrote Dockerfile");
}

#[test]
fn files_that_are_new_are_written_at_the_first_enter_and_a_failure_is_said() {
    let catalog = catalog();
    let mut app = app(&catalog, go_detection());
    to_review(&mut app);
    run(&mut app, Command::Next);
    let effect = app.update(Action::Inspected {
        targets: vec![created("/nonexistent/project/Dockerfile")],
        purpose: Inspect::Write,
        compose: None,
    });
    assert!(matches!(effect, Some(Effect::Write(_))), "{effect:?}");
    let effect = app.update(Action::Written(Err("permission denied".into())));
    assert!(effect.is_none());
    assert_eq!(
        app.message.as_deref(),
        Some("not written: permission denied")
    );
    assert_eq!(
        app.view.status.as_ref().map(|s| s.text.as_str()),
        Some("not written: permission denied"),
        "the status line says it"
    );
}

#[test]
fn quitting_and_saving_the_answers_are_effects() {
    let catalog = catalog();
    let mut app = app(&catalog, go_detection());
    assert!(matches!(
        run(&mut app, Command::Quit),
        Some(Effect::Exit(Outcome::Cancelled))
    ));
    assert!(app.outcome.is_none(), "update only asks; the loop ends");
    to_review(&mut app);
    // The action row: write, write elsewhere, save answers.
    key(&mut app, KeyCode::Right);
    let effect = key(&mut app, KeyCode::Right);
    assert!(
        matches!(
            effect,
            Some(Effect::Inspect {
                purpose: Inspect::Refresh,
                ..
            })
        ),
        "a changed review form looks at the files again: {effect:?}"
    );
    assert!(app.view.footer.entries.contains(&("Enter", "save answers")));
    let Some(Effect::SaveAnswers { path, text }) = run(&mut app, Command::Next) else {
        panic!("save")
    };
    assert_eq!(path, Path::new(NOWHERE).join("stagecraft.toml"));
    assert!(text.contains("language = \"go\""), "{text}");
    assert!(app.saved.is_none(), "saved only when the loop says so");
    app.update(Action::Saved(Ok(path.clone())));
    assert_eq!(app.saved, Some(path));
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("saved the answers to"))
    );
}

#[test]
fn a_member_is_detected_by_an_effect_and_its_result_starts_the_answers_over() {
    let catalog = catalog();
    let detection = Detection {
        members: vec![Member {
            name: "server".into(),
            path: "crates/server".into(),
        }],
        ..go_detection()
    };
    let mut app = app(&catalog, detection);
    assert_eq!(app.screen(), Screen::Member);
    run(&mut app, Command::Down);
    let Some(Effect::Detect { dir, member }) = run(&mut app, Command::Next) else {
        panic!("Enter on a member detects it")
    };
    assert_eq!(
        (dir.as_path(), member.as_deref()),
        (Path::new(NOWHERE), Some("server"))
    );
    assert_eq!(
        app.step,
        Step::Member,
        "nothing changes until detection answers"
    );

    app.update(Action::Detected(Err("no workspace member `server`".into())));
    assert_eq!(app.step, Step::Member);
    assert_eq!(
        app.message.as_deref(),
        Some("cannot detect that member: no workspace member `server`")
    );

    let python = Detection {
        draft: Draft {
            language: Some("python".into()),
            ..Draft::default()
        },
        ..Detection::default()
    };
    let effect = app.update(Action::Detected(Ok(Box::new(python))));
    assert!(effect.is_none());
    assert_eq!(app.step, Step::Language);
    assert_eq!(app.answers.language, "python");
    let Body::Language(languages) = &app.view.body else {
        panic!("{:?}", app.view.body)
    };
    assert_eq!(languages.member.as_deref(), Some("server (crates/server)"));
    assert!(languages.rows[languages.selected].detected);
}

#[test]
fn sub_modes_are_screens_with_their_own_keys() {
    let catalog = catalog();
    let mut app = app(&catalog, go_detection());
    while app.step != Step::Args {
        run(&mut app, Command::Next);
    }
    assert_eq!(app.screen(), Screen::ArgsList);
    run(&mut app, Command::AddArg);
    assert!(matches!(
        app.args.mode,
        ArgsMode::Editing { index: None, .. }
    ));
    assert_eq!(app.screen(), Screen::ArgEditor);
    assert!(app.view.footer.entries.contains(&("Enter", "save arg")));
    // Saving an empty name is refused next to the field; the editor stays open.
    run(&mut app, Command::SaveArg);
    assert_eq!(app.screen(), Screen::ArgEditor);
    assert!(app.args.editor().is_some_and(|f| f.has_errors()));
    app.update(Action::Paste("APP_VERSION".into()));
    run(&mut app, Command::SaveArg);
    assert_eq!(app.screen(), Screen::ArgsList);
    assert_eq!(app.answers.args.len(), 1);
    let Body::Args(args) = &app.view.body else {
        panic!("{:?}", app.view.body)
    };
    assert_eq!(args.rows, vec![" APP_VERSION=  [builder]".to_string()]);

    run(&mut app, Command::TogglePreview);
    assert_eq!(app.screen(), Screen::FullPreview);
    assert!(
        app.view
            .footer
            .entries
            .contains(&("Esc", "back to the form"))
    );
    run(&mut app, Command::Help);
    assert_eq!((app.help, app.screen()), (HelpMode::Shown, Screen::Help));
    let help = app.view.help.clone().expect("help shown");
    assert_eq!(
        help[0],
        ("↑↓", "line"),
        "the help is about the screen under it"
    );
    run(&mut app, Command::CloseHelp);
    run(&mut app, Command::ClosePreview);
    assert_eq!(app.screen(), Screen::ArgsList);
    assert!(app.view.help.is_none());
}

#[test]
fn the_view_model_follows_the_answers_and_the_selection() {
    let catalog = catalog();
    let mut app = app(&catalog, go_detection());
    while app.step != Step::Base {
        run(&mut app, Command::Next);
    }
    let Body::Bases(table) = &app.view.body else {
        panic!("{:?}", app.view.body)
    };
    assert_eq!(table.rows.len(), app.base_rows().len());
    assert!(table.status.starts_with("the "), "{}", table.status);
    let before = app.answers.base.clone();
    run(&mut app, Command::Down);
    assert_ne!(
        app.answers.base, before,
        "moving chooses the next base that fits"
    );
    let Body::Bases(table) = &app.view.body else {
        panic!()
    };
    assert_eq!(table.selected, app.bases.selected);
    // The fit the review shows is the one the catalog gives these answers.
    while app.step != Step::Review {
        run(&mut app, Command::Next);
    }
    let build = crate::plan::effective_build(&catalog, &app.answers).expect("build");
    let base = catalog.base(&app.answers.base).expect("base");
    let verdict = compat::check(&catalog, &build, &app.answers.version, base);
    let Body::Review(review) = &app.view.body else {
        panic!()
    };
    let fit = review.fit.as_ref().expect("fit");
    assert_eq!(
        (fit.base.as_str(), fit.fit, &fit.reason),
        (base.name.as_str(), verdict.fit, &verdict.reason)
    );
    // Selecting a line changes the selection and the why, not the text.
    let text = app.view.preview.lines.clone();
    run(&mut app, Command::LineDown);
    assert_eq!(app.view.preview.lines, text);
    assert_eq!(app.view.preview.selected, app.preview.line);
    assert_eq!(app.view.preview.why, app.why_text());
}
