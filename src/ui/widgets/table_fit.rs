//! Column widths by content and priority (issue 11.2): each column as wide as its widest
//! visible value; when the table is too narrow the optional columns drop (lowest priority first)
//! before any is cut, then the widest shrink (their cells end with `…`), not below legible.

/// What one column asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnNeed {
    /// The widest value shown (the header with its sort marker included).
    pub desired: u16,
    /// Below this it is dropped rather than shrunk.
    pub min: u16,
    /// 0 is kept longest; larger numbers drop first (ties: the rightmost first).
    pub priority: u8,
}

/// Columns narrower than this are not shrunk further (unless they want less).
pub const LEGIBLE: u16 = 10;

/// The width of each column in `available` cells with `spacing` between columns; None for a
/// dropped column. Columns of priority above 0 drop (lowest first) before any column shrinks;
/// then the widest shrink down to their minimums; at least one column is always kept.
pub fn fit(needs: &[ColumnNeed], available: u16, spacing: u16) -> Vec<Option<u16>> {
    let avail = u32::from(available);
    let total = |kept: &[bool], widths: &[u16]| -> u32 {
        let n = kept.iter().filter(|k| **k).count() as u32;
        let sum: u32 = widths
            .iter()
            .zip(kept)
            .filter(|(_, k)| **k)
            .map(|(w, _)| u32::from(*w))
            .sum();
        sum + u32::from(spacing) * n.saturating_sub(1)
    };
    let desired: Vec<u16> = needs.iter().map(|c| c.desired).collect();
    let mins: Vec<u16> = needs.iter().map(|c| c.min.min(c.desired)).collect();
    let mut kept: Vec<bool> = vec![true; needs.len()];
    let drop_one = |kept: &mut Vec<bool>, only_optional: bool| -> bool {
        let victim = needs
            .iter()
            .enumerate()
            .filter(|(i, c)| kept[*i] && (!only_optional || c.priority > 0))
            .max_by_key(|(i, c)| (c.priority, *i))
            .map(|(i, _)| i);
        match victim {
            Some(i) if kept.iter().filter(|k| **k).count() > 1 => {
                kept[i] = false;
                true
            }
            _ => false,
        }
    };
    // Optional columns go before anything is cut.
    while total(&kept, &desired) > avail && drop_one(&mut kept, true) {}
    // Key columns that cannot all fit even at their minimums: the rightmost go.
    while total(&kept, &mins) > avail && drop_one(&mut kept, false) {}
    // A dropped optional column comes back, cut, where the room left over by the kept ones
    // (at their full width) holds its minimum — most important first.
    let mut dropped: Vec<usize> = (0..needs.len()).filter(|i| !kept[*i]).collect();
    dropped.sort_by_key(|i| (needs[*i].priority, *i));
    for i in dropped {
        let mut with = kept.clone();
        with[i] = true;
        let mut floor = desired.clone();
        floor[i] = mins[i];
        if total(&with, &floor) <= avail {
            kept = with;
        }
    }
    let mut widths = desired.clone();
    // Shrink the widest optional columns first, then the widest of all, one cell at a time,
    // down to their minimums.
    let mut excess = total(&kept, &widths).saturating_sub(avail);
    while excess > 0 {
        let shrinkable = |i: &usize| kept[*i] && widths[*i] > mins[*i];
        // The least important first, the widest among equals.
        let widest_of = |optional: bool| {
            (0..needs.len())
                .filter(shrinkable)
                .filter(|i| !optional || needs[*i].priority > 0)
                .max_by_key(|i| (needs[*i].priority, widths[*i], std::cmp::Reverse(*i)))
        };
        let Some(i) = widest_of(true).or_else(|| widest_of(false)) else {
            break;
        };
        widths[i] -= 1;
        excess -= 1;
    }
    // Room left: shared by the kept columns, so the table spans its pane.
    let n = kept.iter().filter(|k| **k).count() as u32;
    let used = total(&kept, &widths);
    if used < avail && n > 0 {
        let slack = avail - used;
        let (each, mut rest) = (slack / n, slack % n);
        for (w, k) in widths.iter_mut().zip(&kept) {
            if *k {
                let extra = each + u32::from(rest > 0);
                rest = rest.saturating_sub(1);
                *w = w.saturating_add(u16::try_from(extra).unwrap_or(u16::MAX));
            }
        }
    }
    widths
        .into_iter()
        .zip(kept)
        .map(|(w, k)| k.then_some(w))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(desired: u16, priority: u8) -> ColumnNeed {
        ColumnNeed {
            desired,
            min: LEGIBLE,
            priority,
        }
    }

    #[test]
    fn x_11_2_wide_enough_every_column_gets_its_content_and_the_rest_is_shared() {
        let w = fit(&[need(10, 0), need(20, 0)], 40, 1);
        assert_eq!(w, [Some(15), Some(24)]);
    }

    #[test]
    fn x_11_2_too_narrow_the_widest_shrinks_first() {
        let w = fit(&[need(12, 0), need(30, 0), need(8, 0)], 40, 1);
        assert_eq!(w, [Some(12), Some(18), Some(8)]);
    }

    #[test]
    fn x_11_2_an_optional_column_drops_before_a_key_column_is_cut() {
        // Shrinking the name by 3 would fit all three, but a key column is not cut while an
        // optional one can go.
        let w = fit(&[need(28, 0), need(12, 1), need(12, 0)], 50, 1);
        assert_eq!(w, [Some(33), None, Some(16)]);
    }

    #[test]
    fn x_11_2_an_optional_column_comes_back_cut_into_the_room_left() {
        // Status, name, a 42-character host: the host is cut to what is left, not dropped.
        let w = fit(&[need(14, 0), need(28, 0), need(42, 1)], 76, 1);
        assert_eq!(w, [Some(14), Some(28), Some(32)]);
    }

    #[test]
    fn x_11_2_low_priority_columns_drop_before_key_columns_shrink_below_legible() {
        // Status 14, name 28, host 30, model 20: 80 columns minus the marker and spacing.
        let needs = [need(14, 0), need(28, 0), need(30, 2), need(20, 3)];
        let w = fit(&needs, 30, 1);
        assert_eq!(w, [Some(14), Some(15), None, None]);
        // A status column never shrinks below its content (the room left is its own).
        let status = ColumnNeed {
            desired: 16,
            min: 16,
            priority: 0,
        };
        assert_eq!(fit(&[status, need(40, 1)], 20, 1), [Some(20), None]);
        // At least one column is kept, however narrow.
        assert_eq!(fit(&[need(40, 0)], 5, 1), [Some(10)]);
    }
}
