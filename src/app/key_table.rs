//! A key table: one action enum per context (`[keys.<NAME>]`), its names and help sentences
//! derived with strum, and the untyped views of it the key map and the help screen read.

use std::fmt::Debug;

/// One context's actions. Derive it with strum (`EnumIter`, `IntoStaticStr` for the names in
/// `config.toml`, `EnumMessage` for the help sentence) and name the table:
///
/// ```ignore
/// #[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr, strum::EnumMessage)]
/// #[strum(serialize_all = "snake_case")]
/// pub enum ClockKey {
///     #[strum(message = "read the clock again")]
///     Refresh,
/// }
/// impl KeyTable for ClockKey { const NAME: &'static str = "clock"; const TITLE: &'static str = "Clock"; }
/// ```
pub trait KeyTable:
    Copy
    + Eq
    + Debug
    + strum::IntoEnumIterator
    + strum::EnumMessage
    + Into<&'static str>
    + Send
    + 'static
{
    /// The table in `config.toml`: `[keys.<NAME>]`.
    const NAME: &'static str;
    /// Its section title in the help screen and the README.
    const TITLE: &'static str;
    /// Which tables read keys at the same time as this one (a screen's: the list's and the
    /// global ones under it); no key may mean two things among them.
    const LAYER: Layer = Layer::Screen;

    /// The name bound in `[keys.<NAME>]`.
    fn name(self) -> &'static str {
        self.into()
    }

    /// The sentence of the generated help (a test checks that every action has one).
    fn description(self) -> &'static str {
        self.get_message().unwrap_or("")
    }

    /// The action called `name` in this table.
    fn from_name(name: &str) -> Option<Self> {
        Self::iter().find(|a| a.name() == name)
    }

    /// The table's identity, as the key map keeps it.
    fn context() -> Context {
        Context(Self::NAME)
    }
}

/// When a table reads keys, and so which tables it must not share a key with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// The frame's global and list keys: active under every screen.
    Frame,
    /// A screen's keys: active over the frame's.
    Screen,
    /// Takes every key while open (a modal, a text line, a dialog, the sign-in fields).
    Exclusive,
}

/// A key table without its type: the name of `[keys.<name>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Context(&'static str);

impl Context {
    /// The context of table `T`.
    pub fn of<T: KeyTable>() -> Context {
        T::context()
    }

    /// The table name: `[keys.<name>]`.
    pub fn name(self) -> &'static str {
        self.0
    }
}

/// What the key map and the help know of one table: its name, title and actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub context: Context,
    pub title: &'static str,
    pub layer: Layer,
    /// (name, help sentence) of each action, in declaration order.
    pub actions: Vec<(&'static str, &'static str)>,
}

impl TableInfo {
    pub fn of<T: KeyTable>() -> TableInfo {
        TableInfo {
            context: T::context(),
            title: T::TITLE,
            layer: T::LAYER,
            actions: T::iter().map(|a| (a.name(), a.description())).collect(),
        }
    }

    /// The action called `name` here, as the key map stores it.
    pub fn action(&self, name: &str) -> Option<&'static str> {
        self.actions.iter().map(|(n, _)| *n).find(|n| *n == name)
    }
}

/// A key bound in a screen's table, on its way to that screen: `get` gives it back typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoundKey {
    context: Context,
    action: &'static str,
}

impl BoundKey {
    pub(crate) fn new(context: Context, action: &'static str) -> BoundKey {
        BoundKey { context, action }
    }

    /// The table it came from.
    pub fn context(self) -> Context {
        self.context
    }

    /// The action of table `T` this key is bound to (None: it came from another table).
    pub fn get<T: KeyTable>(self) -> Option<T> {
        (self.context == T::context())
            .then(|| T::from_name(self.action))
            .flatten()
    }

    /// The key for action `a` of table `T` (tests and flows build keys this way).
    pub fn of<T: KeyTable>(a: T) -> BoundKey {
        BoundKey::new(T::context(), a.name())
    }
}
