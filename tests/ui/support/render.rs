//! Drawing for snapshot tests: the two sizes every screen is checked at, the frame drawn through
//! a real `Terminal<TestBackend>`, and a buffer as text followed by its runs of styled cells.

use lunadeck::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// 80x24 (the smallest supported) and 120x40.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The whole console drawn at `(w, h)`.
pub fn draw_app(app: &App, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| lunadeck::ui::draw(app, f)).unwrap();
    t
}

/// The text grid, then every run of styled cells per row ("fg/bg/modifiers"), so a snapshot
/// shows both what is written and how (REVERSED|BOLD selection in mono, colours in default).
pub fn render(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = text_of(buf);
    out.push_str("--- styles (row: cols fg/bg/modifiers) ---\n");
    for y in 0..area.height {
        let mut runs: Vec<(u16, u16, String)> = Vec::new();
        for x in 0..area.width {
            let Some(c) = buf.cell((x, y)) else { continue };
            let style = describe(c);
            if style.is_empty() {
                continue;
            }
            match runs.last_mut() {
                Some((_, end, s)) if *end + 1 == x && *s == style => *end = x,
                _ => runs.push((x, x, style)),
            }
        }
        for (a, b, s) in runs {
            out.push_str(&format!("{y:02}: {a:>3}..{b:<3} {s}\n"));
        }
    }
    out
}

/// The console drawn at `size`, rendered with its styles.
pub fn render_app(app: &App, size: (u16, u16)) -> String {
    render(draw_app(app, size).backend().buffer())
}

/// The text grid alone, each row without trailing spaces.
pub fn text_of(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let line: String = (0..area.width)
            .map(|x| buf.cell((x, y)).map_or(" ", |c| c.symbol()))
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The console's text at `size`.
pub fn app_text(app: &App, size: (u16, u16)) -> String {
    text_of(draw_app(app, size).backend().buffer())
}

fn describe(c: &ratatui::buffer::Cell) -> String {
    use ratatui::style::Color;
    let mut parts = Vec::new();
    if c.fg != Color::Reset {
        parts.push(format!("fg={:?}", c.fg));
    }
    if c.bg != Color::Reset {
        parts.push(format!("bg={:?}", c.bg));
    }
    if !c.modifier.is_empty() {
        parts.push(format!("{:?}", c.modifier));
    }
    parts.join(" ")
}
