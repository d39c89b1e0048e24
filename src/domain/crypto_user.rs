//! The two crypto-user tables of the seed (HA-2) as data: what happens to the crypto user of a
//! new partition, and of the old partitions, when new partitions of a PPSO service are initialized.

use super::partition::RoleState;

/// Which table applies: PPSO password services (initialize CU) or PPSO PED services (activate CU).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CuTableKind {
    PpsoPassword,
    PpsoPed,
}

/// One row of a seed table. `old_done` is "Already initialized" / "Already activated" of the
/// old partitions; `new_done` and `old_done_after` are the Initialization Status columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CuRow {
    pub kind: CuTableKind,
    /// The Initialize Crypto User (password) / Activate Crypto User (PED) checkbox.
    pub choose: bool,
    pub old_done: bool,
    pub new_done: bool,
    pub old_done_after: bool,
    pub behaviour: &'static str,
}

const NO_CHANGE: &str = "No change on old partition";

/// The seed's tables, row by row, in the seed's order.
pub const CU_TABLE: [CuRow; 8] = [
    row(CuTableKind::PpsoPassword, true, true, true, true, NO_CHANGE),
    row(
        CuTableKind::PpsoPassword,
        true,
        false,
        true,
        true,
        "Old partition will also be initialized",
    ),
    row(
        CuTableKind::PpsoPassword,
        false,
        true,
        false,
        true,
        NO_CHANGE,
    ),
    row(
        CuTableKind::PpsoPassword,
        false,
        false,
        false,
        false,
        NO_CHANGE,
    ),
    row(CuTableKind::PpsoPed, true, true, true, true, NO_CHANGE),
    row(
        CuTableKind::PpsoPed,
        true,
        false,
        true,
        true,
        "Old partition will also be activated",
    ),
    row(CuTableKind::PpsoPed, false, true, false, true, NO_CHANGE),
    row(CuTableKind::PpsoPed, false, false, false, false, NO_CHANGE),
];

const fn row(
    kind: CuTableKind,
    choose: bool,
    old_done: bool,
    new_done: bool,
    old_done_after: bool,
    behaviour: &'static str,
) -> CuRow {
    CuRow {
        kind,
        choose,
        old_done,
        new_done,
        old_done_after,
        behaviour,
    }
}

/// What initializing new partitions does to the crypto user roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CuOutcome {
    pub kind: CuTableKind,
    pub new_partition: RoleState,
    pub old_partitions: RoleState,
    pub behaviour: &'static str,
}

/// Whether a crypto user in state `s` counts as "already initialized" (password) or "already
/// activated" (PED) in the table.
fn is_done(kind: CuTableKind, s: RoleState) -> bool {
    match kind {
        CuTableKind::PpsoPassword => s.is_initialized(),
        CuTableKind::PpsoPed => s == RoleState::Activated,
    }
}

/// The state a "done" cell stands for.
fn done_state(kind: CuTableKind) -> RoleState {
    match kind {
        CuTableKind::PpsoPassword => RoleState::Initialized,
        CuTableKind::PpsoPed => RoleState::Activated,
    }
}

/// The row of the seed's table for `kind`, the checkbox `choose` and the old partitions'
/// crypto-user state `old`, and its outcome. A new partition whose crypto user is not chosen
/// stays `NotInitialized`; old partitions the table does not change keep exactly `old` (a PED
/// crypto user initialized but not activated stays initialized).
pub fn new_partition_cu(kind: CuTableKind, choose: bool, old: RoleState) -> CuOutcome {
    let old_done = is_done(kind, old);
    let found = CU_TABLE
        .iter()
        .find(|r| r.kind == kind && r.choose == choose && r.old_done == old_done);
    // The table covers every (kind, choose, old_done); the fallback repeats its rule.
    let (new_done, old_done_after, behaviour) = match found {
        Some(r) => (r.new_done, r.old_done_after, r.behaviour),
        None => (choose, choose || old_done, NO_CHANGE),
    };
    CuOutcome {
        kind,
        new_partition: if new_done {
            done_state(kind)
        } else {
            RoleState::NotInitialized
        },
        old_partitions: if old_done_after && !old_done {
            done_state(kind)
        } else {
            old
        },
        behaviour,
    }
}

