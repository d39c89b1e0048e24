//! Snapshot and behaviour tests of the reusable widgets (NAV-3, X-3): every widget at 80x24 and
//! 120x40 in both themes, with style runs so colour and reverse-video selection are proven.

use crate::support::render::{SIZES, render, text_of};
use crate::support::scenes::{PRIORITIES, SCENES, Scene, SvcRow, columns, services};
use lunadeck::kit::*;
use lunadeck::ui::theme::Theme;
use lunadeck::ui::widgets::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::StatefulWidget;

fn themes() -> [(&'static str, Theme); 2] {
    [("default16", Theme::default16()), ("mono", Theme::mono())]
}

/// Draws `scene` through a real `Terminal<TestBackend>` and returns the buffer.
fn draw(scene: Scene, theme: &Theme, w: u16, h: u16) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    term.draw(|f| {
        let area = f.area();
        scene(theme, area, f.buffer_mut());
    })
    .expect("draw");
    term.backend().buffer().clone()
}

#[test]
fn nav_3_x_3_snapshot_every_widget_at_80x24_and_120x40_in_both_themes() {
    for (name, scene) in SCENES {
        for (w, h) in SIZES {
            for (theme_name, theme) in themes() {
                let buf = draw(*scene, &theme, w, h);
                insta::assert_snapshot!(format!("{name}_{w}x{h}_{theme_name}"), render(&buf));
            }
        }
    }
}

#[test]
fn nav_3_mono_selection_is_reversed_and_bold_and_uses_no_colour() {
    let buf = draw(SCENES[0].1, &Theme::mono(), 80, 24);
    let selected_rows: Vec<u16> = (0..24)
        .filter(|&y| {
            (1..79).all(|x| {
                buf.cell((x, y))
                    .is_some_and(|c| c.modifier.contains(Modifier::REVERSED | Modifier::BOLD))
            })
        })
        .collect();
    assert_eq!(
        selected_rows.len(),
        1,
        "exactly one full-width selected row"
    );
    let row = selected_rows[0];
    let text: String = (0..80)
        .filter_map(|x| buf.cell((x, row)).map(|c| c.symbol()))
        .collect();
    assert!(text.contains("▶ billing"), "{text}");
    let coloured = buf
        .content
        .iter()
        .any(|c| c.fg != ratatui::style::Color::Reset || c.bg != ratatui::style::Color::Reset);
    assert!(!coloured, "the mono theme draws no colour at all");
}

#[test]
fn nav_3_table_of_10000_rows_builds_only_the_visible_rows() {
    let mut s = TableState::new(columns()).with_rows(services(10_000));
    let theme = Theme::default16();
    for (w, h) in SIZES {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        DataTable::new(&theme)
            .priorities(&PRIORITIES)
            .title("Services")
            .render(area, &mut buf, &mut s);
        let body = usize::from(h - 3);
        assert_eq!(
            s.built_rows(),
            body,
            "{w}x{h}: borders + header leave {body} rows"
        );
        assert!(s.built_rows() <= usize::from(h));
    }
    s.select_last();
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    DataTable::new(&theme)
        .priorities(&PRIORITIES)
        .title("Services")
        .render(area, &mut buf, &mut s);
    assert_eq!(s.built_rows(), 21);
    let text = text_of(&buf);
    assert!(
        text.contains("svc-09999"),
        "the window follows the selection"
    );
    assert!(!text.contains("svc-00000"));
    assert!(text.contains("10000/10000"), "position shown in the border");
}

#[test]
fn nav_3_header_marks_the_sorted_column_and_title_shows_the_filter() {
    let theme = Theme::mono();
    let mut s: TableState<SvcRow> = TableState::new(columns()).with_rows(services(8));
    s.sort_by(2);
    s.set_filter("fin");
    let area = Rect::new(0, 0, 120, 12);
    let mut buf = Buffer::empty(area);
    DataTable::new(&theme)
        .priorities(&PRIORITIES)
        .title("Services")
        .render(area, &mut buf, &mut s);
    let text = text_of(&buf);
    assert!(text.contains("Partitions ▲"), "{text}");
    assert!(text.contains("Services (3 of 8) filter: \"fin\""), "{text}");
    s.sort_by(2);
    DataTable::new(&theme)
        .priorities(&PRIORITIES)
        .title("Services")
        .render(area, &mut buf, &mut s);
    assert!(text_of(&buf).contains("Partitions ▼"));
    s.set_filter("no such thing");
    DataTable::new(&theme)
        .priorities(&PRIORITIES)
        .title("Services")
        .render(area, &mut buf, &mut s);
    assert!(
        text_of(&buf).contains("No rows match \"no such thing\". Press Esc to clear the filter.")
    );
}

