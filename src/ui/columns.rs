//! The widths of every data table's columns (presentation lives in `ui`; `app` and `kit` know
//! only the titles), in the order of the screen's columns.

use ratatui::layout::Constraint;

pub const ORGANIZATIONS: [Constraint; 2] = [Constraint::Length(4), Constraint::Fill(1)];

pub const USERS: [Constraint; 4] = [
    Constraint::Fill(1),
    Constraint::Length(6),
    Constraint::Fill(1),
    Constraint::Length(11),
];

/// Name and Status keep their width at 80 columns; the others share what is left.
pub const SERVICES: [Constraint; 6] = [
    Constraint::Min(12),
    Constraint::Fill(1),
    Constraint::Fill(1),
    Constraint::Fill(1),
    Constraint::Fill(2),
    Constraint::Length(10),
];
