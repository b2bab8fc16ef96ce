//! Story › Draft from article…: the analyst pastes or opens an article, the drafter proposes
//! the actors, ties and events it finds (each with the sentence it rests on), and the analyst
//! ticks what to keep. Adding is one undoable edit made by [`crate::draft::to_edit`]; nothing
//! reaches the story before that.

use std::path::Path;
use std::time::Instant;

use egui::text::LayoutJob;
use egui::{Color32, TextFormat, Ui};

use crate::draft::{Accepted, ArticleFormat, ArticleInfo, Draft, Quote, draft, to_edit};
use crate::gazetteer::Gazetteer;
use crate::model::{FuzzyDate, Project};

use super::actions::Action;
use super::draft_edit::{Proposal, ProposalEditor};

/// Ticked by default: what the drafter is fairly sure of.
const DEFAULT_MINIMUM: f64 = 0.6;

/// The dialog's state, kept between frames.
#[derive(Default)]
pub struct DraftDialog {
    stage: Option<Stage>,
}

enum Stage {
    Input(ArticleInput),
    Review(Box<Review>),
}

/// The article as typed, pasted or read from a file, and what is known about it.
#[derive(Default)]
struct ArticleInput {
    text: String,
    format: Option<ArticleFormat>,
    title: String,
    outlet: String,
    date: String,
    /// Why the last attempt to draft did not work, shown under the fields.
    problem: Option<String>,
}

/// The proposals and which of them are ticked.
struct Review {
    input: ArticleInput,
    draft: Draft,
    actors: Vec<bool>,
    ties: Vec<bool>,
    events: Vec<bool>,
    minimum: f64,
    /// The quote of the proposal under the pointer, highlighted in the article.
    hovered: Option<(usize, usize)>,
    took_ms: f64,
    /// The proposal whose fields are open for correcting, if any.
    editor: Option<ProposalEditor>,
}

impl Review {
    fn tick_above(&mut self, minimum: f64) {
        self.actors = self
            .draft
            .actors
            .iter()
            .map(|a| a.confidence >= minimum)
            .collect();
        self.ties = self
            .draft
            .ties
            .iter()
            .map(|t| t.confidence >= minimum)
            .collect();
        self.events = self
            .draft
            .events
            .iter()
            .map(|e| e.confidence >= minimum)
            .collect();
    }

    fn accepted(&self) -> Accepted {
        let ticked = |flags: &[bool]| {
            flags
                .iter()
                .enumerate()
                .filter(|(_, on)| **on)
                .map(|(i, _)| i)
                .collect()
        };
        Accepted {
            actors: ticked(&self.actors),
            ties: ticked(&self.ties),
            events: ticked(&self.events),
        }
    }

    /// The tick box of one proposal (a spare one for an index out of range).
    fn ticked_mut(&mut self, proposal: Proposal) -> &mut bool {
        let (flags, index) = match proposal {
            Proposal::Actor(i) => (&mut self.actors, i),
            Proposal::Tie(i) => (&mut self.ties, i),
            Proposal::Event(i) => (&mut self.events, i),
        };
        if index >= flags.len() {
            flags.resize(index + 1, false);
        }
        &mut flags[index]
    }

    fn ticked_count(&self) -> usize {
        [&self.actors, &self.ties, &self.events]
            .iter()
            .map(|flags| flags.iter().filter(|on| **on).count())
            .sum()
    }
}

impl DraftDialog {
    pub fn is_open(&self) -> bool {
        self.stage.is_some()
    }

    /// Opens the dialog on an empty article (or keeps the one being worked on).
    pub fn open(&mut self) {
        if self.stage.is_none() {
            self.stage = Some(Stage::Input(ArticleInput::default()));
        }
    }

