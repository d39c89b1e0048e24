//! Example screen (issue 10's closing note): the backend's clock, read on `r`. It shows what
//! adding a screen touches; it is removed again in the next commit.

use crate::app::App;
use crate::app::key_table::KeyTable;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::ops::Console;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph};
use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumMessage, IntoStaticStr};

/// `[keys.clock]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum ClockKey {
    #[strum(message = "read the backend's clock")]
    Refresh,
}

impl KeyTable for ClockKey {
    const NAME: &'static str = "clock";
    const TITLE: &'static str = "Clock (example)";
}

#[derive(Debug, Default)]
pub struct Clock {
    pub unix: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    Read,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Time { unix: u64 },
}

impl Screen for Clock {
    type Keys = ClockKey;
    const PLACE: crate::app::Place = crate::app::Place::Nav(crate::app::NavItem::MigrateService);
    type Request = Request;
    type Event = Event;
    type Form = crate::app::screen::NoForm;
    type Dialog = crate::app::screen::NoDialog;

    fn shown(&mut self, cx: &mut Cx<'_, Self>) {
        cx.ask(Request::Read);
    }

    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool {
        match input {
            ScreenInput::Key(k) if k.get::<ClockKey>() == Some(ClockKey::Refresh) => {
                cx.ask(Request::Read);
                true
            }
            _ => false,
        }
    }

    fn event(&mut self, event: Event, _cx: &mut Cx<'_, Self>) {
        let Event::Time { unix } = event;
        self.unix = Some(unix);
    }

    fn serve(_console: &mut Console, Request::Read: Request, out: &mut Answers<'_>) {
        let unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        out.answer(Event::Time { unix });
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        let text = match self.unix {
            Some(t) => format!("Backend clock: {t} ({} refresh)", app.keymap.first_key(ClockKey::Refresh)),
            None => "Reading the clock…".to_string(),
        };
        let block = Block::default().borders(Borders::ALL).title(" Clock ");
        frame.render_widget(Paragraph::new(text).block(block), area);
    }
}
