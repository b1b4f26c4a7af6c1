//! The interactive wizard: a state machine of steps (`app`), their forms (`steps`, `form`), a live preview
//! (`preview`), drawing (`view`) and the keymap that both dispatches keys and builds the footer (`keymap`).
//! The loop returns its outcome instead of acting; files are written through the same engine `generate` uses.

pub mod app;
pub mod form;
pub mod keymap;
pub mod preview;
pub mod steps;
pub mod theme;
pub mod view;

use std::{io, path::Path};

use crossterm::event::Event;
use ratatui::{Terminal, backend::Backend};

use crate::{answers::Draft, catalog::Catalog, detect::Detection};

pub use app::{App, Outcome as Exit, Step};

/// Run the wizard on the real terminal. The terminal is restored before this returns, also after a panic
/// (`ratatui::init` installs a hook that restores it first).
pub fn run(
    dir: &Path,
    detection: Detection,
    from_file: Option<Draft>,
    catalog: &Catalog,
) -> anyhow::Result<Exit> {
    let mut app = App::new(catalog, dir.to_path_buf(), detection, from_file)?;
    let mut terminal = ratatui::init();
    let result = run_loop(&mut terminal, &mut app, crossterm::event::read);
    ratatui::restore();
    result?;
    Ok(app.outcome.unwrap_or(Exit::Cancelled))
}

/// Draw, read an event, update, until the app has an outcome. Generic over the backend and the event source so
/// tests and benchmarks drive the real loop.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App<'_>,
    mut next_event: impl FnMut() -> io::Result<Event>,
) -> anyhow::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        app.width = terminal.size()?.width;
        terminal.draw(|frame| view::draw(frame, app))?;
        if app.outcome.is_some() {
            return Ok(());
        }
        let event = next_event()?;
        app.handle(&event);
    }
}