    /// Reads an article file into the dialog and drafts it at once.
    pub fn open_file(&mut self, path: &Path) -> Result<(), String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("Cannot read {}: {e}", path.display()))?;
        let text = decode(&bytes);
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let title = path
            .file_stem()
            .map(|s| s.to_string_lossy().replace(['_', '-'], " "))
            .unwrap_or_default();
        let mut input = ArticleInput {
            text,
            format: Some(ArticleFormat::from_extension(extension)),
            title,
            ..ArticleInput::default()
        };
        if input.text.trim().is_empty() {
            input.problem = Some(format!("{} holds no text to draft from.", path.display()));
            self.stage = Some(Stage::Input(input));
            return Ok(());
        }
        self.stage = Some(self.drafted(input));
        Ok(())
    }

    fn drafted(&mut self, mut input: ArticleInput) -> Stage {
        let date = match input.date.trim() {
            "" => None,
            text => match text.parse::<FuzzyDate>() {
                Ok(date) => Some(date),
                Err(error) => {
                    input.problem = Some(format!("Published: {error}"));
                    return Stage::Input(input);
                }
            },
        };
        let Some(gazetteer) = Gazetteer::shared() else {
            input.problem = Some("The bundled gazetteer could not be read.".to_owned());
            return Stage::Input(input);
        };
        let info = ArticleInfo {
            title: non_empty(&input.title),
            outlet: non_empty(&input.outlet),
            date,
        };
        let format = input.format.unwrap_or_else(|| guess_format(&input.text));
        let started = Instant::now();
        let drafted = draft(&input.text, format, &info, gazetteer);
        let took_ms = started.elapsed().as_secs_f64() * 1000.0;
        input.problem = None;
        let mut review = Review {
            input,
            draft: drafted,
            actors: Vec::new(),
            ties: Vec::new(),
            events: Vec::new(),
            minimum: DEFAULT_MINIMUM,
            hovered: None,
            took_ms,
            editor: None,
        };
        review.tick_above(DEFAULT_MINIMUM);
        Stage::Review(Box::new(review))
    }

    /// Draws the dialog; returns what the analyst asked for.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(stage) = self.stage.take() else {
            return actions;
        };
        let screen = ctx.content_rect();
        let width = (screen.width() - 80.0).clamp(480.0, 1100.0);
        let height = (screen.height() - 120.0).clamp(360.0, 760.0);
        let mut next = Some(stage);
        egui::Modal::new(egui::Id::unique("draft_from_article")).show(ctx, |ui| {
            ui.set_width(width);
            ui.set_height(height);
            ui.heading("Draft from article");
            next = match next.take() {
                Some(Stage::Input(mut input)) => match input_stage(ui, &mut input) {
                    InputAnswer::Stay => Some(Stage::Input(input)),
                    InputAnswer::Cancel => None,
                    InputAnswer::OpenFile => {
                        actions.push(Action::PickArticleFile);
                        Some(Stage::Input(input))
                    }
                    InputAnswer::Draft => Some(self.drafted(input)),
                },
                Some(Stage::Review(mut review)) => match review_stage(ui, &mut review) {
                    ReviewAnswer::Stay => Some(Stage::Review(review)),
                    ReviewAnswer::Cancel => None,
                    ReviewAnswer::Back => Some(Stage::Input(review.input)),
                    ReviewAnswer::Add => {
                        let edit = to_edit(&review.draft, &review.accepted(), project);
                        actions.push(Action::edit(
                            edit,
                            format!("add the draft of “{}”", review.draft.title),
                        ));
                        None
                    }
                },
                None => None,
            };
        });
        self.stage = next;
        actions
    }
}

enum InputAnswer {
    Stay,
    Cancel,
    OpenFile,
    Draft,
}

