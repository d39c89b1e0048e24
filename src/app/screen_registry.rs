//! `registry!`: from one line per screen, the `Screens` state, the typed request, event, form
//! and dialog enums, and the generic dispatch of keys, events, serving and drawing.

/// Generates, from one line per screen, its module (`src/screens/<field>/`), the `Screens` state, the `ScreenRequest` and
/// `ScreenEvent` enums, and the dispatch of keys, events, jobs, ticks, filters, serving and
/// drawing. Used once, in `src/screens/mod.rs`.
#[macro_export]
macro_rules! registry {
    ($($field:ident: $variant:ident => $ty:ty),+ $(,)?) => {
        $(pub mod $field;)+

        /// Every registered screen's state.
        #[derive(Debug, Default)]
        pub struct Screens {
            $(pub $field: $ty,)+
        }

        /// A request of one registered screen.
        #[derive(Debug, serde::Serialize, serde::Deserialize)]
        pub enum ScreenRequest {
            $($variant(<$ty as $crate::app::screen::Screen>::Request),)+
        }

        /// What a registered screen's open form is for.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum ScreenForm {
            $($variant(<$ty as $crate::app::screen::Screen>::Form),)+
        }

        /// A registered screen's own dialog, open in the one slot.
        #[derive(Debug)]
        pub enum ScreenDialog {
            $($variant(<$ty as $crate::app::screen::Screen>::Dialog),)+
        }

        /// An answer to one registered screen.
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub enum ScreenEvent {
            $($variant(<$ty as $crate::app::screen::Screen>::Event),)+
        }

        $(
            impl From<<$ty as $crate::app::screen::Screen>::Request> for ScreenRequest {
                fn from(r: <$ty as $crate::app::screen::Screen>::Request) -> Self {
                    ScreenRequest::$variant(r)
                }
            }
            impl $crate::app::screen::FormOf<$ty> for ScreenForm {
                fn wrap(f: <$ty as $crate::app::screen::Screen>::Form) -> Self {
                    ScreenForm::$variant(f)
                }
            }
            impl $crate::app::screen::DialogOf<$ty> for ScreenDialog {
                fn wrap(d: <$ty as $crate::app::screen::Screen>::Dialog) -> Self {
                    ScreenDialog::$variant(d)
                }
                #[allow(unreachable_patterns)]
                fn mine(&mut self) -> Option<&mut <$ty as $crate::app::screen::Screen>::Dialog> {
                    match self {
                        ScreenDialog::$variant(d) => Some(d),
                        _ => None,
                    }
                }
            }
            impl From<<$ty as $crate::app::screen::Screen>::Event> for ScreenEvent {
                fn from(e: <$ty as $crate::app::screen::Screen>::Event) -> Self {
                    ScreenEvent::$variant(e)
                }
            }
        )+

        impl Screens {
            /// The input for the registered screen in front (`front`), if one is.
            pub fn input(
                app: &mut $crate::app::App,
                front: $crate::app::key_action::Context,
                input: $crate::app::screen::ScreenInput,
            ) -> Option<Vec<$crate::app::Command>> {
                use $crate::app::screen::{Screen, with_cx};
                $(
                    if front == <$ty as Screen>::id() {
                        let mut used = false;
                        let commands =
                            with_cx(app, |s| &mut s.$field, |s, cx| used = s.input(input, cx));
                        return used.then_some(commands);
                    }
                )+
                None
            }

            /// The registered screen `front` came to the front.
            pub fn shown(
                app: &mut $crate::app::App,
                front: $crate::app::key_action::Context,
            ) -> Vec<$crate::app::Command> {
                use $crate::app::screen::{Screen, with_cx};
                $(
                    if front == <$ty as Screen>::id() {
                        return with_cx(app, |s| &mut s.$field, |s, cx| s.shown(cx));
                    }
                )+
                Vec::new()
            }

            /// A backend answer, to its screen.
            pub fn event(app: &mut $crate::app::App, event: ScreenEvent) -> Vec<$crate::app::Command> {
                use $crate::app::screen::{Screen, with_cx};
                match event {
                    $(ScreenEvent::$variant(e) => {
                        with_cx(app, |s| &mut s.$field, |s, cx| s.event(e, cx))
                    })+
                }
            }

            /// An engine event, to every screen.
            pub fn job(
                app: &mut $crate::app::App,
                event: &$crate::jobs::JobEvent,
            ) -> Vec<$crate::app::Command> {
                use $crate::app::screen::{Screen, with_cx};
                let mut out = Vec::new();
                $(out.extend(with_cx(app, |s| &mut s.$field, |s, cx| s.job(event, cx)));)+
                out
            }

            /// A submitted form, to its screen: Some(commands) when it sent its request.
            pub fn submit(
                app: &mut $crate::app::App,
                form: &ScreenForm,
                state: &mut $crate::kit::FormState,
            ) -> Option<Vec<$crate::app::Command>> {
                use $crate::app::screen::{Screen, with_cx};
                let mut sent = false;
                let commands = match form {
                    $(ScreenForm::$variant(f) => {
                        with_cx(app, |s| &mut s.$field, |s, cx| sent = s.submit(f, state, cx))
                    })+
                };
                sent.then_some(commands)
            }

            /// A frame-wide answer, to every screen.
            pub fn frame(
                app: &mut $crate::app::App,
                event: &$crate::app::BackendEvent,
            ) -> Vec<$crate::app::Command> {
                use $crate::app::screen::{Screen, with_cx};
                let mut out = Vec::new();
                $(out.extend(with_cx(app, |s| &mut s.$field, |s, cx| s.frame(event, cx)));)+
                out
            }

            /// The animation tick, to every screen.
            pub fn tick(app: &mut $crate::app::App) -> Vec<$crate::app::Command> {
                use $crate::app::screen::{Screen, with_cx};
                let mut out = Vec::new();
                $(out.extend(with_cx(app, |s| &mut s.$field, |s, cx| s.tick(cx)));)+
                out
            }

            /// The key table in effect for the registered screen `front`.
            pub fn key_context(
                &self,
                front: $crate::app::key_action::Context,
            ) -> $crate::app::key_action::Context {
                use $crate::app::screen::Screen;
                $(
                    if front == <$ty as Screen>::id() {
                        return self.$field.context();
                    }
                )+
                front
            }

            /// Whether the registered screen `front` has an inline editor taking every key.
            pub fn typing(&self, front: $crate::app::key_action::Context) -> bool {
                use $crate::app::screen::Screen;
                $(
                    if front == <$ty as Screen>::id() {
                        return self.$field.typing();
                    }
                )+
                false
            }

            /// Whether the registered screen `front` shows a list the filter applies to.
            pub fn lists(&self, front: $crate::app::key_action::Context) -> bool {
                use $crate::app::screen::Screen;
                $(
                    if front == <$ty as Screen>::id() {
                        return self.$field.lists();
                    }
                )+
                false
            }

            /// What a key means to the inline editor of the registered screen `front`.
            pub fn typing_input(
                &self,
                front: $crate::app::key_action::Context,
                map: &$crate::app::Keymap,
                key: $crate::app::key_chord::KeyChord,
            ) -> Option<$crate::kit::DialogInput> {
                use $crate::app::screen::Screen;
                $(
                    if front == <$ty as Screen>::id() {
                        return self.$field.typing_input(map, key);
                    }
                )+
                $crate::app::route::dialog_input(map, key)
            }

            /// The screen registered at `place`, if one is.
            pub fn at(place: $crate::app::Place) -> Option<$crate::app::key_action::Context> {
                use $crate::app::screen::Screen;
                $(
                    if <$ty as Screen>::PLACE == place {
                        return Some(<$ty as Screen>::id());
                    }
                )+
                None
            }

            /// Every registered screen's key tables, in registration order.
            pub fn tables() -> Vec<$crate::app::key_table::TableInfo> {
                use $crate::app::screen::Screen;
                let mut all = Vec::new();
                $(all.extend(<$ty as Screen>::tables());)+
                all
            }

            /// The `/` filter, to the screen in front.
            pub fn filter(&mut self, front: $crate::app::key_action::Context, text: &str) {
                use $crate::app::screen::Screen;
                $(
                    if front == <$ty as Screen>::id() {
                        self.$field.filter(text);
                    }
                )+
            }

            /// On the backend thread: one request, to its screen's `serve`.
            pub fn serve(
                console: &mut $crate::ops::Console,
                request: ScreenRequest,
                out: &mut $crate::app::screen::Answers<'_>,
            ) {
                use $crate::app::screen::Screen;
                match request {
                    $(ScreenRequest::$variant(r) => <$ty>::serve(console, r, out),)+
                }
            }

            /// Draws the registered screen in front; false when none is.
            pub fn draw(
                app: &$crate::app::App,
                front: $crate::app::key_action::Context,
                frame: &mut ratatui::Frame,
                area: ratatui::layout::Rect,
            ) -> bool {
                use $crate::app::screen::Screen;
                $(
                    if front == <$ty as Screen>::id() {
                        app.screens.$field.draw(app, frame, area);
                        return true;
                    }
                )+
                false
            }

            /// A key for a screen's own dialog (out of the slot): Some(dialog) when it stays.
            pub fn dialog_key(
                app: &mut $crate::app::App,
                dialog: ScreenDialog,
                key: $crate::kit::DialogInput,
            ) -> (Option<ScreenDialog>, Vec<$crate::app::Command>) {
                use $crate::app::screen::{Screen, with_cx};
                match dialog {
                    $(ScreenDialog::$variant(mut d) => {
                        let mut keep = false;
                        let commands = with_cx(app, |s| &mut s.$field, |s, cx| {
                            keep = s.dialog_key(&mut d, key, cx)
                        });
                        (keep.then_some(ScreenDialog::$variant(d)), commands)
                    })+
                }
            }

            /// Draws a screen's own dialog, open in the slot.
            pub fn draw_dialog(
                app: &$crate::app::App,
                dialog: &ScreenDialog,
                frame: &mut ratatui::Frame,
            ) {
                use $crate::app::screen::Screen;
                match dialog {
                    $(ScreenDialog::$variant(d) => app.screens.$field.draw_dialog(d, app, frame),)+
                }
            }
        }
    };
}
