//! Putting the terminal into full-screen raw mode and, whatever happens, back again.

use std::io::{self, Stdout};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped: on quit, on error and while unwinding.
pub struct TerminalGuard {
    pub terminal: Term,
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Undoes everything [`init`] did. Safe to call more than once; errors are ignored
/// because there is nothing better to do with them on the way out.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Enters raw mode, the alternate screen and bracketed paste (no mouse capture, no
/// keyboard-enhancement flags: thin clients over SSH). A panic restores the terminal
/// first and then runs the previous hook (color-eyre's), so its report is readable.
pub fn init() -> io::Result<TerminalGuard> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode()?;
    // From here on the guard restores whatever part of the setup succeeded.
    let mut stdout = io::stdout();
    // Cleared on entry: what a crashed session left on the alternate screen must not
    // show through the cells the first frame leaves empty.
    let setup = execute!(
        stdout,
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableBracketedPaste
    );
    let terminal = Terminal::new(CrosstermBackend::new(stdout));
    match (setup, terminal) {
        (Ok(()), Ok(terminal)) => Ok(TerminalGuard { terminal }),
        (Err(e), _) | (_, Err(e)) => {
            restore();
            Err(e)
        }
    }
}