fn input_stage(ui: &mut Ui, input: &mut ArticleInput) -> InputAnswer {
    let mut answer = InputAnswer::Stay;
    ui.label(
        "Paste an article or open a text, HTML or Markdown file. Faultline proposes the actors, \
         ties and events it finds, each with its sentence; nothing is added until you choose.",
    );
    egui::Grid::new("draft_article_info")
        .num_columns(2)
        .show(ui, |ui| {
            for (label, value, hint) in [
                ("Title", &mut input.title, "the article's headline"),
                ("Outlet", &mut input.outlet, "who published it"),
                ("Published", &mut input.date, "e.g. 2026-03-12"),
            ] {
                let label = ui.label(label);
                ui.add(
                    egui::TextEdit::singleline(value)
                        .hint_text(hint)
                        .desired_width(360.0),
                )
                .labelled_by(label.id);
                ui.end_row();
            }
        });
    let label = ui.label("Article text");
    // The text fills the dialog down to its buttons.
    let bottom = if input.problem.is_some() { 64.0 } else { 40.0 };
    let height = (ui.available_height() - bottom).max(120.0);
    egui::ScrollArea::vertical()
        .max_height(height)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut input.text)
                    .hint_text("Paste the article here")
                    .desired_width(f32::INFINITY)
                    .min_size(egui::vec2(0.0, height)),
            )
            .labelled_by(label.id);
        });
    if let Some(problem) = &input.problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    ui.separator();
    ui.horizontal(|ui| {
        let has_text = !input.text.trim().is_empty();
        if ui
            .add_enabled(has_text, egui::Button::new("Draft"))
            .on_disabled_hover_text("Paste or open an article first")
            .clicked()
        {
            answer = InputAnswer::Draft;
        }
        if ui.button("Open file…").clicked() {
            answer = InputAnswer::OpenFile;
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = InputAnswer::Cancel;
        }
    });
    answer
}

enum ReviewAnswer {
    Stay,
    Cancel,
    Back,
    Add,
}

fn review_stage(ui: &mut Ui, review: &mut Review) -> ReviewAnswer {
    let mut answer = ReviewAnswer::Stay;
    let draft = &review.draft;
    ui.label(format!(
        "“{}”: {} places, {} actors, {} ties, {} events found in {:.0} ms. Tick what to add; \
         the quote of each is highlighted in the article when you point at it.",
        draft.title,
        draft.places.len(),
        draft.actors.len(),
        draft.ties.len(),
        draft.events.len(),
        review.took_ms
    ));
    ui.horizontal(|ui| {
        ui.label("Tick all at or above");
        ui.add(egui::Slider::new(&mut review.minimum, 0.0..=1.0).fixed_decimals(2));
        if ui.button("Apply").clicked() {
            review.tick_above(review.minimum);
        }
        if ui.button("Untick all").clicked() {
            review.tick_above(f64::INFINITY);
        }
    });
    let bottom = 48.0;
    let height = (ui.available_height() - bottom).max(160.0);
    let mut hovered = None;
    ui.columns(2, |columns| {
        egui::ScrollArea::vertical()
            .id_salt("draft_proposals")
            .max_height(height)
            .auto_shrink([false, false])
            .show(&mut columns[0], |ui| {
                hovered = proposals(ui, review);
            });
        egui::ScrollArea::vertical()
            .id_salt("draft_article")
            .max_height(height)
            .auto_shrink([false, false])
            .show(&mut columns[1], |ui| {
                article(ui, review);
            });
    });
    review.hovered = hovered;
    ui.separator();
    ui.horizontal(|ui| {
        let count = review.ticked_count();
        let label = format!("Add {count} to the story");
        if ui
            .add_enabled(count > 0, egui::Button::new(label))
            .on_hover_text("One step: Edit › Undo takes it all back")
            .clicked()
        {
            answer = ReviewAnswer::Add;
        }
        if ui.button("Back to the article").clicked() {
            answer = ReviewAnswer::Back;
        }
        if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = ReviewAnswer::Cancel;
        }
    });
    answer
}

