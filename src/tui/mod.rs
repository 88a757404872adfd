//! The full-screen triage screen: decide about each contact with one key.
//!
//! `run` owns the terminal and the event loop; [`app`] holds the state and its `update`;
//! [`view`] draws it; [`layout`] says where, for both. docs/ARCHITECTURE.md follows a key
//! press from here to a committed verdict. The loop is deliberately plain: draw, wait for input (or a tick), turn it
//! into a message, update, repeat.

pub mod app;
pub mod layout;
pub mod terminal;

pub mod view;

use std::io;

use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

pub use crate::config::Theme;
pub use app::{App, Msg, Settings};

/// Runs the screen until the user quits, a signal asks it to stop, or the terminal goes away.
/// Every mark is already saved, so each of these is an ordinary end.
pub fn run(mut app: App, theme: Theme) -> io::Result<()> {
    let mut guard = terminal::Guard::enter()?;
    // Keys typed while the workspace was read (seconds at a million contacts) were typed at a
    // screen nobody could see: a user trial typed `a3y` as it opened and marked the whole book.
    // They are dropped before the first frame, and the screen says so.
    if terminal::drop_typeahead() {
        app.dropped_typeahead();
    }
    match event_loop(&mut guard, app, &theme) {
        // A closed window fails reads and writes; that is the end of the session, not an error.
        Err(_) if !terminal::alive() => Ok(()),
        other => other,
    }
}

/// Drops the keys, pastes and clicks that came in but were not read yet, and says how many;
/// a resize and a key that quits are still applied. After an update that held the screen for [`app::BUSY`] or more
/// (a bulk mark of a whole book) they were made at a screen that did not show its result yet;
/// after one that asked a question, before the question showed.
fn drop_pending_input(guard: &mut terminal::Guard, app: &mut App) -> io::Result<usize> {
    let mut dropped = 0;
    // Not a zero wait: a key typed during the update may still be on its way through the
    // terminal's buffers (a pty showed it only after a real wait), and a key typed before the
    // next frame is drawn was not typed at it either.
    while event::poll(std::time::Duration::from_millis(5))? {
        match event::read()? {
            // A quit is done all the same: it decides nothing (every mark is saved).
            Event::Key(key) if key.kind != KeyEventKind::Release && app.quits(&key) => {
                app.update(Msg::Action(crate::action::Action::Quit));
            }
            Event::Key(key) if key.kind != KeyEventKind::Release => dropped += 1,
            Event::Paste(_) => dropped += 1,
            Event::Mouse(mouse)
                if matches!(
                    mouse.kind,
                    MouseEventKind::Down(_) | MouseEventKind::ScrollDown | MouseEventKind::ScrollUp
                ) =>
            {
                dropped += 1
            }
            Event::Resize(width, height) => {
                app.update(Msg::Resize { width, height });
                // Resized and maybe back while nothing was drawn: the terminal reflowed what
                // was on it, which the next frame's diff would not know (a trial saw a garbled
                // screen after 120x35, 100x30 and back during the opening). All of it is drawn.
                guard.terminal().clear()?;
            }
            _ => {}
        }
    }
    Ok(dropped)
}

fn event_loop(guard: &mut terminal::Guard, mut app: App, theme: &Theme) -> io::Result<()> {
    let size = guard.terminal().size()?;
    app.update(Msg::Resize {
        width: size.width,
        height: size.height,
    });
    if app.still_opening() {
        // The first frame shows the list while the search index and the possible duplicates
        // are made (a second at a million contacts); keys typed meanwhile were typed at a
        // screen that was not taking them, and are dropped as after any long update.
        guard
            .terminal()
            .draw(|frame| view::render(frame, &app, theme))?;
        // The terminal's events are read from their first poll on: a resize before it was
        // never heard of, and a window resized away and back during the opening stayed
        // garbled. Polled once now, such a resize comes with the keys dropped below.
        event::poll(std::time::Duration::ZERO)?;
        app.finish_opening();
        let dropped = drop_pending_input(guard, &mut app)?;
        if dropped > 0 {
            app.dropped_while_opening(dropped);
        }
        // A window resized meanwhile is drawn at its size now, not the last event's (a trial
        // saw the footer laid out for the old width until the next key).
        let size = guard.terminal().size()?;
        if (size.width, size.height) != app.size() {
            app.update(Msg::Resize {
                width: size.width,
                height: size.height,
            });
        }
    }
    loop {
        guard
            .terminal()
            .draw(|frame| view::render(frame, &app, theme))?;
        if app.should_quit() || guard.signalled() {
            break;
        }
        // While a background search runs, look for its answer often; otherwise a tick will do.
        let wait = if app.waiting_for_search() {
            app::SEARCH_TICK
        } else {
            app::TICK
        };
        if !event::poll(wait)? {
            // A closed terminal window may not say so with a signal; its input just ends.
            if !terminal::alive() {
                break;
            }
            app.update(Msg::Tick(std::time::Instant::now()));
            continue;
        }
        let msg = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => Msg::Key(key),
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => Msg::Click {
                    column: mouse.column,
                    row: mouse.row,
                },
                MouseEventKind::ScrollDown => Msg::Scroll(3),
                MouseEventKind::ScrollUp => Msg::Scroll(-3),
                _ => continue,
            },
            Event::Resize(width, height) => Msg::Resize { width, height },
            Event::Paste(text) => Msg::Paste(text),
            _ => continue,
        };
        // The size the input is judged at is the terminal's now, not the last resize event's:
        // a key typed into a window just made too small must find the screen too small.
        let size = guard.terminal().size()?;
        if (size.width, size.height) != app.size() {
            app.update(Msg::Resize {
                width: size.width,
                height: size.height,
            });
        }
        let started = std::time::Instant::now();
        app.update(msg);
        if started.elapsed() >= app::BUSY {
            let dropped = drop_pending_input(guard, &mut app)?;
            if dropped > 0 {
                app.dropped_while_busy(dropped);
            }
        }
        // A y/n question answers only keys typed once it shows: a `y` typed ahead with the key
        // that asks it (`a3y` in one burst), or a second `y` after the answer that opens the
        // next question (`A` then `yy`), would answer a question nobody read.
        if app.mode() == crate::action::Mode::Confirm {
            let dropped = drop_pending_input(guard, &mut app)?;
            if dropped > 0 {
                app.dropped_before_question(dropped);
            }
        }
        if app.take_suspend() {
            guard.suspend()?;
            // The window may have changed while vetted was stopped.
            let size = guard.terminal().size()?;
            app.update(Msg::Resize {
                width: size.width,
                height: size.height,
            });
        }
    }
    Ok(())
}
