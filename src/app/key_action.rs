//! The names a key can be bound to in `config.toml` (`[keys.<context>] <action> = [keys]`), the
//! contexts of the routing order, and the sentence each action shows in the generated help.

/// A routing context; each has its own table `[keys.<name>]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    pub const ALL: [Context; 15] = [
        Context::Global,
        Context::List,
        Context::Modal,
        Context::Command,
        Context::Filter,
        Context::Login,
        Context::Services,
        Context::ServiceDetail,
        Context::ImportStart,
        Context::ImportTable,
        Context::Dialog,
        Context::Devices,
        Context::Jobs,
        Context::Audit,
        Context::Accounts,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Modal => "modal",
            Context::Command => "command",
            Context::Filter => "filter",
            Context::Login => "login",
            Context::Services => "services",
            Context::ServiceDetail => "service",
            Context::ImportStart => "import_start",
            Context::ImportTable => "import_table",
            Context::Dialog => "dialog",
            Context::Devices => "devices",
            Context::Jobs => "jobs",
            Context::Audit => "audit",
            Context::Accounts => "accounts",
        }
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
        Context::ALL.into_iter().find(|c| c.name() == s)
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
                Submit, Cancel, NextField, PrevField, DeleteBack, NextChoice, PrevChoice,
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

/// Everything a key can be bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    Sort,
    SortReverse,
    Refresh,
    Detach,
    Delete,
    Initialize,
    AttrGeneral,
    AttrCapabilities,
    AttrPartitions,
    AttrKeys,
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