#[test]
fn nav_3_status_cells_show_symbol_and_word_in_both_themes() {
    for (_, theme) in themes() {
        let buf = draw(SCENES[0].1, &theme, 120, 40);
        let text = text_of(&buf);
        for word in ["● up", "◐ degraded", "✖ down", "? unknown"] {
            assert!(text.contains(word), "{word} missing");
        }
    }
}

#[test]
fn nav_3_secret_field_never_renders_its_content() {
    for (_, theme) in themes() {
        for (w, h) in SIZES {
            let buf = draw(crate::support::scenes::form_scene(), &theme, w, h);
            let text = text_of(&buf);
            assert!(!text.contains("hunter2"), "secret leaked at {w}x{h}");
            assert!(
                text.contains(lunadeck::kit::secret_field::TYPED_MARK) && !text.contains("•••••••"),
                "a fixed mark, not one dot per character"
            );
        }
    }
}

#[test]
fn x_3_modals_fit_at_80x24_with_their_buttons_and_key_facts_visible() {
    let wants: [(&str, &[&str]); 5] = [
        (
            "modal_confirm_detach",
            &["[ Cancel ]", "[ Detach ]", "▶[ Cancel ]"],
        ),
        (
            "modal_typed_delete_partial",
            &["Type payments to confirm", "[ Delete ]", "> paym"],
        ),
        (
            "modal_typed_delete_matched",
            &["✔ name matches", "▶[ Delete ]"],
        ),
        ("modal_message_error", &["✖ Error", "[ OK ]", "restored"]),
        (
            "modal_host_key",
            &["ssh-ed25519", "SHA256:", "▶[ Reject ]", "[ Trust ]"],
        ),
    ];
    for (name, needles) in wants {
        let scene = SCENES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s);
        let buf = draw(scene.expect("scene"), &Theme::mono(), 80, 24);
        let text = text_of(&buf);
        for n in needles {
            assert!(text.contains(n), "{name}: {n:?} not visible in\n{text}");
        }
    }
}

#[test]
fn x_3_typed_delete_button_is_drawn_disabled_until_the_name_matches() {
    let find = |name: &str| SCENES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s);
    let delete_style = |buf: &Buffer| {
        let text = text_of(buf);
        let row = text
            .lines()
            .position(|l| l.contains("[ Delete ]"))
            .expect("button row");
        let col = text
            .lines()
            .nth(row)
            .and_then(|l| l.find("[ Delete ]"))
            .expect("col");
        let x = text
            .lines()
            .nth(row)
            .map(|l| l[..col].chars().count())
            .expect("x");
        buf.cell((x as u16 + 2, row as u16))
            .map(|c| c.modifier)
            .expect("cell")
    };
    let partial = draw(
        find("modal_typed_delete_partial").expect("scene"),
        &Theme::mono(),
        80,
        24,
    );
    assert!(delete_style(&partial).contains(Modifier::CROSSED_OUT | Modifier::DIM));
    let matched = draw(
        find("modal_typed_delete_matched").expect("scene"),
        &Theme::mono(),
        80,
        24,
    );
    assert!(delete_style(&matched).contains(Modifier::REVERSED));
}

#[test]
fn x_3_widgets_draw_through_frame_render_calls_as_screens_use_them() {
    let theme = Theme::mono();
    let mut table = TableState::new(columns()).with_rows(services(50));
    let modal = ConfirmModal::new("Remove device", vec!["Remove hsm-a1?".into()], "Remove");
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    term.draw(|f| {
        f.render_stateful_widget(
            DataTable::new(&theme)
                .priorities(&PRIORITIES)
                .title("Devices"),
            f.area(),
            &mut table,
        );
        f.render_widget(Themed(&modal, &theme, &DialogKeys::default()), f.area());
    })
    .expect("draw");
    let text = text_of(term.backend().buffer());
    assert!(
        text.contains("Devices (50)") && text.contains("▶[ Cancel ]"),
        "{text}"
    );
    assert_eq!(table.built_rows(), 21);
}
