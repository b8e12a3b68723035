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

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;

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
pub fn run(store: Store, ctx: Ctx) -> Result<(), RunError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(RunError::NoTerminal);
    }
    let mut app = App::new(store, ctx);
    let mut terminal = ratatui::try_init().map_err(RunError::Terminal)?;
    // Pasted text arrives as one event (names, file paths), not as keys.
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        ratatui_hook(info);
    }));
    let signals = restore_on_signals();
    let result = run_loop(&mut terminal, &mut app);
    if let Some(handle) = signals {
        handle.close();
    }
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::try_restore().map_err(RunError::Terminal)?;
    result
}

/// When chibo is told to stop (SIGTERM from a shutdown, SIGHUP from a closed
/// window, SIGINT from `kill -INT`), the terminal is given back as it was
/// and the process ends. Every change was committed as it was made and
/// drafts are saved as they are typed, so nothing acknowledged is lost; a
/// transaction cut short is rolled back by SQLite.
#[cfg(unix)]
fn restore_on_signals() -> Option<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT]).ok()?;
    let handle = signals.handle();
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = execute!(std::io::stdout(), DisableBracketedPaste);
            let _ = ratatui::try_restore();
            let _ = execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
            std::process::exit(128 + signal);
        }
    });
    Some(handle)
}

#[cfg(not(unix))]
fn restore_on_signals() -> Option<NoSignals> {
    None
}

#[cfg(not(unix))]
struct NoSignals;

#[cfg(not(unix))]
impl NoSignals {
    fn close(&self) {}
}

/// How often the run loop looks at the background work while no key comes:
/// often enough that finished work (a cell's warnings) shows within a
/// twentieth of a second, and a look is a few channel reads.
const TICK: Duration = Duration::from_millis(50);

fn run_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<(), RunError> {
    // The app knows the terminal's size before the first key (keys are
    // ignored while it is too small); an early resize must not be lost.
    if let Ok(size) = terminal.size() {
        app.handle_event(&Event::Resize(size.width, size.height));
    }
    while event::poll(Duration::ZERO).map_err(RunError::Terminal)? {
        let ev = event::read().map_err(RunError::Terminal)?;
        app.handle_event(&ev);
    }
    // The daily backup runs right after the first frame (which reads only),
    // before any key can change the data.
    let mut backup_pending = true;
    loop {
        // What finished in the background shows with this frame too, when
        // keys keep coming.
        app.tick();
        terminal
            .draw(|frame| app.draw(frame))
            .map_err(RunError::Terminal)?;
        if app.after_frame() {
            continue;
        }
        if std::mem::take(&mut backup_pending) {
            app.auto_backup();
            continue;
        }
        // Lets the end-to-end tests check that a panic restores the terminal;
        // debug builds only.
        #[cfg(debug_assertions)]
        #[allow(clippy::panic)]
        if std::env::var_os("CHIBO_TEST_PANIC").is_some() {
            panic!("CHIBO_TEST_PANIC");
        }
        if app.should_quit() {
            return Ok(());
        }
        // Waiting for a key, the app looks a few times a second at what
        // finished in the background (a backup), and redraws if it says so.
        let mut changed = false;
        while !changed && !event::poll(TICK).map_err(RunError::Terminal)? {
            changed = app.tick();
        }
        if changed {
            continue;
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
