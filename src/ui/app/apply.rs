//! The one place actions are applied: each goes to the owner it concerns (an edit to the
//! document, a camera to the view, a message to the runtime).

use crate::map::camera::LonLatBox;
use crate::model::analysis::Network;
use crate::model::{Edit, EditError};
use crate::scene::story::Focus;

use super::super::actions::{Action, BaseLayerKind, Selection};
use super::super::inputs::surroundings;
use super::super::message::Message;
use super::FaultlineApp;

impl FaultlineApp {
    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::SetCamera(camera) => self.view.set_camera(camera),
            Action::ImportEvents => {
                self.pick_file(super::super::file_dialog::DialogPurpose::ImportEvents)
            }
            Action::DraftFromArticle => self.draft.open(),
            Action::PickArticleFile => {
                self.pick_file(super::super::file_dialog::DialogPurpose::OpenArticle)
            }
            Action::SetEventFilter(filter) => self.view.set_event_filter(filter),
            Action::SetDatasetMode(mode) => self.document.set_dataset_mode(mode),
            Action::SetDatasetVisible { dataset, visible } => {
                self.document.set_dataset_visible(&dataset, visible)
            }
            Action::PromoteDatasetEvent { dataset, row } => {
                self.promote_dataset_event(&dataset, row)
            }
            Action::PromoteActorPair { dataset, pair } => self.promote_actor_pair(&dataset, &pair),
            Action::ExportEventRows { dataset, rows } => {
                let name = self
                    .document
                    .datasets()
                    .get(&dataset)
                    .map_or("events".to_owned(), |d| d.name.clone());
                let file_name: String = name
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect();
                self.pick_file(super::super::file_dialog::DialogPurpose::ExportEventRows {
                    dataset,
                    rows,
                    file_name: format!("{file_name}.csv"),
                });
            }
            Action::ShowArea(area) => self.view.show_area(Some(area)),
            Action::SetProjection(projection) => {
                self.view.set_projection(projection);
                self.map.invalidate();
            }
            Action::SetDetailMode(mode) => self.view.set_detail_mode(mode),
            Action::SetBaseLayer(kind, visible) => self.set_base_layer(kind, visible),
            Action::SetLayerVisible(index, visible) => self.set_layer_visible(index, visible),
            Action::RemoveLayer(index) => self.remove_layer(index),
            Action::ZoomToLayer(index) => {
                if let Some(bbox) = self.document.layers().get(index).and_then(|l| l.data.bbox) {
                    self.view.show_area(Some(LonLatBox::from_array(bbox)));
                }
            }
            Action::ShowLayerTable(index) => {
                if let Some(layer) = self.document.layers().get(index) {
                    self.layer_table.open(layer.path.clone());
                }
            }
            Action::AddLayer(path) => self.add_layer(path),
            Action::OpenPath(path) => self.open_path(path),
            Action::PickLayerFile => {
                self.pick_file(super::super::file_dialog::DialogPurpose::AddLayer)
            }
            Action::PickKmlExport => {
                let name = self.document.suggested_file_name();
                let stem = name.strip_suffix(".faultline.geojson").unwrap_or(&name);
                self.pick_file(super::super::file_dialog::DialogPurpose::ExportKml(
                    format!("{stem}.kml"),
                ));
            }
            Action::ShowPathField(purpose) => self.show_path_field(purpose),
            Action::SetPathField(text) => self.runtime.set_path_field(text),
            Action::FileChosen(purpose, path) => self.file_chosen(purpose, path),
            Action::NewProject => self.unless_unsaved(super::AfterUnsaved::New),
            Action::PickProjectFile => {
                self.pick_file(super::super::file_dialog::DialogPurpose::OpenProject);
            }
            Action::OpenRecent(path) => self.open_recent(path),
            Action::Save => self.save(),
            Action::PickSaveAs => {
                let name = self.document.suggested_file_name();
                self.pick_file(super::super::file_dialog::DialogPurpose::SaveProjectAs(
                    name,
                ));
            }
            Action::SaveAs(path) => self.save_as(path),
            Action::CloseProject => self.unless_unsaved(super::AfterUnsaved::Close),
            Action::AnswerUnsaved(answer) => self.answer_unsaved(answer),
            Action::AnswerRecovery(restore) => self.answer_recovery(restore),
            Action::OpenForm(request) => {
                self.forms.request(request);
                // Shown from the next frame, which no input may bring.
                self.runtime.repaint_soon();
            }
            Action::ShowRegion(region) => self.view.show_area(region.bbox()),
            Action::FitSelection => {
                if let Some(bbox) = self.selection_bbox() {
                    self.view.show_area(Some(bbox));
                }
            }
            Action::Select(selection) => {
                if selection.is_some() {
                    self.annotate.deselect();
                }
                self.view.select(selection);
            }
            Action::ZoomBy(factor) => self.view.zoom(factor, None),
            Action::ZoomAt(factor, anchor) => self.view.zoom(factor, Some(anchor)),
            Action::DismissMessage(index) => self.runtime.dismiss(index),
            Action::SetSearchText(text) => self.view.set_search_text(text),
            Action::SetFilter(filter) => self.view.set_filter(filter, self.document.project()),
            Action::FlyTo { lon, lat } => self.view.fly_to(lon, lat),
            Action::ShowPath(ends) => self.show_path(ends),
            Action::Edit { edit, label } => match self.document.apply(edit, label) {
                Ok(()) => self.document_changed(),
                Err(error) => self
                    .runtime
                    .say(Message::error(format!("Not changed: {error}."))),
            },
            Action::EditJoined { edit, label } => match self.document.apply_joined(edit, label) {
                Ok(()) => self.document_changed(),
                Err(error) => self
                    .runtime
                    .say(Message::error(format!("Not changed: {error}."))),
            },
            Action::Undo => {
                let undone = self.document.undo();
                self.after_history_step(undone, "Undid");
            }
            Action::Redo => {
                let redone = self.document.redo();
                self.after_history_step(redone, "Redid");
            }
            Action::Quit => self.unless_unsaved(super::AfterUnsaved::Quit),
            Action::Annotation(command) => {
                // Results show in the next frame, which must come before the user's next key.
                self.runtime.repaint_soon();
                let around = surroundings(&self.document, &self.view, &self.runtime, &self.forms);
                let follow = self.annotate.apply_annotation(&around, command);
                for action in follow {
                    self.apply(action);
                }
            }
            Action::Picture(action) => self.apply_picture(action),
        }
    }

    fn after_history_step(&mut self, step: Result<Option<String>, EditError>, verb: &str) {
        match step {
            Ok(Some(_)) => self.document_changed(),
            Ok(None) => {}
            Err(error) => self
                .runtime
                .say(Message::error(format!("{verb} nothing: {error}."))),
        }
    }

    /// Shows or hides a base layer, as one undoable edit of the document's settings.
    fn set_base_layer(&mut self, kind: BaseLayerKind, visible: bool) {
        let mut layers = self.base_layers();
        *kind.flag(&mut layers) = visible;
        let verb = if visible { "Show" } else { "Hide" };
        let view = layers.written_to(&self.document.project().view);
        self.apply(Action::edit(
            Edit::SetView(view),
            format!("{verb} {}", kind.label().to_lowercase()),
        ));
    }

    fn show_path(&mut self, ends: Option<(crate::model::ActorId, crate::model::ActorId)>) {
        let path = ends.and_then(|(from, to)| {
            let network = Network::from_project(self.document.project(), self.view.visible());
            match network.shortest_path(&from, &to) {
                Some(steps) => Some(((from, to), steps.into_iter().map(|(_, r)| r).collect())),
                None => {
                    self.runtime.say(Message::note(
                        "No chain of ties joins those two actors in what is shown.",
                    ));
                    None
                }
            }
        });
        self.view.set_path(path);
    }

    /// The box to frame for the selection.
    fn selection_bbox(&self) -> Option<LonLatBox> {
        let project = self.document.project();
        match self.view.selection()? {
            Selection::LayerFeature { layer, feature } => {
                use geo::BoundingRect;
                let feature = self
                    .document
                    .layers()
                    .get(*layer)?
                    .data
                    .features
                    .get(*feature)?;
                let rect = feature.geometry.bounding_rect()?;
                // A point or a small feature is framed with some land around it.
                let margin_lon = (rect.width() * 0.2).max(1.5);
                let margin_lat = (rect.height() * 0.2).max(1.5);
                Some(LonLatBox::new(
                    rect.min().x - margin_lon,
                    (rect.min().y - margin_lat).max(-89.0),
                    rect.max().x + margin_lon,
                    (rect.max().y + margin_lat).min(89.0),
                ))
            }
            Selection::DatasetEvent { dataset, row } => {
                let table = &self.document.datasets().get(dataset)?.table;
                let (lon, lat) = (*table.lon.get(*row)?, *table.lat.get(*row)?);
                Some(LonLatBox::around(lon, lat, 3.0, 3.0))
            }
            Selection::Country(_) => self
                .selected_country_data()
                .map(|c| LonLatBox::from_array(c.frame_bbox())),
            Selection::Story(Focus::Actor(id)) => {
                let actor = project.actor(id)?;
                Some(LonLatBox::around(
                    actor.anchor.lon,
                    actor.anchor.lat,
                    8.0,
                    8.0,
                ))
            }
            Selection::Story(Focus::Event(id)) => {
                let event = project.event(id)?;
                Some(LonLatBox::around(
                    event.place.lon,
                    event.place.lat,
                    6.0,
                    6.0,
                ))
            }
            Selection::Story(Focus::Relationship(id)) => {
                let r = project.relationship(id)?;
                let (a, b) = (project.actor(&r.from)?, project.actor(&r.to)?);
                Some(LonLatBox::new(
                    a.anchor.lon.min(b.anchor.lon) - 4.0,
                    (a.anchor.lat.min(b.anchor.lat) - 4.0).max(-89.0),
                    a.anchor.lon.max(b.anchor.lon) + 4.0,
                    (a.anchor.lat.max(b.anchor.lat) + 4.0).min(89.0),
                ))
            }
        }
    }
}