/// The proposals grouped by kind, each a checkbox with an Edit button that opens its fields
/// under it; returns the quote under the pointer.
fn proposals(ui: &mut Ui, review: &mut Review) -> Option<(usize, usize)> {
    let mut hovered = None;
    ui.strong(format!("Actors ({})", review.draft.actors.len()));
    for index in 0..review.draft.actors.len() {
        let Some(actor) = review.draft.actors.get(index) else {
            break;
        };
        let role = actor
            .role
            .as_deref()
            .map(|r| format!(", {r}"))
            .unwrap_or_default();
        let text = format!(
            "{} — {}{role} · {}",
            actor.name,
            actor.kind.label(),
            actor.anchor_name
        );
        let (quote, confidence, name) = (actor.quote.clone(), actor.confidence, actor.name.clone());
        if let Some(at) = proposal_row(
            ui,
            review,
            Proposal::Actor(index),
            text,
            &name,
            &quote,
            confidence,
        ) {
            hovered = Some(at);
        }
    }
    ui.add_space(6.0);
    ui.strong(format!("Ties ({})", review.draft.ties.len()));
    for index in 0..review.draft.ties.len() {
        let draft = &review.draft;
        let Some(tie) = draft.ties.get(index) else {
            break;
        };
        let name = |id: &crate::model::ActorId| {
            draft
                .actor(id)
                .map_or_else(|| id.as_str().to_owned(), |a| a.name.clone())
        };
        let arrow = if tie.directed { "→" } else { "—" };
        let text = format!(
            "{} {arrow} {}: {} ({}, “{}”)",
            name(&tie.from),
            name(&tie.to),
            tie.kind.label(),
            tie.status.label(),
            tie.cue
        );
        let what = format!("{} {arrow} {}", name(&tie.from), name(&tie.to));
        let (quote, confidence) = (tie.quote.clone(), tie.confidence);
        if let Some(at) = proposal_row(
            ui,
            review,
            Proposal::Tie(index),
            text,
            &what,
            &quote,
            confidence,
        ) {
            hovered = Some(at);
        }
    }
    ui.add_space(6.0);
    ui.strong(format!("Events ({})", review.draft.events.len()));
    for index in 0..review.draft.events.len() {
        let Some(event) = review.draft.events.get(index) else {
            break;
        };
        let text = format!(
            "{} · {} · {} ({})",
            event.title,
            event.place_name,
            event.date,
            event.status.label()
        );
        let (quote, confidence, title) =
            (event.quote.clone(), event.confidence, event.title.clone());
        if let Some(at) = proposal_row(
            ui,
            review,
            Proposal::Event(index),
            text,
            &title,
            &quote,
            confidence,
        ) {
            hovered = Some(at);
        }
    }
    let draft = &review.draft;
    ui.add_space(6.0);
    ui.collapsing(format!("Places found ({})", draft.places.len()), |ui| {
        for place in &draft.places {
            let country = place.country_iso_a3.as_deref().unwrap_or("—");
            let response = ui.label(format!(
                "{} → {} ({country}, {:.2}°, {:.2}°)",
                place.mention, place.name, place.lat, place.lon
            ));
            if response.hovered() {
                hovered = Some((place.quote.start, place.quote.end));
            }
        }
    });
    hovered
}

/// One proposal: its tick box, its Edit/Done button, and its fields when open. Returns the
/// quote's span when the pointer is on the row. Opening the fields ticks the proposal: one
/// corrects what one means to keep.
fn proposal_row(
    ui: &mut Ui,
    review: &mut Review,
    proposal: Proposal,
    text: String,
    name: &str,
    quote: &Quote,
    confidence: f64,
) -> Option<(usize, usize)> {
    let open = review
        .editor
        .as_ref()
        .is_some_and(|editor| editor.proposal == proposal);
    let mut hovered = None;
    ui.horizontal(|ui| {
        let on = review.ticked_mut(proposal);
        let response = ui.checkbox(on, text).on_hover_text(format!(
            "{:.0} % sure: “{}”",
            confidence * 100.0,
            quote.sentence
        ));
        if response.hovered() {
            hovered = Some((quote.start, quote.end));
        }
        let button = ui
            .small_button(if open { "Done" } else { "Edit" })
            .on_hover_text("Correct this proposal before adding it");
        let verb = if open { "Done editing" } else { "Edit" };
        button.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("{verb} {name}"))
        });
        if button.clicked() {
            if open {
                review.editor = None;
            } else {
                *review.ticked_mut(proposal) = true;
                review.editor = Some(ProposalEditor::open(&review.draft, proposal));
            }
        }
    });
    if open && let Some(editor) = review.editor.as_mut() {
        editor.show(ui, &mut review.draft);
    }
    hovered
}

