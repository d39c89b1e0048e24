//! Unit tests of the data table state (NAV-3): sort toggling, filter as you type, selection
//! kept by key across refreshes and filters, and the scroll window.

use crate::kit::StatusKind;
use crate::kit::table_cell::{CellValue, Column};
use crate::kit::table_state::{SortDir, TableRow, TableState};

#[derive(Debug, Clone, PartialEq)]
struct Svc {
    id: u32,
    name: &'static str,
    size: i64,
    status: StatusKind,
}

impl TableRow for Svc {
    type Key = u32;
    fn key(&self) -> u32 {
        self.id
    }
    fn cells(&self) -> Vec<CellValue> {
        vec![
            CellValue::text(self.name),
            CellValue::number(self.size),
            CellValue::status(self.status),
        ]
    }
}

fn svc(id: u32, name: &'static str, size: i64, status: StatusKind) -> Svc {
    Svc {
        id,
        name,
        size,
        status,
    }
}

fn state() -> TableState<Svc> {
    let cols = vec![
        Column::new("Name"),
        Column::new("Size"),
        Column::new("Status"),
    ];
    TableState::new(cols).with_rows(vec![
        svc(1, "payments", 300, StatusKind::Up),
        svc(2, "Archive", 20, StatusKind::Down),
        svc(3, "billing", 1000, StatusKind::Degraded),
        svc(4, "audit-keys", 20, StatusKind::Up),
    ])
}

fn ids(s: &TableState<Svc>) -> Vec<u32> {
    (0..s.visible_len())
        .filter_map(|p| {
            let cells = s.visible_cells(p)?;
            s.rows().iter().find(|r| r.cells() == cells).map(|r| r.id)
        })
        .collect()
}

#[test]
fn nav_3_sort_by_column_toggles_asc_then_desc() {
    let mut s = state();
    assert_eq!(ids(&s), [1, 2, 3, 4], "unsorted keeps the given order");
    s.sort_by(0);
    assert_eq!(s.sort().map(|x| x.dir), Some(SortDir::Asc));
    assert_eq!(ids(&s), [2, 4, 3, 1], "text sorts case-insensitively");
    s.sort_by(0);
    assert_eq!(s.sort().map(|x| x.dir), Some(SortDir::Desc));
    assert_eq!(ids(&s), [1, 3, 4, 2]);
    s.sort_by(1);
    assert_eq!(s.sort().map(|x| (x.column, x.dir)), Some((1, SortDir::Asc)));
    assert_eq!(
        ids(&s),
        [2, 4, 1, 3],
        "numbers sort numerically, ties keep order"
    );
    s.sort_by(1);
    assert_eq!(ids(&s), [3, 1, 2, 4], "descending keeps ties in order");
    s.sort_by(2);
    assert_eq!(ids(&s), [1, 4, 3, 2], "status sorts up, degraded, down");
}

#[test]
fn nav_3_sort_by_unknown_column_is_ignored() {
    let mut s = state();
    s.sort_by(9);
    assert_eq!(s.sort(), None);
}

#[test]
fn nav_3_filter_is_case_insensitive_substring_over_all_cells() {
    let cases: [(&str, &[u32]); 7] = [
        ("", &[1, 2, 3, 4]),
        ("ARCH", &[2]),
        ("i", &[2, 3, 4]),
        ("20", &[2, 4]),
        ("down", &[2]),
        ("● up", &[1, 4]),
        ("zzz", &[]),
    ];
    for (filter, want) in cases {
        let mut s = state();
        s.set_filter(filter);
        assert_eq!(ids(&s), want, "filter {filter:?}");
        assert_eq!(s.filter(), filter.to_lowercase());
    }
}

#[test]
fn nav_3_filter_typed_char_by_char_then_erased_matches_a_fresh_filter() {
    let mut s = state();
    s.sort_by(1);
    for typed in ["a", "au", "aud", "au", "a", ""] {
        s.set_filter(typed);
        let mut fresh = state();
        fresh.sort_by(1);
        fresh.set_filter(typed);
        assert_eq!(ids(&s), ids(&fresh), "after typing {typed:?}");
    }
}

