//! Drafting cost: a 2,000-word article (target < 200 ms) and loading the gazetteer (< 100 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use faultline::draft::{self, ArticleFormat, ArticleInfo};
use faultline::gazetteer::Gazetteer;

/// About 2,000 words: the three fixture articles repeated, so every rule is exercised.
fn article() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let text: String = ["sahel.txt", "red-sea.md", "kivu.html"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
        .map(|t| draft::text::plain_text(&t, ArticleFormat::Html))
        .collect::<Vec<_>>()
        .join("\n");
    let words = text.split_whitespace().count().max(1);
    text.repeat(2000 / words + 1)
}

fn benches(c: &mut Criterion) {
    c.bench_function("gazetteer_load", |b| {
        b.iter(|| Gazetteer::bundled().map(|g| g.places().len()))
    });
    let gazetteer = Gazetteer::bundled().expect("bundled gazetteer");
    let text = article();
    eprintln!("article: {} words", text.split_whitespace().count());
    c.bench_function("draft_2000_words", |b| {
        b.iter(|| {
            draft::draft(
                &text,
                ArticleFormat::PlainText,
                &ArticleInfo::default(),
                &gazetteer,
            )
            .ties
            .len()
        })
    });
    c.bench_function("prefix_search", |b| {
        b.iter(|| gazetteer.prefix_search("ka", 10).len())
    });
}

criterion_group! {
    name = draft_benches;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(draft_benches);
