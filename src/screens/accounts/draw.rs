//! Draws the Accounts screen: for an Admin, users and organizations side by side; an Owner
//! sees a "not permitted" notice and nothing else.

use super::key_table::AccountsKey;
use super::{Accounts, AccountsList};
use crate::app::App;
use crate::domain::operation::Operation;
use crate::ui::screens::panel_common::{body_and_hints, hints, theme};
use crate::ui::widgets::DataTable;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub(super) fn draw(p: &Accounts, app: &App, frame: &mut Frame, area: Rect) {
    let t = theme(app);
    let admin = app
        .session
        .as_ref()
        .is_some_and(|s| s.read_refusal(Operation::ManageAccounts).is_none());
    let refusal = match (&p.refused, admin) {
        (_, false) => Some(format!(
            "Accounts and organizations are managed by an Admin. Your own password: press {} \
             to change it (the current one first).",
            app.keymap.first_key(AccountsKey::Password)
        )),
        (Some(m), true) => Some(m.clone()),
        (None, true) => None,
    };
    if let Some(m) = refusal {
        let block = Block::default().borders(Borders::ALL).title(" Accounts ");
        frame.render_widget(
            Paragraph::new(m)
                .style(t.warning)
                .block(block)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let (body, hint) = body_and_hints(area);
    if !p.loaded {
        let block = Block::default().borders(Borders::ALL).title(" Accounts ");
        frame.render_widget(Paragraph::new("Loading the accounts…").block(block), body);
    } else {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                .areas(body);
        let table = DataTable::new(&t)
            .title("Users")
            .priorities(&crate::ui::columns::USERS)
            .empty_text("No accounts.")
            .focused(p.focus == AccountsList::Users);
        table.render_ref(left, frame.buffer_mut(), &p.users);
        let table = DataTable::new(&t)
            .title("Organizations")
            .priorities(&crate::ui::columns::ORGANIZATIONS)
            .empty_text("No organizations. Press o to create one.")
            .focused(p.focus == AccountsList::Organizations);
        table.render_ref(right, frame.buffer_mut(), &p.organizations);
    }
    hints(
        frame,
        hint,
        app,
        &[
            (AccountsKey::NewUser, "new user"),
            (AccountsKey::NewOrganization, "new organization"),
            (AccountsKey::ToggleDisabled, "disable/enable"),
            (AccountsKey::Password, "password"),
            (AccountsKey::SwitchList, "switch list"),
        ],
    );
}
