//! The real terminal: raw mode + alternate screen, no mouse, restored on quit, on
//! error (drop) and on panic (a hook that restores, then chains to the previous hook, e.g.
//! color-eyre's). Each frame is drawn inside a synchronized update so slow links never flicker.

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{execute, queue};
use ratatui::Frame;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout, Write};
use std::sync::Once;

/// Puts the terminal back the way the shell expects it; safe to call more than once.
pub fn restore() -> io::Result<()> {
    let raw = disable_raw_mode();
    let mut out = io::stdout();
    let screen = execute!(
        out,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    raw.and(screen)
}

/// Installs (once per process) a panic hook that restores the terminal before the previous
/// hook prints the report, so the message lands on the normal screen.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = restore();
            previous(info);
        }));
    });
}

/// The terminal in console mode; dropping it restores the terminal.
pub struct ConsoleTerminal {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl ConsoleTerminal {
    /// Raw mode and the alternate screen; mouse capture is never enabled (keyboard only).
    pub fn enter() -> io::Result<ConsoleTerminal> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut out = io::stdout();
        // Bracketed paste: a pasted text arrives as one event, typed into the field that has
        // the focus, never read as keys (a pasted "q" does not quit).
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste) {
            let _ = restore();
            return Err(e);
        }
        match Terminal::new(CrosstermBackend::new(out)) {
            Ok(terminal) => Ok(ConsoleTerminal { terminal }),
            Err(e) => {
                let _ = restore();
                Err(e)
            }
        }
    }

    /// Draws one frame between Begin/EndSynchronizedUpdate.
    pub fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        let drawn = self.terminal.draw(render).map(drop);
        let end = execute!(self.terminal.backend_mut(), EndSynchronizedUpdate);
        drawn.and(end)?;
        self.terminal.backend_mut().flush()
    }

    /// Forces a full redraw on the next frame (after a resize).
    pub fn clear(&mut self) -> io::Result<()> {
        self.terminal.clear()
    }
}

impl Drop for ConsoleTerminal {
    fn drop(&mut self) {
        let _ = restore();
    }
}
