//! A screen is one module (issue 10.1): it implements `Screen` once — its key table, its typed
//! request and event, its keys, backend serving, job events, dialogs, hints and drawing.
//!
//! Screens live in `src/screens/<name>/` and are registered with one line of `registry!` in
//! `src/screens/mod.rs`; routing, `update`, backend dispatch and draw dispatch are generated
//! from that list. Requests and events are plain data (serde), carried by
//! `BackendRequest::Screen` / `BackendEvent::Screen`, so the backend could run elsewhere.

use super::action::{Command, Motion};
use super::key_action::{BoundKey, Context};
use super::key_table::{KeyTable, TableInfo};
use super::message::{BackendEvent, BackendRequest, SessionInfo};
use super::panel_dialog::Dialog;
use super::panels::Panels;
use super::state::App;
use crate::jobs::JobEvent;
use crate::kit::FormState;
use crate::ops::Console;
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use tokio::sync::mpsc::UnboundedSender;

/// A key for the screen in front: one of its table's actions, or a list motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenInput {
    /// A key of its table (`key.get::<ItsKey>()` gives the action back typed).
    Key(BoundKey),
    Move(Motion),
    /// While it is `typing` (an inline editor), every key as `[keys.dialog]` reads it.
    Dialog(crate::kit::DialogInput),
    /// The list's open key (Enter), the list's back key (Esc), the focus keys (Tab): a screen
    /// may use them (an open service's tabs), else the frame does.
    Open,
    Back,
    FocusNext,
    FocusPrev,
}

/// The dialog type of a screen that has none of its own.
#[derive(Debug)]
pub enum NoDialog {}

/// The form type of a screen that opens no plain form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoForm {}

