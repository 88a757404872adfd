//! Taking the terminal over, and always giving it back.
//!
//! The guard enters raw mode, the alternate screen and mouse reporting, and leaves them when it
//! is dropped. A panic hook restores the terminal before the panic message prints, and SIGTERM,
//! SIGHUP and SIGINT set a flag the event loop checks, so it can leave through the same door.
//! (A mark is saved before it is shown, so none of these exits loses one.)

use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Puts the terminal back as it was. Safe to call more than once; errors are ignored because
/// there is nothing better to do with them on the way out.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut stdout = io::stdout();
    let _ = execute!(
        stdout,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = stdout.flush();
}

/// Whether the terminal is still there. After a hang-up, terminal requests fail, so stdout is
/// no longer a terminal. (crossterm's `size()` cannot tell: it falls back to `tput`'s 80x24.)
pub fn alive() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal()
}

pub struct Guard {
    /// Always `Some` until the guard is dropped.
    terminal: Option<Tui>,
    /// Set by SIGTERM, SIGHUP or SIGINT.
    pub signalled: Arc<AtomicBool>,
}

impl Guard {
    pub fn enter() -> io::Result<Guard> {
        let signalled = Arc::new(AtomicBool::new(false));
        for signal in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register(signal, Arc::clone(&signalled))?;
        }
        install_panic_hook();
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        if let Err(error) = execute!(
            stdout,
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste,
            cursor::Hide
        ) {
            restore();
            return Err(error);
        }
        let terminal =
            Terminal::new(CrosstermBackend::new(io::stdout())).inspect_err(|_| restore())?;
        Ok(Guard {
            terminal: Some(terminal),
            signalled,
        })
    }

    pub fn terminal(&mut self) -> &mut Tui {
        self.terminal
            .as_mut()
            .unwrap_or_else(|| unreachable!("the terminal lives as long as the guard"))
    }

    /// Stops the process as ctrl-z does in a shell, with the terminal as it was before
    /// vetted started; when `fg` continues it, takes the terminal back and draws afresh.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
        // Continued. A new terminal has empty buffers, so the next frame is drawn whole
        // (`clear` would ask the terminal where its cursor is, which not every terminal
        // answers); the old one goes first, as it shows the cursor on its way out.
        self.terminal = None;
        enable_raw_mode()?;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste,
            cursor::Hide,
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
        )?;
        self.terminal = Some(Terminal::new(CrosstermBackend::new(io::stdout()))?);
        Ok(())
    }

    pub fn signalled(&self) -> bool {
        self.signalled.load(Ordering::Relaxed)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        // ratatui's own drop reports a failure to show the cursor on stderr, which is the dead
        // terminal itself after a hang-up; skip it then, there is nothing left to restore.
        if let Some(terminal) = self.terminal.take() {
            if alive() {
                drop(terminal);
            } else {
                std::mem::forget(terminal);
            }
        }
        restore();
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Drops input typed before now (keys typed while the screen was being prepared, which nobody
/// saw a screen for); true when there was some. The terminal is the one the keys are read
/// from (`/dev/tty`, as crossterm reads it); on Linux only, elsewhere nothing is dropped.
pub fn drop_typeahead() -> bool {
    #[cfg(target_os = "linux")]
    if let Ok(tty) = std::fs::File::open("/dev/tty") {
        use std::os::fd::AsFd;
        let pending = rustix::io::ioctl_fionread(tty.as_fd()).unwrap_or(0);
        if pending > 0 {
            return rustix::termios::tcflush(tty.as_fd(), rustix::termios::QueueSelector::IFlush)
                .is_ok();
        }
    }
    false
}
