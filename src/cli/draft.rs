//! `faultline draft ARTICLE`: proposes the places, actors and ties of an article, offline.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use serde_json::{Value, json};

use crate::draft::{self, Accepted, ArticleFormat, ArticleInfo, Draft};
use crate::gazetteer::Gazetteer;
use crate::model::{FuzzyDate, Project, save_project};

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The article: plain text, HTML (.html, .htm) or Markdown (.md).
    pub article: PathBuf,
    /// Write every proposal, accepted, as a new project (review it in the window).
    #[arg(short, long, value_name = "DRAFT.faultline.geojson")]
    pub output: Option<PathBuf>,
    /// Print the proposals as JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// The article's title (default: its first sentence).
    #[arg(long)]
    pub title: Option<String>,
    /// Who published it.
    #[arg(long)]
    pub outlet: Option<String>,
    /// When it was published, e.g. 2024-03-06 ("on Monday" counts back from it).
    #[arg(long)]
    pub date: Option<String>,
}

pub fn run(args: &DraftArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.article)
        .with_context(|| format!("cannot read {}", args.article.display()))?;
    let input = String::from_utf8_lossy(&bytes);
    let format = ArticleFormat::from_extension(
        args.article
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or(""),
    );
    let date = match &args.date {
        Some(text) => Some(text.parse::<FuzzyDate>().with_context(|| "--date")?),
        None => None,
    };
    let info = ArticleInfo {
        title: args.title.clone(),
        outlet: args.outlet.clone(),
        date,
    };
    let gazetteer = Gazetteer::bundled()?;
    let drafted = draft::draft(&input, format, &info, &gazetteer);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&as_json(&drafted))?);
    } else {
        print_summary(&drafted);
    }
    if let Some(output) = &args.output {
        let mut project = Project::new(drafted.title.clone());
        let edit = draft::to_edit(&drafted, &Accepted::above(&drafted, 0.0), &project);
        edit.apply(&mut project)
            .map_err(|error| anyhow::anyhow!("the draft does not form a valid project: {error}"))?;
        save_project(output, &project)?;
        eprintln!("wrote {}", output.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn quote(q: &draft::Quote) -> Value {
    json!({ "sentence": q.sentence, "start": q.start, "end": q.end })
}

fn as_json(d: &Draft) -> Value {
    json!({
        "title": d.title, "outlet": d.outlet, "date": d.date.map(|x| x.to_string()),
        "places": d.places.iter().map(|p| json!({"mention": p.mention, "name": p.name, "country_iso_a3": p.country_iso_a3, "lon": p.lon, "lat": p.lat, "alternatives": p.alternatives, "confidence": p.confidence, "quote": quote(&p.quote)})).collect::<Vec<_>>(),
        "actors": d.actors.iter().map(|a| json!({"id": a.id.as_str(), "name": a.name, "aliases": a.aliases, "kind": a.kind.as_str(), "country_iso_a3": a.country_iso_a3, "anchor": a.anchor_name, "lon": a.lon, "lat": a.lat, "role": a.role, "member_of": a.member_of.as_ref().map(|m| m.as_str()), "mentions": a.mentions, "confidence": a.confidence, "quote": quote(&a.quote)})).collect::<Vec<_>>(),
        "events": d.events.iter().map(|e| json!({"title": e.title, "category": e.category.as_str(), "actors": e.actors.iter().map(|a| a.as_str()).collect::<Vec<_>>(), "place": e.place_name, "lon": e.lon, "lat": e.lat, "date": e.date.to_string(), "status": e.status.as_str(), "grade": e.grade.to_string(), "cue": e.cue, "confidence": e.confidence, "quote": quote(&e.quote)})).collect::<Vec<_>>(),
        "ties": d.ties.iter().map(|t| json!({"from": t.from.as_str(), "to": t.to.as_str(), "kind": t.kind.as_str(), "status": t.status.as_str(), "grade": t.grade.to_string(), "start": t.start.map(|x| x.to_string()), "cue": t.cue, "confidence": t.confidence, "quote": quote(&t.quote)})).collect::<Vec<_>>(),
    })
}

fn print_summary(d: &Draft) {
    let events = d.events.iter().map(|e| {
        format!(
            "event  {} [{}] {} at {} ({:.2})",
            e.title,
            e.status.as_str(),
            e.date,
            e.place_name,
            e.confidence
        )
    });
    println!(
        "{}: {} places, {} actors, {} ties",
        d.title,
        d.places.len(),
        d.actors.len(),
        d.ties.len()
    );
    for p in &d.places {
        println!(
            "place  {:<28} {:<4} {:>9.4} {:>8.4}  ({:.2})",
            p.name,
            p.country_iso_a3.as_deref().unwrap_or("-"),
            p.lon,
            p.lat,
            p.confidence
        );
    }
    for a in &d.actors {
        println!(
            "actor  {:<40} {:<28} {:<4} {}  ({:.2})",
            a.name,
            a.kind.as_str(),
            a.country_iso_a3.as_deref().unwrap_or("-"),
            a.role.as_deref().unwrap_or(""),
            a.confidence
        );
    }
    for t in &d.ties {
        println!(
            "tie    {} -> {} {} {} [{}] ({:.2})",
            t.from,
            t.to,
            t.kind.as_str(),
            t.status.as_str(),
            t.cue,
            t.confidence
        );
    }
    for line in events {
        println!("{line}");
    }
}
