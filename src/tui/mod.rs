//! The terminal app: one active screen, keys mapped to actions by the keymap,
//! effects run against the store by the app, rendering from state only.

pub mod action;
pub mod app;
pub mod ctx;
pub mod forms;
pub mod keymap;
pub mod screens;
pub mod text;
pub mod theme;
pub mod widgets;

use std::io::IsTerminal;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

pub use app::App;
pub use ctx::Ctx;

use crate::store::Store;

/// Why the terminal app could not run.
#[derive(Debug)]
pub enum RunError {
    NoTerminal,
    Terminal(std::io::Error),
}

/// Runs the app on the real terminal until the person quits. The terminal is
/// restored on quit, on error and on panic (ratatui's hook).
pub fn run(store: Store, ctx: Ctx, startup_note: Option<String>) -> Result<(), RunError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(RunError::NoTerminal);
    }
    let mut app = App::new(store, ctx);
    if let Some(note) = startup_note {
        app.set_status_note(note);
    }
    let mut terminal = ratatui::try_init().map_err(RunError::Terminal)?;
    let result = run_loop(&mut terminal, &mut app);
    ratatui::try_restore().map_err(RunError::Terminal)?;
    result
}

fn run_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<(), RunError> {
    // An early resize (before the first draw) must not be lost.
    while event::poll(Duration::ZERO).map_err(RunError::Terminal)? {
        let ev = event::read().map_err(RunError::Terminal)?;
        app.handle_event(&ev);
    }
    loop {
        terminal
            .draw(|frame| app.draw(frame))
            .map_err(RunError::Terminal)?;
        if app.should_quit() {
            return Ok(());
        }
        // Every event is processed in order, none dropped: input methods send
        // Backspace + letter pairs.
        let ev = event::read().map_err(RunError::Terminal)?;
        app.handle_event(&ev);
        while !app.should_quit() && event::poll(Duration::ZERO).map_err(RunError::Terminal)? {
            let ev = event::read().map_err(RunError::Terminal)?;
            app.handle_event(&ev);
        }
        if let Event::Resize(_, _) = ev {
            terminal.autoresize().map_err(RunError::Terminal)?;
        }
    }
}
