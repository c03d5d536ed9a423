//! A participant's explorer over SSH: the same `App`, panels and keys as the local explorer,
//! driven by the bytes their terminal sends (parsed by termion's input parser) and drawn into
//! bytes for it (by ratatui's crossterm backend).

use crate::tui::app::App;
use crate::tui::theme::Theme;
use crate::tui::{Command, step, ui};
use anyhow::Result;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::crossterm::{cursor, execute, terminal};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The largest window a participant's terminal may claim.
pub(crate) const MAX_SIZE: (u16, u16) = (500, 200);

/// What the explorer writes, kept until it is sent.
#[derive(Default, Clone)]
pub(crate) struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Sink {
    fn take(&self) -> Vec<u8> {
        std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub(crate) struct Remote {
    pub app: App,
    terminal: Terminal<CrosstermBackend<Sink>>,
    sink: Sink,
    theme: Theme,
}

impl Remote {
    /// A participant's explorer at `size`, already switched to the alternate screen.
    ///
    /// # Errors
    /// Never for a buffer; the types are the terminal's.
    pub(crate) fn new(mut app: App, size: (u16, u16)) -> Result<Self> {
        let size = clamp(size);
        app.size = size;
        let mut sink = Sink::default();
        execute!(
            sink,
            terminal::EnterAlternateScreen,
            cursor::Hide,
            ratatui::crossterm::event::EnableMouseCapture
        )?;
        let terminal = Terminal::with_options(
            CrosstermBackend::new(sink.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, size.0, size.1)),
            },
        )?;
        Ok(Self {
            app,
            terminal,
            sink,
            theme: Theme::from_env(),
        })
    }

    /// The participant's window changed size.
    ///
    /// # Errors
    /// Never for a buffer.
    pub(crate) fn resize(&mut self, size: (u16, u16)) -> Result<()> {
        let size = clamp(size);
        self.app.size = size;
        self.terminal.resize(Rect::new(0, 0, size.0, size.1))?;
        Ok(())
    }

    /// Feeds what the participant's terminal sent. Returns false when they quit.
    pub(crate) fn feed(&mut self, bytes: &[u8]) -> bool {
        for event in events(bytes) {
            // A participant's shell: their answers reach the room as they go (the room saves
            // them), and nothing they do writes on the facilitator's machine.
            match step(&mut self.app, &event) {
                Command::Quit => return false,
                Command::OfferExport | Command::Export { .. } => {
                    self.app.status = Some(
                        "In a room the facilitator exports the decision; your answers reach them as you go."
                            .to_owned(),
                    );
                }
                Command::Save | Command::None => {}
            }
        }
        true
    }

    /// Draws the screen and returns the bytes that bring the participant's terminal up to it.
    ///
    /// # Errors
    /// Never for a buffer.
    pub(crate) fn frame(&mut self) -> Result<Vec<u8>> {
        let theme = self.theme;
        let app = &self.app;
        self.terminal.draw(|frame| ui::render(frame, app, theme))?;
        Ok(self.sink.take())
    }

    /// The bytes that give the participant's terminal back as it was.
    pub(crate) fn goodbye() -> Vec<u8> {
        let mut sink = Sink::default();
        let _ = execute!(
            sink,
            ratatui::crossterm::event::DisableMouseCapture,
            cursor::Show,
            terminal::LeaveAlternateScreen,
            ratatui::crossterm::style::Print(
                "The room has ended: the facilitator closed it. Your answers are saved with the room.\r\n"
            )
        );
        sink.take()
    }
}

fn clamp(size: (u16, u16)) -> (u16, u16) {
    (size.0.clamp(1, MAX_SIZE.0), size.1.clamp(1, MAX_SIZE.1))
}

/// The events in bytes a terminal sent, parsed by termion. A lone Esc at the end of a read is
/// the Esc key; bytes termion cannot parse are dropped.
pub(crate) fn events(bytes: &[u8]) -> Vec<Event> {
    let mut out = Vec::new();
    let mut iter = bytes.iter().map(|b| Ok::<u8, std::io::Error>(*b));
    while let Some(Ok(byte)) = iter.next() {
        let parsed = if byte == 0x1b && iter.len() == 0 {
            Ok(termion::event::Event::Key(termion::event::Key::Esc))
        } else {
            termion::event::parse_event(byte, &mut iter)
        };
        if let Some(event) = parsed.ok().as_ref().and_then(convert) {
            out.push(event);
        }
    }
    out
}