/// One screen of the console.
pub trait Screen: Default + Debug + 'static {
    /// Its key table, `[keys.<name>]`: one action enum (see `KeyTable`); the table's context
    /// names the screen.
    type Keys: KeyTable;
    /// Where it shows: a top tab, a Crypto Services item, or the sign-in.
    const PLACE: super::tab::Place;
    /// What it asks the backend: plain data.
    type Request: Debug + Serialize + DeserializeOwned + Send + 'static;
    /// What the backend answers it: plain data.
    type Event: Debug + Clone + PartialEq + Serialize + DeserializeOwned + Send + 'static;
    /// What its forms are for (an empty enum when it has none); the form itself opens in the
    /// console's one dialog slot.
    type Form: Debug + Clone + PartialEq + Eq + 'static;
    /// A dialog of its own (more than a form: a typed confirmation that fills in, a masked
    /// wizard, a once-shown secret), held in the console's one dialog slot while open.
    type Dialog: Debug + 'static;

    /// The screen's identity: its key table's context.
    fn id() -> Context {
        Self::Keys::context()
    }
    /// Every key table it reads (more than one when its key table changes with its state, as
    /// Import's splash and table): the key map and the help list them.
    fn tables() -> Vec<TableInfo> {
        vec![TableInfo::of::<Self::Keys>()]
    }
    /// The key table in effect now (one of `tables`).
    fn context(&self) -> Context {
        Self::id()
    }
    /// True while an inline editor of its own takes every key (through `typing_input`).
    fn typing(&self) -> bool {
        false
    }
    /// What a key means to its inline editor: as `[keys.dialog]` reads it, or as a table of
    /// its own does.
    fn typing_input(
        &self,
        map: &super::keymap::Keymap,
        key: super::key_chord::KeyChord,
    ) -> Option<crate::kit::DialogInput> {
        super::route::dialog_input(map, key)
    }
    /// It came to the front: what it fetches.
    fn shown(&mut self, _cx: &mut Cx<'_, Self>) {}
    /// A key of its table, or a list motion, while it is in front; false leaves the key to
    /// the frame (Esc clearing the filter, Tab moving the focus...).
    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool;
    /// The backend's answer to one of its requests.
    fn event(&mut self, event: Self::Event, cx: &mut Cx<'_, Self>);
    /// An engine event (job progress), whether or not it is in front.
    fn job(&mut self, _event: &JobEvent, _cx: &mut Cx<'_, Self>) {}
    /// Its form `form` was submitted: check it and send the request (true: sent, the form
    /// waits for the answer), or leave the errors under the fields (false).
    fn submit(
        &mut self,
        _form: &Self::Form,
        _state: &mut FormState,
        _cx: &mut Cx<'_, Self>,
    ) -> bool {
        false
    }
    /// A frame-wide answer (the device list, the job list, the counts), whether or not it is
    /// in front.
    fn frame(&mut self, _event: &BackendEvent, _cx: &mut Cx<'_, Self>) {}
    /// The animation tick (only while something animates).
    fn tick(&mut self, _cx: &mut Cx<'_, Self>) {}
    /// Whether it shows a list the `/` filter applies to now.
    fn lists(&self) -> bool {
        false
    }
    /// The `/` filter text while it is in front (lower case; empty: no filter).
    fn filter(&mut self, _text: &str) {}
    /// On the backend thread: answers one request with `ops::Console` (rules and permissions
    /// are decided there).
    fn serve(console: &mut Console, request: Self::Request, out: &mut Answers<'_>);
    /// Draws it (body and hints) into `area`; read-only.
    fn draw(&self, app: &App, frame: &mut Frame, area: Rect);
    /// A key for its open dialog (taken out of the slot meanwhile); false closes it (wipe
    /// what it holds first).
    fn dialog_key(
        &mut self,
        _dialog: &mut Self::Dialog,
        _key: crate::kit::DialogInput,
        _cx: &mut Cx<'_, Self>,
    ) -> bool {
        false
    }
    /// Draws its open dialog over the whole frame; read-only.
    fn draw_dialog(&self, _dialog: &Self::Dialog, _app: &App, _frame: &mut Frame) {}
}

/// How the one slot holds a screen's form (generated by `registry!` per screen).
pub trait FormOf<S: Screen>: Sized {
    fn wrap(form: S::Form) -> Self;
}

/// How the one slot holds a screen's own dialog (generated by `registry!` per screen).
pub trait DialogOf<S: Screen>: Sized {
    fn wrap(dialog: S::Dialog) -> Self;
    fn mine(&mut self) -> Option<&mut S::Dialog>;
}

/// What a screen may touch while it handles a key or an event: the shared frame state, and the
/// commands it returns (its own requests, typed).
pub struct Cx<'a, S: Screen> {
    pub session: Option<&'a SessionInfo>,
    /// `--read-only`: nothing may be changed in this session.
    pub read_only: bool,
    /// The one-line notice (also kept in the message log).
    pub notice: &'a mut Option<String>,
    /// The one dialog slot of the console.
    pub dialogs: &'a mut Panels,
    /// The key context of the screen in front.
    pub front: Option<Context>,
    /// The `/` filter line.
    filter: &'a mut Option<super::prompt::Filter>,
    pub(crate) commands: Vec<Command>,
    /// A Crypto Services item to bring to the front once the screen is done (`go_to`).
    go: Option<super::tab::NavItem>,
    _screen: std::marker::PhantomData<S>,
}

impl<'a, S: Screen> Cx<'a, S>
where
    crate::screens::ScreenRequest: From<S::Request>,
{
    pub(crate) fn new(
        session: Option<&'a SessionInfo>,
        read_only: bool,
        notice: &'a mut Option<String>,
        dialogs: &'a mut Panels,
        front: Option<Context>,
        filter: &'a mut Option<super::prompt::Filter>,
    ) -> Self {
        Cx {
            session,
            read_only,
            notice,
            dialogs,
            front,
            filter,
            commands: Vec::new(),
            go: None,
            _screen: std::marker::PhantomData,
        }
    }

    /// Brings another Crypto Services screen to the front (a key that "opens" it, as the
    /// seed's advice after a failed migration opens Import Partitions).
    pub fn go_to(&mut self, item: super::tab::NavItem) {
        self.go = Some(item);
    }

    /// Closes the `/` filter (the list it applied to changed).
    pub fn clear_filter(&mut self) {
        *self.filter = None;
    }

    /// Whether this screen is the one in front.
    pub fn in_front(&self) -> bool {
        self.front == Some(S::id())
    }

    /// Sends one of the screen's requests to the backend.
    pub fn ask(&mut self, request: S::Request) {
        self.commands.push(Command::Backend(Self::request(request)));
    }

    /// The backend request for one of the screen's requests (for a dialog's `then`).
    pub fn request(request: S::Request) -> BackendRequest {
        BackendRequest::Screen(crate::screens::ScreenRequest::from(request))
    }

    /// Sends a request of the frame or of another screen (after a change they show).
    pub fn send(&mut self, request: BackendRequest) {
        self.commands.push(Command::Backend(request));
    }

    /// Says one line on the notice line.
    pub fn say(&mut self, text: impl Into<String>) {
        *self.notice = Some(text.into());
    }

    /// Opens a dialog in the one slot (the open one wins; host-key questions wait).
    pub fn open(&mut self, dialog: Dialog) {
        self.dialogs.open(dialog);
    }

    /// Opens a dialog of its own in the one slot (after the open one, if another is open).
    pub fn open_own(&mut self, dialog: S::Dialog)
    where
        crate::screens::ScreenDialog: DialogOf<S>,
    {
        let d = Dialog::Screen(<crate::screens::ScreenDialog as DialogOf<S>>::wrap(dialog));
        self.dialogs.open_next(d);
    }

    /// Its own dialog, when that is the open one.
    pub fn own_dialog(&mut self) -> Option<&mut S::Dialog>
    where
        crate::screens::ScreenDialog: DialogOf<S>,
    {
        match self.dialogs.dialog.as_mut() {
            Some(Dialog::Screen(d)) => <crate::screens::ScreenDialog as DialogOf<S>>::mine(d),
            _ => None,
        }
    }

    /// Closes its own dialog when that is the open one (`wipe` runs on it first).
    pub fn close_own(&mut self, wipe: impl FnOnce(&mut S::Dialog))
    where
        crate::screens::ScreenDialog: DialogOf<S>,
    {
        if let Some(d) = self.own_dialog() {
            wipe(d);
            self.dialogs.close();
        }
    }

    /// Opens one of the screen's forms in the one slot; Submit calls its `submit`.
    pub fn open_form(&mut self, form: S::Form, title: impl Into<String>, state: FormState)
    where
        crate::screens::ScreenForm: FormOf<S>,
    {
        let kind = <crate::screens::ScreenForm as FormOf<S>>::wrap(form);
        self.dialogs.open(Dialog::form(kind, title, state));
    }
}

/// Where a screen's answers go on the backend thread.
pub struct Answers<'a> {
    events: &'a UnboundedSender<BackendEvent>,
}

impl<'a> Answers<'a> {
    pub(crate) fn new(events: &'a UnboundedSender<BackendEvent>) -> Self {
        Answers { events }
    }

    /// One of the screen's events.
    pub fn answer<E>(&mut self, event: E)
    where
        crate::screens::ScreenEvent: From<E>,
    {
        let _ = self
            .events
            .send(BackendEvent::Screen(crate::screens::ScreenEvent::from(
                event,
            )));
    }

    /// A sentence for the notice line (what was done).
    pub fn say(&mut self, message: impl Into<String>) {
        let _ = self.events.send(BackendEvent::Said {
            message: message.into(),
        });
    }

    /// The open form's request went through: the form closes and `message` is said.
    pub fn form_done(&mut self, message: impl Into<String>) {
        let done = super::panel_message::PanelEvent::Done {
            message: message.into(),
        };
        let _ = self.events.send(BackendEvent::Panel(done));
    }

    /// The open form's request was refused: a field's error goes under its field.
    pub fn form_refused(&mut self, error: crate::ops::OpsError) {
        let refused = super::panel_message::PanelEvent::Refused {
            message: error.to_string(),
            error: match error {
                crate::ops::OpsError::Refused(d) => Some(d),
                _ => None,
            },
        };
        let _ = self.events.send(BackendEvent::Panel(refused));
    }

    /// A failure shown on the notice line.
    pub fn failed(&mut self, message: impl Into<String>) {
        let _ = self.events.send(BackendEvent::Failed {
            message: message.into(),
        });
    }

    /// Answers a frame request too (the job list, the counts...) after a change.
    pub fn frame(&mut self, console: &mut Console, request: BackendRequest) {
        super::backend::answer(console, request, self.events);
    }
}

/// The key context of the screen in front: the sign-in screen until a session exists, then a
/// tab's screen, or the Crypto Services item's while the content pane has the keys.
pub fn front(app: &App) -> Option<Context> {
    use super::tab::{Focus, Place, Tab};
    use crate::screens::Screens;
    if app.session.is_none() {
        return Screens::at(Place::SignIn);
    }
    match app.tab {
        Tab::CryptoServices if app.focus == Focus::Content => Screens::at(Place::Nav(app.nav)),
        Tab::CryptoServices => None,
        tab => Screens::at(Place::Tab(tab)),
    }
}

/// A list motion or a screen key, to the registered screen in front: Some when one took it.
pub(crate) fn input(app: &mut App, action: &super::action::Action) -> Option<Vec<Command>> {
    use super::action::Action;
    let input = match action {
        Action::Move(m) => ScreenInput::Move(*m),
        Action::Screen(k) => ScreenInput::Key(*k),
        Action::Dialog(d) => ScreenInput::Dialog(*d),
        Action::Open => ScreenInput::Open,
        Action::Back => ScreenInput::Back,
        Action::FocusNext => ScreenInput::FocusNext,
        Action::FocusPrev => ScreenInput::FocusPrev,
        _ => return None,
    };
    crate::screens::Screens::input(app, front(app)?, input)
}

/// The screens' part of `update` for one screen: builds its `Cx`, runs `f`, returns the commands.
pub(crate) fn with_cx<S: Screen>(
    app: &mut App,
    pick: impl FnOnce(&mut crate::screens::Screens) -> &mut S,
    f: impl FnOnce(&mut S, &mut Cx<'_, S>),
) -> Vec<Command>
where
    crate::screens::ScreenRequest: From<S::Request>,
{
    let in_front = front(app);
    let App {
        screens,
        session,
        notice,
        panels,
        filter,
        options,
        ..
    } = app;
    let read_only = options.read_only;
    let mut cx = Cx::<S>::new(
        session.as_ref(),
        read_only,
        notice,
        panels,
        in_front,
        filter,
    );
    f(pick(screens), &mut cx);
    let (mut commands, go) = (cx.commands, cx.go);
    if let Some(item) = go {
        commands.extend(super::update::open_nav(app, item));
    }
    commands
}
