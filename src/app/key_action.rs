//! The names a key can be bound to in `config.toml` (`[keys.<context>] <action> = [keys]`), the
//! contexts of the routing order, and the sentence each action shows in the generated help.

/// A routing context; each has its own table `[keys.<name>]` (snake case of the variant).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumIter, strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum Context {
    /// Works everywhere no modal or text field took the key.
    Global,
    /// Lists and the navigation frame.
    List,
    /// An open modal (swallows every key).
    Modal,
    /// The `:` command line.
    Command,
    /// The `/` filter line.
    Filter,
    /// The login screen.
    Login,
    /// The Services list (MNG-1, DEL).
    Services,
    /// An open service with its attribute tabs (MNG-2..6).
    #[strum(serialize = "service")]
    ServiceDetail,
    /// The Import Partitions splash (IMP-1).
    ImportStart,
    /// The saved import table (IMP-2..8).
    ImportTable,
    /// A dialog of a screen (forms, confirmations, the crypto-officer login).
    Dialog,
    /// Screens with their own keys (after dialogs and text lines, before lists).
    Devices,
    Jobs,
    Audit,
    Accounts,
}

impl Context {
    /// Every context, in the order of the help screen.
    pub fn all() -> impl Iterator<Item = Context> {
        <Context as strum::IntoEnumIterator>::iter()
    }

    /// The table name: `[keys.<name>]`.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Lists and navigation",
            Context::Modal => "Dialogs",
            Context::Command => "Command line (:)",
            Context::Filter => "Filter line (/)",
            Context::Login => "Login",
            Context::Services => "Services list",
            Context::ServiceDetail => "An open service",
            Context::ImportStart => "Import Partitions (no table yet)",
            Context::ImportTable => "Import table",
            Context::Dialog => "Screen dialogs and forms",
            Context::Devices => "Devices tab",
            Context::Jobs => "Jobs tab",
            Context::Audit => "Audit tab",
            Context::Accounts => "Accounts tab",
        }
    }

    pub fn from_name(s: &str) -> Option<Context> {
        Context::all().find(|c| c.name() == s)
    }

    /// The actions that may be bound in this context.
    pub fn actions(self) -> &'static [KeyAction] {
        use KeyAction::*;
        match self {
            Context::Global => &[
                Quit,
                Help,
                CommandLine,
                Filter,
                NextTab,
                PrevTab,
                TabDevices,
                TabServices,
                TabAccounts,
                TabJobs,
                TabAudit,
                FocusNext,
                FocusPrev,
            ],
            Context::List => &[
                Up, Down, Top, Bottom, PageUp, PageDown, Left, Right, Open, Back,
            ],
            Context::Modal => &[Confirm, Cancel, NextChoice, PrevChoice, Up, Down],
            Context::Command => &[Submit, Cancel, Complete, DeleteBack],
            Context::Filter => &[Submit, Cancel, DeleteBack],
            Context::Login => &[Submit, NextField, PrevField, DeleteBack],
            Context::Services => &[Sort, SortReverse, Refresh, Detach, Delete, Initialize],
            Context::ServiceDetail => &[
                AttrGeneral,
                AttrCapabilities,
                AttrPartitions,
                AttrKeys,
                AttrClients,
                Edit,
                CoLogin,
                LogOff,
                Refresh,
            ],
            Context::ImportStart => &[GetStarted],
            Context::ImportTable => &[
                ColumnLeft,
                ColumnRight,
                EditCell,
                DeleteRow,
                FinishImports,
                CancelImport,
            ],
            Context::Dialog => &[
                Submit, Cancel, NextField, PrevField, DeleteBack, ClearField, NextChoice,
                PrevChoice,
            ],
            Context::Devices => &[Add, Authorize, Refresh, Remove, Sort, SortReverse],
            Context::Jobs => &[CancelJob, Acknowledge, Sort, SortReverse],
            Context::Audit => &[Verify, Refresh, Sort, SortReverse],
            Context::Accounts => &[
                NewOrganization,
                NewUser,
                ToggleDisabled,
                Password,
                SwitchList,
                Refresh,
                Sort,
                SortReverse,
            ],
        }
    }
}

/// Everything a key can be bound to. The names in `config.toml` are derived (snake case of the
/// variant, or the `serialize` given); the help sentence of each is `description`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum KeyAction {
    Quit,
    Help,
    CommandLine,
    Filter,
    NextTab,
    PrevTab,
    TabDevices,
    TabServices,
    TabAccounts,
    TabJobs,
    TabAudit,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Left,
    Right,
    Open,
    Back,
    Confirm,
    Cancel,
    NextChoice,
    PrevChoice,
    Submit,
    Complete,
    DeleteBack,
    NextField,
    PrevField,
    ClearField,
    Sort,
    SortReverse,
    Refresh,
    Detach,
    Delete,
    Initialize,
    #[strum(serialize = "general")]
    AttrGeneral,
    #[strum(serialize = "capabilities")]
    AttrCapabilities,
    #[strum(serialize = "partitions")]
    AttrPartitions,
    #[strum(serialize = "keys")]
    AttrKeys,
    #[strum(serialize = "clients")]
    AttrClients,
    Edit,
    CoLogin,
    LogOff,
    GetStarted,
    ColumnLeft,
    ColumnRight,
    EditCell,
    DeleteRow,
    FinishImports,
    CancelImport,
    Add,
    Authorize,
    Remove,
    CancelJob,
    Acknowledge,
    Verify,
    NewOrganization,
    NewUser,
    ToggleDisabled,
    Password,
    SwitchList,
}

