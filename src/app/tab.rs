//! Where the user is (NAV-1): the top tab, the Crypto Services navigation item, and which pane
//! has the focus. Titles here are the single source for the tab bar, help and command line.

/// The top tabs, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tab {
    #[default]
    Devices,
    CryptoServices,
    Accounts,
    Jobs,
    Audit,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Devices,
        Tab::CryptoServices,
        Tab::Accounts,
        Tab::Jobs,
        Tab::Audit,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Devices => "Devices",
            Tab::CryptoServices => "Crypto Services",
            Tab::Accounts => "Accounts",
            Tab::Jobs => "Jobs",
            Tab::Audit => "Audit",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The next tab, wrapping around.
    pub fn next(self) -> Tab {
        Tab::ALL
            .get((self.index() + 1) % Tab::ALL.len())
            .copied()
            .unwrap_or_default()
    }

    /// The previous tab, wrapping around.
    pub fn prev(self) -> Tab {
        Tab::ALL
            .get((self.index() + Tab::ALL.len() - 1) % Tab::ALL.len())
            .copied()
            .unwrap_or_default()
    }
}

/// The Crypto Services navigation frame (NAV-1), in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NavItem {
    #[default]
    Services,
    ServiceTemplates,
    ImportPartitions,
    MigrateService,
}

impl NavItem {
    pub const ALL: [NavItem; 4] = [
        NavItem::Services,
        NavItem::ServiceTemplates,
        NavItem::ImportPartitions,
        NavItem::MigrateService,
    ];

    pub fn title(self) -> &'static str {
        match self {
            NavItem::Services => "Services",
            NavItem::ServiceTemplates => "Service Templates",
            NavItem::ImportPartitions => "Import Partitions",
            NavItem::MigrateService => "Migrate Service",
        }
    }

    /// Its `:` command (`:services`, `:import`...).
    pub fn command(self) -> &'static str {
        match self {
            NavItem::Services => "services",
            NavItem::ServiceTemplates => "templates",
            NavItem::ImportPartitions => "import",
            NavItem::MigrateService => "migrate",
        }
    }

    pub fn index(self) -> usize {
        NavItem::ALL.iter().position(|n| *n == self).unwrap_or(0)
    }

    /// One step down or up the list, stopping at the ends.
    pub fn step(self, down: bool) -> NavItem {
        let i = self.index();
        let j = if down {
            (i + 1).min(NavItem::ALL.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        NavItem::ALL.get(j).copied().unwrap_or_default()
    }
}

/// Where a registered screen shows (`Screen::PLACE`): before a session exists, as a top tab,
/// or as an item of the Crypto Services navigation frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    SignIn,
    Tab(Tab),
    Nav(NavItem),
}

/// Which pane of the Crypto Services tab takes the list keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The left navigation frame.
    #[default]
    Nav,
    /// The screen on the right.
    Content,
}
