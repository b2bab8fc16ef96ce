//! Ids for new records, made from their names so project files stay readable
//! (`actor:north-korea` rather than a number), and never equal to an id in use.

/// The most characters of a name kept in an id, so ids stay short in files and messages.
const MAX_SLUG_CHARS: usize = 48;

/// What an id is made of when the name has no letters or digits at all.
const FALLBACK_SLUG: &str = "untitled";

/// `"Khawaja Muhammad Asif"` → `"khawaja-muhammad-asif"`: lower-case letters and digits
/// (any script) joined by single dashes. Apostrophes vanish so `Pakistan's` reads `pakistans`.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    let mut gap = false;
    for c in text.chars() {
        if matches!(c, '\'' | '’' | '`') {
            continue;
        }
        if c.is_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    let cut: String = slug.chars().take(MAX_SLUG_CHARS).collect();
    cut.trim_end_matches('-').to_owned()
}

/// `prefix:slug-of-words`, with `-2`, `-3`… appended while `taken` says the id is in use.
pub fn unique_id(prefix: &str, words: &str, taken: impl Fn(&str) -> bool) -> String {
    let slug = slug(words);
    let slug = if slug.is_empty() {
        FALLBACK_SLUG
    } else {
        slug.as_str()
    };
    let base = format!("{prefix}:{slug}");
    if !taken(&base) {
        return base;
    }
    // Only as many ids can be taken as the project holds, so this ends.
    let mut suffix: u64 = 2;
    loop {
        let id = format!("{base}-{suffix}");
        if !taken(&id) {
            return id;
        }
        suffix += 1;
    }
}

/// The part of an id after its `kind:` prefix (`actor:russia` → `russia`), to build the ids of
/// ties from the ids of their ends.
pub fn without_prefix(id: &str) -> &str {
    id.split_once(':').map_or(id, |(_, rest)| rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_and_digits_joined_by_single_dashes() {
        assert_eq!(slug("Khawaja Muhammad Asif"), "khawaja-muhammad-asif");
        assert_eq!(
            slug("China–Pakistan Economic Corridor"),
            "china-pakistan-economic-corridor"
        );
        assert_eq!(slug("  G7 / G20 summit (2024)  "), "g7-g20-summit-2024");
        assert_eq!(
            slug("Pakistan's Defence Minister"),
            "pakistans-defence-minister"
        );
        assert_eq!(slug("Türkiye"), "türkiye");
        assert_eq!(slug("--- ? ---"), "");
    }

    #[test]
    fn long_names_are_cut_short() {
        let id = slug(&"word ".repeat(40));
        assert!(id.chars().count() <= MAX_SLUG_CHARS, "{id}");
        assert!(!id.ends_with('-'), "{id}");
    }

    #[test]
    fn ids_get_a_suffix_when_taken() {
        let taken = ["actor:russia", "actor:russia-2"];
        let is_taken = |id: &str| taken.contains(&id);
        assert_eq!(
            unique_id("actor", "Russia", is_taken),
            "actor:russia-3",
            "the first free suffix"
        );
        assert_eq!(unique_id("actor", "Ukraine", is_taken), "actor:ukraine");
        assert_eq!(unique_id("source", "  ", |_| false), "source:untitled");
    }

    #[test]
    fn prefixes_are_stripped_for_compound_ids() {
        assert_eq!(without_prefix("actor:russia"), "russia");
        assert_eq!(without_prefix("rel:a:b"), "a:b");
        assert_eq!(without_prefix("plain"), "plain");
    }
}