const NAMES: [(KeyAction, &str, &str); 64] = [
    (KeyAction::Quit, "quit", "quit (asks first while jobs run)"),
    (
        KeyAction::Help,
        "help",
        "this help, generated from the key map",
    ),
    (
        KeyAction::CommandLine,
        "command_line",
        "command line: jump anywhere (:devices, :jobs ...)",
    ),
    (KeyAction::Filter, "filter", "filter the list as you type"),
    (KeyAction::NextTab, "next_tab", "next tab"),
    (KeyAction::PrevTab, "prev_tab", "previous tab"),
    (KeyAction::TabDevices, "tab_devices", "Devices tab"),
    (
        KeyAction::TabServices,
        "tab_services",
        "Crypto Services tab",
    ),
    (KeyAction::TabAccounts, "tab_accounts", "Accounts tab"),
    (KeyAction::TabJobs, "tab_jobs", "Jobs tab"),
    (KeyAction::TabAudit, "tab_audit", "Audit tab"),
    (KeyAction::FocusNext, "focus_next", "next pane"),
    (KeyAction::FocusPrev, "focus_prev", "previous pane"),
    (KeyAction::Up, "up", "move up"),
    (KeyAction::Down, "down", "move down"),
    (KeyAction::Top, "top", "first row"),
    (KeyAction::Bottom, "bottom", "last row"),
    (KeyAction::PageUp, "page_up", "page up"),
    (KeyAction::PageDown, "page_down", "page down"),
    (KeyAction::Left, "left", "left pane (navigation frame)"),
    (KeyAction::Right, "right", "right pane (screen)"),
    (KeyAction::Open, "open", "open the selected item"),
    (
        KeyAction::Back,
        "back",
        "go back (clears the filter; never changes anything)",
    ),
    (
        KeyAction::Confirm,
        "confirm",
        "choose the highlighted button",
    ),
    (KeyAction::Cancel, "cancel", "close without doing anything"),
    (KeyAction::NextChoice, "next_choice", "next button"),
    (KeyAction::PrevChoice, "prev_choice", "previous button"),
    (KeyAction::Submit, "submit", "accept what was typed"),
    (KeyAction::Complete, "complete", "complete the command"),
    (
        KeyAction::DeleteBack,
        "delete_back",
        "delete the character before the cursor",
    ),
    (KeyAction::NextField, "next_field", "next field"),
    (KeyAction::PrevField, "prev_field", "previous field"),
    (KeyAction::Sort, "sort", "sort by the next column"),
    (
        KeyAction::SortReverse,
        "sort_reverse",
        "reverse the sort order",
    ),
    (KeyAction::Refresh, "refresh", "read again"),
    (
        KeyAction::Detach,
        "detach",
        "detach the service (partitions stay; asks first)",
    ),
    (
        KeyAction::Delete,
        "delete",
        "delete the service and its partitions (type the name)",
    ),
    (
        KeyAction::Initialize,
        "initialize",
        "initialize the service (label, roles, cloning domain)",
    ),
    (KeyAction::AttrGeneral, "general", "General tab"),
    (
        KeyAction::AttrCapabilities,
        "capabilities",
        "Capabilities tab",
    ),
    (KeyAction::AttrPartitions, "partitions", "Partitions tab"),
    (KeyAction::AttrKeys, "keys", "Keys tab"),
    (KeyAction::AttrClients, "clients", "Clients tab"),
    (
        KeyAction::Edit,
        "edit",
        "edit name, description, organization",
    ),
    (
        KeyAction::CoLogin,
        "co_login",
        "log in as crypto officer (Keys)",
    ),
    (
        KeyAction::LogOff,
        "log_off",
        "log off the crypto officer session",
    ),
    (
        KeyAction::GetStarted,
        "get_started",
        "Get Started: run discovery on every device",
    ),
    (KeyAction::ColumnLeft, "column_left", "previous column"),
    (KeyAction::ColumnRight, "column_right", "next column"),
    (
        KeyAction::EditCell,
        "edit_cell",
        "edit the highlighted cell",
    ),
    (
        KeyAction::DeleteRow,
        "delete_row",
        "leave the row out of this import",
    ),
    (
        KeyAction::FinishImports,
        "finish_imports",
        "Finish Imports (lists row errors)",
    ),
    (
        KeyAction::CancelImport,
        "cancel_import",
        "cancel the import (deletes the table; asks first)",
    ),
    (
        KeyAction::Add,
        "add",
        "add a device (name, host, port, SSH login)",
    ),
    (
        KeyAction::Authorize,
        "authorize",
        "authorize the device: one HSM SO login, kept in memory",
    ),
    (
        KeyAction::Remove,
        "remove",
        "remove the device from the console (asks first)",
    ),
    (
        KeyAction::CancelJob,
        "cancel_job",
        "cancel the running job (asks first)",
    ),
    (
        KeyAction::Acknowledge,
        "acknowledge",
        "acknowledge a finished job (it leaves the list)",
    ),
    (KeyAction::Verify, "verify", "verify the audit hash chain"),
    (
        KeyAction::NewOrganization,
        "new_organization",
        "create an organization",
    ),
    (KeyAction::NewUser, "new_user", "create an account"),
    (
        KeyAction::ToggleDisabled,
        "toggle_disabled",
        "disable or enable the account (asks first)",
    ),
    (
        KeyAction::Password,
        "password",
        "change the account's password",
    ),
    (
        KeyAction::SwitchList,
        "switch_list",
        "switch between users and organizations",
    ),
];

impl KeyAction {
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(a, _, _)| *a == self)
            .map(|(_, n, _)| *n)
            .unwrap_or("?")
    }

    pub fn description(self) -> &'static str {
        NAMES
            .iter()
            .find(|(a, _, _)| *a == self)
            .map(|(_, _, d)| *d)
            .unwrap_or("?")
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

    #[test]
    fn nav_2_every_action_has_a_unique_name_and_a_sentence() {
        let mut seen = std::collections::HashSet::new();
        for (a, n, d) in NAMES {
            assert!(seen.insert(n), "{n} twice");
            assert_eq!(a.name(), n);
            assert!(!d.is_empty());
        }
        for c in Context::ALL {
            assert_eq!(Context::from_name(c.name()), Some(c));
            for a in c.actions() {
                assert_eq!(KeyAction::parse(c, a.name()), Some(*a));
            }
        }
        assert_eq!(KeyAction::parse(Context::Modal, "quit"), None);
        assert_eq!(Context::from_name("screen"), None);
    }
}
