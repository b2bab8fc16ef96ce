//! What the Events table (of datasets) and the attribute table (of a user layer) share: the
//! header that sorts by a column (ascending, descending, back to the file's order), the
//! virtual-scrolled rows where a click picks one, the text filter and the descending order that
//! keeps missing values last. Each table keeps its own columns, cells and sort keys.

use egui::Ui;

/// The column sorted by and whether ascending; `None` is the file's order.
pub type Sort<C> = Option<(C, bool)>;

/// The height of a row (and of the header).
pub const ROW_HEIGHT: f32 = 20.0;

/// What a click on `column`'s header makes the sort: ascending, then descending, then the
/// file's order again.
pub fn next_sort<C: Copy + PartialEq>(sort: Sort<C>, column: C) -> Sort<C> {
    match sort {
        Some((c, true)) if c == column => Some((column, false)),
        Some((c, false)) if c == column => None,
        _ => Some((column, true)),
    }
}

/// Turns rows sorted ascending (missing values last) into descending order, keeping the
/// missing values last: a reader sorting "largest first" wants the blanks out of the way.
pub fn make_descending(rows: &mut [u32], is_missing: impl Fn(u32) -> bool) {
    let missing = rows.iter().rev().take_while(|&&r| is_missing(r)).count();
    let present = rows.len() - missing;
    rows[..present].reverse();
}

/// Keeps the rows where some column's text contains `needle` (already trimmed and lower-case;
/// an empty needle keeps all).
pub fn retain_matching<C: Copy>(
    rows: &mut Vec<u32>,
    columns: &[C],
    needle: &str,
    cell: impl Fn(C, usize) -> String,
) {
    if needle.is_empty() {
        return;
    }
    rows.retain(|&r| {
        columns
            .iter()
            .any(|&c| cell(c, r as usize).to_lowercase().contains(needle))
    });
}

/// A table to show: its columns with their widths and headers, and the rows in their order.
pub struct Grid<'a, C> {
    /// Distinguishes the scroll areas of two tables.
    pub id: &'a str,
    pub columns: &'a [C],
    pub widths: &'a [f32],
    pub rows: &'a [u32],
    /// The row drawn as selected.
    pub selected: Option<usize>,
}

/// Shows the header (sorting on click into `sort`) and the visible rows; returns the row
/// clicked, if any. Only the rows in view are laid out, so a million rows cost what the
/// visible ones do.
pub fn show_grid<C: Copy + PartialEq>(
    ui: &mut Ui,
    grid: &Grid<'_, C>,
    sort: &mut Sort<C>,
    header: impl Fn(C) -> String,
    cell: impl Fn(C, usize) -> String,
) -> Option<usize> {
    let mut clicked = None;
    egui::ScrollArea::horizontal()
        .id_salt((grid.id, "h"))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                for (&column, &width) in grid.columns.iter().zip(grid.widths) {
                    let sorted = match *sort {
                        Some((c, ascending)) if c == column => Some(ascending),
                        _ => None,
                    };
                    let button = egui::Button::new(egui::RichText::new(header(column)).strong())
                        .frame(false);
                    let response = ui.add_sized([width, ROW_HEIGHT], button);
                    if let Some(ascending) = sorted {
                        sort_mark(ui, response.rect, ascending);
                    }
                    if response
                        .on_hover_text(match sorted {
                            Some(true) => "Sorted ascending: click for descending",
                            Some(false) => "Sorted descending: click for the file's order",
                            None => "Sort by this column",
                        })
                        .clicked()
                    {
                        *sort = next_sort(*sort, column);
                    }
                }
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt((grid.id, "v"))
                .auto_shrink([false, false])
                .show_rows(ui, ROW_HEIGHT, grid.rows.len(), |ui, range| {
                    for &row in &grid.rows[range] {
                        let row = row as usize;
                        let response = ui
                            .horizontal(|ui| {
                                for (&column, &width) in grid.columns.iter().zip(grid.widths) {
                                    let label = egui::Label::new(cell(column, row))
                                        .truncate()
                                        .selectable(false);
                                    ui.add_sized([width, ROW_HEIGHT - 2.0], label);
                                }
                            })
                            .response
                            .interact(egui::Sense::click());
                        if grid.selected == Some(row) {
                            ui.painter().rect_filled(
                                response.rect,
                                2.0,
                                ui.visuals().selection.bg_fill.gamma_multiply(0.35),
                            );
                        }
                        if response.clicked() {
                            clicked = Some(row);
                        }
                    }
                });
        });
    clicked
}

/// A small triangle at the right of a header, pointing up when ascending. Drawn, not typed:
/// the interface font has no arrow glyphs.
fn sort_mark(ui: &Ui, header: egui::Rect, ascending: bool) {
    let centre = egui::pos2(header.right() - 6.0, header.center().y);
    let (tip, base) = if ascending { (-3.5, 3.0) } else { (3.5, -3.0) };
    let points = vec![
        centre + egui::vec2(0.0, tip),
        centre + egui::vec2(-4.0, base),
        centre + egui::vec2(4.0, base),
    ];
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        ui.visuals().strong_text_color(),
        egui::Stroke::NONE,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_cycles_ascending_descending_and_back() {
        let sort = next_sort(None, 2);
        assert_eq!(sort, Some((2, true)));
        let sort = next_sort(sort, 2);
        assert_eq!(sort, Some((2, false)));
        assert_eq!(next_sort(sort, 2), None);
        assert_eq!(next_sort(Some((1, false)), 2), Some((2, true)));
    }

    #[test]
    fn descending_keeps_the_missing_last() {
        let mut rows = vec![3, 1, 2, 9, 8];
        make_descending(&mut rows, |r| r >= 8);
        assert_eq!(rows, vec![2, 1, 3, 9, 8]);
    }
}