/// termion's event as the crossterm event the explorer handles.
fn convert(event: &termion::event::Event) -> Option<Event> {
    use termion::event::{Event as T, Key, MouseButton as B, MouseEvent as M};
    let key =
        |code: KeyCode, modifiers: KeyModifiers| Some(Event::Key(KeyEvent::new(code, modifiers)));
    let none = KeyModifiers::NONE;
    match event {
        T::Key(k) => match *k {
            Key::Char('\n') => key(KeyCode::Enter, none),
            Key::Char('\t') => key(KeyCode::Tab, none),
            // A control or bidirectional-formatting character is never text.
            Key::Char(c) if crate::text::is_unsafe(c) => None,
            Key::Char(c) => key(KeyCode::Char(c), none),
            Key::Alt(c) => key(KeyCode::Char(c), KeyModifiers::ALT),
            Key::Ctrl(c) => key(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Backspace => key(KeyCode::Backspace, none),
            Key::Delete => key(KeyCode::Delete, none),
            Key::Insert => key(KeyCode::Insert, none),
            Key::Esc => key(KeyCode::Esc, none),
            Key::Left | Key::ShiftLeft | Key::AltLeft | Key::CtrlLeft => key(KeyCode::Left, none),
            Key::Right | Key::ShiftRight | Key::AltRight | Key::CtrlRight => {
                key(KeyCode::Right, none)
            }
            Key::Up | Key::ShiftUp | Key::AltUp | Key::CtrlUp => key(KeyCode::Up, none),
            Key::Down | Key::ShiftDown | Key::AltDown | Key::CtrlDown => key(KeyCode::Down, none),
            Key::Home | Key::CtrlHome => key(KeyCode::Home, none),
            Key::End | Key::CtrlEnd => key(KeyCode::End, none),
            Key::PageUp => key(KeyCode::PageUp, none),
            Key::PageDown => key(KeyCode::PageDown, none),
            Key::BackTab => key(KeyCode::BackTab, KeyModifiers::SHIFT),
            Key::F(n) => key(KeyCode::F(n), none),
            _ => None,
        },
        T::Mouse(m) => {
            let (kind, x, y) = match *m {
                M::Press(B::Left, x, y) => (MouseEventKind::Down(MouseButton::Left), x, y),
                M::Press(B::Right, x, y) => (MouseEventKind::Down(MouseButton::Right), x, y),
                M::Press(B::Middle, x, y) => (MouseEventKind::Down(MouseButton::Middle), x, y),
                M::Press(B::WheelUp, x, y) => (MouseEventKind::ScrollUp, x, y),
                M::Press(B::WheelDown, x, y) => (MouseEventKind::ScrollDown, x, y),
                M::Release(x, y) => (MouseEventKind::Up(MouseButton::Left), x, y),
                M::Hold(x, y) => (MouseEventKind::Drag(MouseButton::Left), x, y),
                M::Press(_, _, _) => return None,
            };
            Some(Event::Mouse(MouseEvent {
                kind,
                column: x.saturating_sub(1),
                row: y.saturating_sub(1),
                modifiers: none,
            }))
        }
        T::Unsupported(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn explorer() -> Remote {
        let model = crate::model::Model::new(
            crate::questionnaire::builtin(crate::questionnaire::DEFAULT).unwrap(),
            crate::pricing::builtin().unwrap(),
        );
        let answers = crate::answers::Answers::new(&model.questionnaire);
        let mut app = App::new(model, answers, std::path::PathBuf::new());
        app.room = Some("fuzz".to_owned());
        Remote::new(app, (80, 24)).unwrap()
    }

    #[test]
    fn a_participant_cannot_open_the_export_or_write_anything() {
        let mut remote = explorer();
        // Leave the field the first question may have entered, then ask to export.
        assert!(remote.feed(b"\x1b"));
        assert!(remote.feed(b"e"));
        assert!(
            !matches!(remote.app.mode, crate::tui::app::Mode::Export(_)),
            "{:?}",
            remote.app.mode
        );
        assert!(
            remote
                .app
                .status
                .as_deref()
                .is_some_and(|s| s.contains("the facilitator exports")),
            "{:?}",
            remote.app.status
        );
    }

    /// Pieces a hostile or broken terminal might send: keys, escape sequences cut anywhere,
    /// OSC and bidi text, huge mouse coordinates, raw bytes.
    fn piece() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            Just(b"\x1b[A".to_vec()),
            Just(b"\x1b[<0;300;999M".to_vec()),
            Just(b"\x1b[M   ".to_vec()),
            Just(b"\x1b]0;owned\x07".to_vec()),
            Just("\u{202e}evil\u{1b}[2J".as_bytes().to_vec()),
            Just(b"\t\r/e?wsS".to_vec()),
            Just(b"\x1b".to_vec()),
            Just(b"\x1b[".to_vec()),
            proptest::collection::vec(any::<u8>(), 0..16),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn any_byte_stream_is_handled_without_panic_and_never_echoed_as_a_sequence(
            pieces in proptest::collection::vec(piece(), 1..24),
            size in (1_u16..300, 1_u16..120),
        ) {
            let mut remote = explorer();
            remote.resize(size).unwrap();
            for bytes in &pieces {
                if !remote.feed(bytes) {
                    break;
                }
                let frame = remote.frame().unwrap();
                let text = String::from_utf8_lossy(&frame);
                prop_assert!(!text.contains("\u{1b}]"), "an OSC sequence reached the screen");
                let bell_or_bidi = text.contains('\u{7}') || text.contains('\u{202e}');
                prop_assert!(!bell_or_bidi, "a bell or a bidi override reached the screen");
            }
            // Whatever was typed, the answers are valid answers.
            let q = &remote.app.model.questionnaire;
            let written = remote.app.answers.to_toml(q);
            prop_assert!(crate::answers::Answers::parse(q, "fuzz", &written).is_ok());
        }
    }

    #[test]
    fn keys_arrows_and_a_lone_esc_are_parsed() {
        let parsed = events(b"1\x1b[B\r\t");
        let codes: Vec<KeyCode> = parsed
            .iter()
            .filter_map(|e| match e {
                Event::Key(k) => Some(k.code),
                _ => None,
            })
            .collect();
        assert_eq!(
            codes,
            [
                KeyCode::Char('1'),
                KeyCode::Down,
                KeyCode::Enter,
                KeyCode::Tab
            ]
        );
        assert!(matches!(
            events(b"\x1b")[..],
            [Event::Key(KeyEvent {
                code: KeyCode::Esc,
                ..
            })]
        ));
        assert!(matches!(
            events(b"\x1be")[..],
            [Event::Key(KeyEvent {
                code: KeyCode::Char('e'),
                modifiers: KeyModifiers::ALT,
                ..
            })]
        ));
    }
}