/// The Initialization Status word of the seed for a cell ("Initialized" / "Uninitialized",
/// "Activated" / "Not activated").
pub fn status_word(kind: CuTableKind, state: RoleState) -> &'static str {
    match (kind, is_done(kind, state)) {
        (CuTableKind::PpsoPassword, true) => "Initialized",
        (CuTableKind::PpsoPassword, false) => "Uninitialized",
        (CuTableKind::PpsoPed, true) => "Activated",
        (CuTableKind::PpsoPed, false) => "Not activated",
    }
}

impl CuOutcome {
    /// The row as the seed prints it: "Old partition will also be initialized (New:
    /// Initialized, Old: Initialized)".
    pub fn status_line(&self) -> String {
        format!(
            "{} (New: {}, Old: {})",
            self.behaviour,
            status_word(self.kind, self.new_partition),
            status_word(self.kind, self.old_partitions)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CuTableKind::{PpsoPassword as Pw, PpsoPed as Ped};
    use RoleState::{Activated as A, Initialized as I, NotInitialized as N};

    fn check(
        kind: CuTableKind,
        choose: bool,
        old: RoleState,
        want: (RoleState, RoleState, &str),
        words: (&str, &str),
    ) {
        let got = new_partition_cu(kind, choose, old);
        assert_eq!(
            (got.new_partition, got.old_partitions, got.behaviour),
            want,
            "{kind:?} choose={choose} old={old:?}"
        );
        assert_eq!(status_word(kind, got.new_partition), words.0);
        assert_eq!(status_word(kind, got.old_partitions), words.1);
    }

    #[test]
    fn ha_2_password_choose_old_initialized() {
        check(
            Pw,
            true,
            I,
            (I, I, "No change on old partition"),
            ("Initialized", "Initialized"),
        );
    }

    #[test]
    fn ha_2_password_choose_old_not_initialized() {
        check(
            Pw,
            true,
            N,
            (I, I, "Old partition will also be initialized"),
            ("Initialized", "Initialized"),
        );
    }

    #[test]
    fn ha_2_password_skip_old_initialized() {
        check(
            Pw,
            false,
            I,
            (N, I, "No change on old partition"),
            ("Uninitialized", "Initialized"),
        );
    }

    #[test]
    fn ha_2_password_skip_old_not_initialized() {
        check(
            Pw,
            false,
            N,
            (N, N, "No change on old partition"),
            ("Uninitialized", "Uninitialized"),
        );
    }

    #[test]
    fn ha_2_ped_choose_old_activated() {
        check(
            Ped,
            true,
            A,
            (A, A, "No change on old partition"),
            ("Activated", "Activated"),
        );
    }

    #[test]
    fn ha_2_ped_choose_old_not_activated() {
        check(
            Ped,
            true,
            N,
            (A, A, "Old partition will also be activated"),
            ("Activated", "Activated"),
        );
        // initialized but not activated is "not activated" too
        check(
            Ped,
            true,
            I,
            (A, A, "Old partition will also be activated"),
            ("Activated", "Activated"),
        );
    }

    #[test]
    fn ha_2_ped_skip_old_activated() {
        check(
            Ped,
            false,
            A,
            (N, A, "No change on old partition"),
            ("Not activated", "Activated"),
        );
    }

    #[test]
    fn ha_2_ped_skip_old_not_activated() {
        check(
            Ped,
            false,
            N,
            (N, N, "No change on old partition"),
            ("Not activated", "Not activated"),
        );
        check(
            Ped,
            false,
            I,
            (N, I, "No change on old partition"),
            ("Not activated", "Not activated"),
        );
    }

    #[test]
    fn ha_2_table_has_each_case_once() {
        for kind in [Pw, Ped] {
            for choose in [true, false] {
                for old_done in [true, false] {
                    let n = CU_TABLE
                        .iter()
                        .filter(|r| r.kind == kind && r.choose == choose && r.old_done == old_done)
                        .count();
                    assert_eq!(n, 1, "{kind:?} {choose} {old_done}");
                }
            }
        }
    }
}