#[test]
fn nav_3_selection_is_kept_by_key_across_refresh_sort_and_filter() {
    let mut s = state();
    s.select_next();
    s.select_next();
    assert_eq!(s.selected_key(), Some(3));
    s.replace_rows(vec![
        svc(9, "new", 1, StatusKind::Unknown),
        svc(3, "billing", 1000, StatusKind::Down),
        svc(1, "payments", 300, StatusKind::Up),
    ]);
    assert_eq!(
        s.selected_key(),
        Some(3),
        "refresh keeps the row, not the index"
    );
    assert_eq!(s.selected_index(), Some(1));
    s.sort_by(1);
    assert_eq!(s.selected_key(), Some(3), "sorting keeps the row");
    s.set_filter("bill");
    assert_eq!(
        s.selected_key(),
        Some(3),
        "filtering keeps the row when it matches"
    );
    s.set_filter("pay");
    assert_eq!(
        s.selected_key(),
        Some(1),
        "a hidden row gives way to the first match"
    );
    s.set_filter("nothing");
    assert_eq!(s.selected_key(), None);
}

#[test]
fn nav_3_selection_of_a_removed_row_stays_at_its_position() {
    let mut s = state();
    s.select_last();
    assert_eq!(s.selected_key(), Some(4));
    s.replace_rows(vec![
        svc(1, "a", 1, StatusKind::Up),
        svc(2, "b", 1, StatusKind::Up),
    ]);
    assert_eq!(s.selected_key(), Some(2), "clamped to the last row");
    s.replace_rows(vec![]);
    assert_eq!(s.selected_key(), None);
    s.select_next();
    assert_eq!(s.selected_index(), None);
}

#[test]
fn nav_3_moves_clamp_at_both_ends_and_select_key_finds_rows() {
    let mut s = state();
    s.select_prev();
    assert_eq!(s.selected_index(), Some(0));
    for _ in 0..10 {
        s.select_next();
    }
    assert_eq!(s.selected_index(), Some(3));
    s.select_first();
    assert_eq!(s.selected_key(), Some(1));
    assert!(s.select_key(&2));
    assert_eq!(s.selected_key(), Some(2));
    assert!(!s.select_key(&42));
    assert_eq!(s.selected_key(), Some(2));
}

#[test]
fn nav_3_window_follows_the_selection_and_pages_by_its_height() {
    let rows: Vec<Svc> = (0..100)
        .map(|i| svc(i, "x", i64::from(i), StatusKind::Up))
        .collect();
    let mut s = TableState::new(vec![Column::new("N")]).with_rows(rows);
    assert_eq!(s.window(10), 0..10);
    s.page_down();
    assert_eq!(s.selected_index(), Some(10));
    assert_eq!(s.window(10), 1..11);
    s.select_last();
    assert_eq!(s.window(10), 90..100);
    s.page_up();
    assert_eq!(s.window(10), 89..99);
    s.select_first();
    assert_eq!(s.window(10), 0..10);
    assert_eq!(s.window(0), 0..0);
    assert_eq!(s.window(500), 0..100);
}

#[test]
fn nav_3_sort_and_reverse_have_one_meaning_for_every_table() {
    let mut t = state();
    let sort = |t: &TableState<Svc>| t.sort().map(|s| (s.column, s.dir));
    t.sort_next(true);
    assert_eq!(
        sort(&t),
        Some((0, SortDir::Asc)),
        "unsorted: reverse sorts the first column"
    );
    t.sort_next(true);
    assert_eq!(
        sort(&t),
        Some((0, SortDir::Desc)),
        "reverse flips the direction"
    );
    t.sort_next(true);
    assert_eq!(sort(&t), Some((0, SortDir::Asc)), "and back");
    t.sort_next(false);
    assert_eq!(
        sort(&t),
        Some((1, SortDir::Asc)),
        "sort: the next column, ascending"
    );
    t.sort_next(false);
    t.sort_next(false);
    assert_eq!(
        sort(&t),
        Some((0, SortDir::Asc)),
        "wraps to the first column"
    );
}
