//! A project as KML for Google Earth and GIS tools: actors as placemarks at their anchors, ties
//! as great-circle lines (the arcs the map draws, densified), events with TimeStamp/TimeSpan so
//! Google Earth's time slider plays them. Shared styles per actor kind and per tie kind and
//! status use the map's colours; sources and grades go into each description.
//!
//! It lives beside the story layout because it shares its colours; the window and
//! `faultline export` both call [`project_kml`].

use std::collections::BTreeSet;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesCData, BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::model::date::{DateRange, FuzzyDate};
use crate::model::geodesy::arc_parts;
use crate::model::records::{Actor, ActorKind, Event as StoryEvent, Relationship, Status};
use crate::model::{Project, SourceId};

use super::Rgba;
use super::story::{actor_symbol, relationship_color};

/// Degrees between the points of an exported tie: finer than the file's arcs, so the lines
/// Google Earth draws stay on the great circle even when zoomed in.
const TIE_STEP_DEGREES: f64 = 0.5;

/// The colour of event markers (the map draws them dark red).
const EVENT_COLOR: Rgba = Rgba::rgb(0xb2, 0x18, 0x2b);

/// The project as KML 2.2 bytes (UTF-8).
pub fn project_kml(project: &Project) -> io::Result<Vec<u8>> {
    let mut out = Writer::new_with_indent(Vec::new(), b' ', 1);
    out.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let kml = BytesStart::new("kml").with_attributes([
        ("xmlns", "http://www.opengis.net/kml/2.2"),
        ("xmlns:gx", "http://www.google.com/kml/ext/2.2"),
    ]);
    out.write_event(Event::Start(kml))?;
    start(&mut out, "Document")?;
    text_element(&mut out, "name", &project.title)?;
    text_element(
        &mut out,
        "description",
        "Exported from Faultline: actors, ties and events of the story.",
    )?;
    write_styles(&mut out, project)?;

    start(&mut out, "Folder")?;
    text_element(&mut out, "name", "Actors")?;
    for actor in &project.actors {
        write_actor(&mut out, project, actor)?;
    }
    end(&mut out, "Folder")?;

    start(&mut out, "Folder")?;
    text_element(&mut out, "name", "Ties")?;
    for relationship in &project.relationships {
        write_tie(&mut out, project, relationship)?;
    }
    end(&mut out, "Folder")?;

    start(&mut out, "Folder")?;
    text_element(&mut out, "name", "Events")?;
    for event in &project.events {
        write_event(&mut out, project, event)?;
    }
    end(&mut out, "Folder")?;

    end(&mut out, "Document")?;
    end(&mut out, "kml")?;
    let mut bytes = out.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// A KMZ: the KML as `doc.kml`, deflated, as Google Earth writes them.
pub fn kmz(kml: &[u8]) -> io::Result<Vec<u8>> {
    use std::io::Write;
    let mut bytes = io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut bytes);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("doc.kml", options)
        .map_err(io::Error::other)?;
    zip.write_all(kml)?;
    zip.finish().map_err(io::Error::other)?;
    Ok(bytes.into_inner())
}

type Out = Writer<Vec<u8>>;

fn start(out: &mut Out, name: &str) -> io::Result<()> {
    out.write_event(Event::Start(BytesStart::new(name)))
}

fn end(out: &mut Out, name: &str) -> io::Result<()> {
    out.write_event(Event::End(BytesEnd::new(name)))
}