/// The article with the quotes of ticked proposals shaded and the pointed one marked.
fn article(ui: &mut Ui, review: &Review) {
    let text = &review.draft.text;
    let dark = ui.visuals().dark_mode;
    let ticked_fill = if dark {
        Color32::from_rgb(70, 62, 30)
    } else {
        Color32::from_rgb(255, 243, 196)
    };
    let hovered_fill = if dark {
        Color32::from_rgb(30, 80, 130)
    } else {
        Color32::from_rgb(180, 215, 255)
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let draft = &review.draft;
    let quotes = draft
        .actors
        .iter()
        .zip(&review.actors)
        .map(|(a, on)| (&a.quote, *on))
        .chain(
            draft
                .ties
                .iter()
                .zip(&review.ties)
                .map(|(t, on)| (&t.quote, *on)),
        )
        .chain(
            draft
                .events
                .iter()
                .zip(&review.events)
                .map(|(e, on)| (&e.quote, *on)),
        );
    for (quote, on) in quotes {
        if on && text.is_char_boundary(quote.start) && text.is_char_boundary(quote.end) {
            spans.push((quote.start, quote.end));
        }
    }
    spans.sort_unstable();
    spans.dedup();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    job.wrap.max_width = ui.available_width();
    job.halign = egui::Align::LEFT;
    let mut cut: Vec<usize> = vec![0, text.len()];
    for &(start, end) in spans.iter().chain(review.hovered.iter()) {
        cut.extend([start.min(text.len()), end.min(text.len())]);
    }
    cut.retain(|&i| text.is_char_boundary(i));
    cut.sort_unstable();
    cut.dedup();
    for pair in cut.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let inside = |(s, e): &(usize, usize)| *s <= start && end <= *e;
        let background = if review.hovered.as_ref().is_some_and(inside) {
            hovered_fill
        } else if spans.iter().any(inside) {
            ticked_fill
        } else {
            Color32::TRANSPARENT
        };
        job.append(
            &text[start..end],
            0.0,
            TextFormat {
                font_id: font.clone(),
                color,
                background,
                ..TextFormat::default()
            },
        );
    }
    ui.with_layout(egui::Layout::top_down(egui::Align::LEFT), |ui| {
        ui.label(job)
    });
}

/// UTF-8 (with or without a BOM), else Windows-1252, the usual encoding of older web pages.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Pasted HTML is read as HTML; anything else as text.
fn guess_format(text: &str) -> ArticleFormat {
    let head = text.trim_start();
    let lower: String = head
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<p>") {
        ArticleFormat::Html
    } else {
        ArticleFormat::PlainText
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_1_articles_are_read() {
        assert_eq!(decode(b"Her\xe2t"), "Herât");
        assert_eq!(decode("Hérat".as_bytes()), "Hérat");
        assert_eq!(decode(b"\xEF\xBB\xBFKabul"), "Kabul");
    }

    #[test]
    fn pasted_html_is_read_as_html() {
        assert_eq!(guess_format("<html><p>Kabul</p>"), ArticleFormat::Html);
        assert_eq!(guess_format("Kabul <b> said"), ArticleFormat::PlainText);
    }
}