impl KeyAction {
    /// The name bound in `[keys.<context>]`.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The sentence of the generated help (every action has one: the match is exhaustive).
    pub fn description(self) -> &'static str {
        match self {
            KeyAction::Quit => "quit (asks first while jobs run)",
            KeyAction::Help => "this help, generated from the key map",
            KeyAction::CommandLine => "command line: jump anywhere (:devices, :jobs ...)",
            KeyAction::Filter => "filter the list as you type",
            KeyAction::NextTab => "next tab",
            KeyAction::PrevTab => "previous tab",
            KeyAction::TabDevices => "Devices tab",
            KeyAction::TabServices => "Crypto Services tab",
            KeyAction::TabAccounts => "Accounts tab",
            KeyAction::TabJobs => "Jobs tab",
            KeyAction::TabAudit => "Audit tab",
            KeyAction::FocusNext => "next pane",
            KeyAction::FocusPrev => "previous pane",
            KeyAction::Up => "move up",
            KeyAction::Down => "move down",
            KeyAction::Top => "first row",
            KeyAction::Bottom => "last row",
            KeyAction::PageUp => "page up",
            KeyAction::PageDown => "page down",
            KeyAction::Left => "left pane (navigation frame)",
            KeyAction::Right => "right pane (screen)",
            KeyAction::Open => "open the selected item",
            KeyAction::Back => "go back (clears the filter; never changes anything)",
            KeyAction::Confirm => "choose the highlighted button",
            KeyAction::Cancel => "close without doing anything",
            KeyAction::NextChoice => "next button",
            KeyAction::PrevChoice => "previous button",
            KeyAction::Submit => "accept what was typed",
            KeyAction::Complete => "complete the command",
            KeyAction::DeleteBack => "delete the character before the cursor",
            KeyAction::NextField => "next field",
            KeyAction::PrevField => "previous field",
            KeyAction::ClearField => "empty the focused field",
            KeyAction::Sort => "sort by the next column",
            KeyAction::SortReverse => "reverse the sort order",
            KeyAction::Refresh => "read again",
            KeyAction::Detach => "detach the service (partitions stay; asks first)",
            KeyAction::Delete => "delete the service and its partitions (type the name)",
            KeyAction::Initialize => "initialize the service (label, roles, cloning domain)",
            KeyAction::AttrGeneral => "General tab",
            KeyAction::AttrCapabilities => "Capabilities tab",
            KeyAction::AttrPartitions => "Partitions tab",
            KeyAction::AttrKeys => "Keys tab",
            KeyAction::AttrClients => "Clients tab",
            KeyAction::Edit => "edit name, description, organization",
            KeyAction::CoLogin => "log in as crypto officer (Keys)",
            KeyAction::LogOff => "log off the crypto officer session",
            KeyAction::GetStarted => "Get Started: run discovery on every device",
            KeyAction::ColumnLeft => "previous column",
            KeyAction::ColumnRight => "next column",
            KeyAction::EditCell => "edit the highlighted cell",
            KeyAction::DeleteRow => "leave the row out of this import",
            KeyAction::FinishImports => "Finish Imports (lists row errors)",
            KeyAction::CancelImport => "cancel the import (deletes the table; asks first)",
            KeyAction::Add => "add a device (name, host, port, SSH login)",
            KeyAction::Authorize => "authorize the device: one HSM SO login, kept in memory",
            KeyAction::Remove => "remove the device from the console (asks first)",
            KeyAction::CancelJob => "cancel the running job (asks first)",
            KeyAction::Acknowledge => "acknowledge a finished job (it leaves the list)",
            KeyAction::Verify => "verify the audit hash chain",
            KeyAction::NewOrganization => "create an organization",
            KeyAction::NewUser => "create an account",
            KeyAction::ToggleDisabled => "disable or enable the account (asks first)",
            KeyAction::Password => "change the account's password",
            KeyAction::SwitchList => "switch between users and organizations",
        }
    }

    /// The action named `name` if it may be bound in `context`.
    pub fn parse(context: Context, name: &str) -> Option<KeyAction> {
        context.actions().iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use strum::IntoEnumIterator;

    #[test]
    fn nav_2_every_action_has_a_unique_name_a_sentence_and_a_context() {
        let mut seen = std::collections::HashSet::new();
        for a in KeyAction::iter() {
            assert!(seen.insert(a.name()), "{} twice", a.name());
            assert!(!a.description().is_empty(), "{a:?}");
            assert!(
                Context::all().any(|c| c.actions().contains(&a)),
                "{a:?} cannot be bound anywhere"
            );
        }
        for c in Context::all() {
            assert_eq!(Context::from_name(c.name()), Some(c));
            for a in c.actions() {
                assert_eq!(KeyAction::parse(c, a.name()), Some(*a));
            }
        }
        assert_eq!(Context::ServiceDetail.name(), "service");
        assert_eq!(KeyAction::AttrGeneral.name(), "general");
        assert_eq!(KeyAction::TabDevices.name(), "tab_devices");
        assert_eq!(KeyAction::parse(Context::Modal, "quit"), None);
        assert_eq!(Context::from_name("screen"), None);
    }
}