/// `<name>text</name>`, the text escaped.
fn text_element(out: &mut Out, name: &str, text: &str) -> io::Result<()> {
    out.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// `<description>` as HTML in CDATA, which Google Earth shows in the balloon.
fn html_description(out: &mut Out, html: &str) -> io::Result<()> {
    // Text is HTML-escaped before it gets here, so it holds no `]]>`.
    out.create_element("description")
        .write_cdata_content(BytesCData::new(html))?;
    Ok(())
}

/// Text safe inside HTML (and so inside CDATA: `]]>` cannot survive escaping `>`).
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// KML's `aabbggrr`.
fn kml_color(color: Rgba) -> String {
    format!(
        "{:02x}{:02x}{:02x}{:02x}",
        color.a, color.b, color.g, color.r
    )
}

fn actor_style_id(kind: ActorKind) -> String {
    format!("actor-{}", kind.as_str())
}

fn tie_style_id(relationship: &Relationship) -> String {
    format!(
        "tie-{}-{}",
        style_token(relationship.kind.as_str()),
        relationship.status.as_str()
    )
}

/// An id-safe token for open vocabularies (user-typed kinds).
fn style_token(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Line width by status: the less certain, the thinner (KML has no dashes).
fn status_width(status: Status) -> f64 {
    match status {
        Status::Confirmed | Status::Historical => 3.0,
        Status::Reported => 2.5,
        Status::Alleged => 2.0,
        Status::Proposed => 1.5,
    }
}

/// Opacity by status: uncertain ties fade, as their broken lines do on the map.
fn status_alpha(status: Status) -> u8 {
    match status {
        Status::Confirmed => 255,
        Status::Historical => 200,
        Status::Reported => 220,
        Status::Alleged => 170,
        Status::Proposed => 140,
    }
}

fn write_styles(out: &mut Out, project: &Project) -> io::Result<()> {
    let icon = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png";
    let kinds: BTreeSet<&str> = project.actors.iter().map(|a| a.kind.as_str()).collect();
    for &kind in ActorKind::ALL {
        if !kinds.contains(kind.as_str()) {
            continue;
        }
        let (_, color, size) = actor_symbol(kind);
        write_icon_style(
            out,
            &actor_style_id(kind),
            color,
            f64::from(size) / 6.0,
            icon,
        )?;
    }
    write_icon_style(out, "event", EVENT_COLOR, 0.9, icon)?;
    let mut written = BTreeSet::new();
    for relationship in &project.relationships {
        let id = tie_style_id(relationship);
        if !written.insert(id.clone()) {
            continue;
        }
        let base = relationship_color(&relationship.kind);
        let color = Rgba::new(base.r, base.g, base.b, status_alpha(relationship.status));
        out.write_event(Event::Start(
            BytesStart::new("Style").with_attributes([("id", id.as_str())]),
        ))?;
        start(out, "LineStyle")?;
        text_element(out, "color", &kml_color(color))?;
        text_element(out, "width", &status_width(relationship.status).to_string())?;
        end(out, "LineStyle")?;
        end(out, "Style")?;
    }
    Ok(())
}

fn write_icon_style(
    out: &mut Out,
    id: &str,
    color: Rgba,
    scale: f64,
    icon: &str,
) -> io::Result<()> {
    out.write_event(Event::Start(
        BytesStart::new("Style").with_attributes([("id", id)]),
    ))?;
    start(out, "IconStyle")?;
    text_element(out, "color", &kml_color(color))?;
    text_element(out, "scale", &format!("{scale:.2}"))?;
    start(out, "Icon")?;
    text_element(out, "href", icon)?;
    end(out, "Icon")?;
    end(out, "IconStyle")?;
    end(out, "Style")
}

/// `lon,lat` pairs as KML writes them.
fn coordinates(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(lon, lat)| format!("{lon:.6},{lat:.6}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn write_point(out: &mut Out, lon: f64, lat: f64) -> io::Result<()> {
    start(out, "Point")?;
    text_element(out, "coordinates", &coordinates(&[(lon, lat)]))?;
    end(out, "Point")
}

/// `ExtendedData` with one `Data` per pair, for tools that read attributes (GDAL, QGIS).
fn write_data(out: &mut Out, pairs: &[(&str, String)]) -> io::Result<()> {
    start(out, "ExtendedData")?;
    for (name, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        out.write_event(Event::Start(
            BytesStart::new("Data").with_attributes([("name", *name)]),
        ))?;
        text_element(out, "value", value)?;
        end(out, "Data")?;
    }
    end(out, "ExtendedData")
}

/// The sources as an HTML list.
fn sources_html(project: &Project, ids: &[SourceId]) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let items: String = ids
        .iter()
        .map(|id| match project.source(id) {
            Some(source) => {
                let mut item = format!("<b>{}</b>", html(&source.title));
                if !source.publisher.is_empty() {
                    item.push_str(&format!(", {}", html(&source.publisher)));
                }
                if source.date != FuzzyDate::Unknown {
                    item.push_str(&format!(" ({})", html(&source.date.to_string())));
                }
                let at = source.read_at.trim();
                if at.starts_with("http://") || at.starts_with("https://") {
                    item.push_str(&format!(" <a href=\"{0}\">{0}</a>", html(at)));
                } else if !at.is_empty() {
                    item.push_str(&format!(" — {}", html(at)));
                }
                format!("<li>{item}</li>")
            }
            None => format!("<li>{}</li>", html(&id.to_string())),
        })
        .collect();
    format!("<p>Sources:</p><ul>{items}</ul>")
}

fn write_actor(out: &mut Out, project: &Project, actor: &Actor) -> io::Result<()> {
    start(out, "Placemark")?;
    text_element(out, "name", &actor.name)?;
    let mut description = format!("<p><i>{}</i></p>", html(actor.kind.label()));
    if !actor.aliases.is_empty() {
        description.push_str(&format!("<p>Also: {}</p>", html(&actor.aliases.join(", "))));
    }
    if !actor.description.is_empty() {
        description.push_str(&format!("<p>{}</p>", html(&actor.description)));
    }
    if let Some(parent) = actor.member_of.as_ref().and_then(|id| project.actor(id)) {
        description.push_str(&format!("<p>Member of {}</p>", html(&parent.name)));
    }
    description.push_str(&sources_html(project, &actor.sources));
    html_description(out, &description)?;
    text_element(out, "styleUrl", &format!("#{}", actor_style_id(actor.kind)))?;
    write_data(
        out,
        &[
            ("id", actor.id.to_string()),
            ("kind", actor.kind.as_str().to_owned()),
            ("country", actor.country_iso_a3.clone().unwrap_or_default()),
            ("place", actor.anchor.name.clone()),
        ],
    )?;
    write_point(out, actor.anchor.lon, actor.anchor.lat)?;
    end(out, "Placemark")
}

fn write_tie(out: &mut Out, project: &Project, relationship: &Relationship) -> io::Result<()> {
    let (Some(from), Some(to)) = (
        project.actor(&relationship.from),
        project.actor(&relationship.to),
    ) else {
        return Ok(());
    };
    start(out, "Placemark")?;
    let arrow = if relationship.directed { "→" } else { "–" };
    text_element(out, "name", &format!("{} {arrow} {}", from.name, to.name))?;
    let mut description = format!(
        "<p><i>{}</i>, {}</p>",
        html(relationship.kind.label()),
        html(relationship.status.label())
    );
    if let Some(grade) = relationship.grade {
        description.push_str(&format!(
            "<p>Grade {grade}: source {}, information {}</p>",
            html(grade.reliability_meaning()),
            html(grade.credibility_meaning())
        ));
    }
    if !relationship.notes.is_empty() {
        description.push_str(&format!("<p>{}</p>", html(&relationship.notes)));
    }
    description.push_str(&sources_html(project, &relationship.sources));
    html_description(out, &description)?;
    let start_date = relationship.start.unwrap_or_default();
    let end_date = relationship.end.unwrap_or_default();
    if start_date != FuzzyDate::Unknown || end_date != FuzzyDate::Unknown {
        write_time(out, &DateRange::between(start_date, end_date))?;
    }
    text_element(out, "styleUrl", &format!("#{}", tie_style_id(relationship)))?;
    write_data(
        out,
        &[
            ("id", relationship.id.to_string()),
            ("kind", relationship.kind.as_str().to_owned()),
            ("status", relationship.status.as_str().to_owned()),
            (
                "grade",
                relationship
                    .grade
                    .map(|g| g.to_string())
                    .unwrap_or_default(),
            ),
        ],
    )?;
    let parts = arc_parts(
        (from.anchor.lon, from.anchor.lat),
        (to.anchor.lon, to.anchor.lat),
        TIE_STEP_DEGREES,
    );
    let multi = parts.len() > 1;
    if multi {
        start(out, "MultiGeometry")?;
    }
    for part in &parts {
        start(out, "LineString")?;
        text_element(out, "tessellate", "1")?;
        text_element(out, "coordinates", &coordinates(part))?;
        end(out, "LineString")?;
    }
    if multi {
        end(out, "MultiGeometry")?;
    }
    end(out, "Placemark")
}

fn write_event(out: &mut Out, project: &Project, event: &StoryEvent) -> io::Result<()> {
    start(out, "Placemark")?;
    text_element(out, "name", &event.title)?;
    let mut description = format!(
        "<p><i>{}</i>, {} — {}</p>",
        html(event.category.label()),
        html(event.status.label()),
        html(&event.date.to_string())
    );
    if let Some(grade) = event.grade {
        description.push_str(&format!(
            "<p>Grade {grade}: source {}, information {}</p>",
            html(grade.reliability_meaning()),
            html(grade.credibility_meaning())
        ));
    }
    let names: Vec<&str> = event
        .actors
        .iter()
        .filter_map(|id| project.actor(id))
        .map(|a| a.name.as_str())
        .collect();
    if !names.is_empty() {
        description.push_str(&format!("<p>Actors: {}</p>", html(&names.join(", "))));
    }
    if !event.description.is_empty() {
        description.push_str(&format!("<p>{}</p>", html(&event.description)));
    }
    description.push_str(&sources_html(project, &event.sources));
    html_description(out, &description)?;
    write_time(out, &event.date)?;
    text_element(out, "styleUrl", "#event")?;
    write_data(
        out,
        &[
            ("id", event.id.to_string()),
            ("category", event.category.as_str().to_owned()),
            ("status", event.status.as_str().to_owned()),
            ("date", event.date.to_string()),
            (
                "grade",
                event.grade.map(|g| g.to_string()).unwrap_or_default(),
            ),
        ],
    )?;
    write_point(out, event.place.lon, event.place.lat)?;
    end(out, "Placemark")
}

/// An xsd:date.
fn day((year, month, day): crate::model::date::Ymd) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// TimeStamp for a single day or month; TimeSpan from its first to its last day for ranges,
/// years and coarser dates (GDAL's KML reader ignores a bare gYear, Google Earth reads both);
/// nothing when the date is unknown.
fn write_time(out: &mut Out, range: &DateRange) -> io::Result<()> {
    if range.is_single() && matches!(range.start, FuzzyDate::Day(..) | FuzzyDate::Month(..)) {
        start(out, "TimeStamp")?;
        text_element(out, "when", &range.start.to_string())?;
        return end(out, "TimeStamp");
    }
    let (begin, finish) = (range.earliest().map(day), range.latest().map(day));
    if begin.is_none() && finish.is_none() {
        return Ok(());
    }
    start(out, "TimeSpan")?;
    if let Some(begin) = begin {
        text_element(out, "begin", &begin)?;
    }
    if let Some(finish) = finish {
        text_element(out, "end", &finish)?;
    }
    end(out, "TimeSpan")
}
