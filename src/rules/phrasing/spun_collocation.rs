//! `phrasing/spun-collocation`: a fixed expression with one word swapped for a thesaurus
//! synonym, the signature of an article spinner ("taxation exile", "depicted mockery").
//!
//! Every listed expression is expanded once, on first use, into its spun variants: each
//! swappable word replaced by each synonym from rules/synonyms.tsv, in every inflection.
//! Variants that are themselves listed expressions or accepted English are dropped; the rest
//! go into one automaton. Start-up does not pay for it: the automaton is built when the first
//! paragraph is checked.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Deserialize;

use super::inflect::{inflect, plural, Slot, VERB_SLOTS};
use super::phrase_matcher::{spun_finding, PhraseMatcher};
use super::pos;
use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Example, Rule, RuleMeta, Scope};
use crate::segment::Paragraph;

static META: RuleMeta = RuleMeta {
    id: "phrasing/spun-collocation",
    scope: Scope::Paragraph,
    severity: Severity::Warning,
    summary: "A fixed expression with one word swapped for a synonym, as article spinners do.",
    explanation: "Article spinners disguise copied text by swapping words for thesaurus synonyms, \
and fixed expressions come out wrong: \"tax exile\" becomes \"taxation exile\", \"drew criticism\" \
becomes \"depicted criticism\", \"strained relations\" becomes \"strained dealings\". copydesk knows \
some two thousand expressions of news English and derives the variants a spinner would make from \
them; a variant that is ordinary English in its own right (\"attracted criticism\") is not \
reported. When only one expression could have been spun into the text, the fix restores it. \
Such copy has usually been lifted from elsewhere: check its source before mending it.",
    examples: &[
        Example::fixed(
            "The singer became a taxation exile in Monaco.",
            "The singer became a tax exile in Monaco.",
        ),
        Example::fixed(
            "The remarks depicted mockery from rivals.",
            "The remarks drew mockery from rivals.",
        ),
        Example::bad("The scandal cast a phantom over the summit."),
        Example::good("The singer became a tax exile in Monaco."),
        Example::good("The remarks attracted criticism from rivals."),
        Example::good("Ministers will hold talks with the unions on Monday."),
    ],
};

/// The substitutes for each swappable word, generated from WordNet (see the file's header).
static SYNONYMS: &str = include_str!("../../../rules/synonyms.tsv");

#[derive(Deserialize)]
struct Data {
    frozen: Vec<String>,
    verb_phrases: Vec<String>,
    noun_phrases: Vec<String>,
    fixed_phrases: Vec<String>,
    accepted: Vec<String>,
}

impl Data {
    fn fingerprint(&self) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for list in [
            &self.frozen,
            &self.verb_phrases,
            &self.noun_phrases,
            &self.fixed_phrases,
            &self.accepted,
        ] {
            list.hash(&mut hasher);
        }
        hasher.finish()
    }

    /// Every listed expression with the way it inflects.
    fn expressions(&self) -> impl Iterator<Item = (&String, Kind)> + '_ {
        self.verb_phrases
            .iter()
            .map(|e| (e, Kind::Verb))
            .chain(self.noun_phrases.iter().map(|e| (e, Kind::Noun)))
            .chain(self.fixed_phrases.iter().map(|e| (e, Kind::Fixed)))
    }
}

/// How a listed expression inflects: by its first word as a verb, by its last word as a
/// noun, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Verb,
    Noun,
    Fixed,
}

pub struct SpunCollocation {
    data: Data,
    compiled: OnceLock<Arc<Compiled>>,
}

/// The automaton over every spun variant, and per variant the expressions it may come from.
struct Compiled {
    matcher: PhraseMatcher,
    originals: Vec<Vec<Original>>,
}

/// An expression a variant may come from, and whether it is a past participle ("drawn"),
/// which only an auxiliary before it tells from the past tense ("drew").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Original {
    text: String,
    participle: bool,
}

impl SpunCollocation {
    pub fn new(data: &DataSet) -> Result<Self, DataError> {
        let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
        let data: Data = data.load("collocations")?;
        Ok(SpunCollocation {
            data: Data {
                frozen: lower(data.frozen),
                verb_phrases: lower(data.verb_phrases),
                noun_phrases: lower(data.noun_phrases),
                fixed_phrases: lower(data.fixed_phrases),
                accepted: lower(data.accepted),
            },
            compiled: OnceLock::new(),
        })
    }

    /// The automaton, built on first use and shared by every engine with the same lists (the
    /// language server rebuilds engines when the config changes; tests build many).
    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| {
            static SHARED: Mutex<Vec<(u64, Arc<Compiled>)>> = Mutex::new(Vec::new());
            let key = self.data.fingerprint();
            let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((_, compiled)) = shared.iter().find(|(k, _)| *k == key) {
                return Arc::clone(compiled);
            }
            let compiled = Arc::new(Compiled::build(&self.data));
            shared.push((key, Arc::clone(&compiled)));
            compiled
        })
    }
}

/// How an expression is inflected: its first word as a verb, or its last word as a plural.
#[derive(Clone, Copy)]
enum Shape {
    Verb(Slot),
    Plural,
}

fn shapes(words: &[&str], kinds: &[Kind]) -> Vec<Shape> {
    let mut out = vec![Shape::Verb(Slot::Base)];
    if kinds.contains(&Kind::Verb) {
        out.extend(VERB_SLOTS[1..].iter().map(|&s| Shape::Verb(s)));
    }
    if kinds.contains(&Kind::Noun) && !words[words.len() - 1].ends_with('s') {
        out.push(Shape::Plural);
    }
    out
}

/// Whether `sub` can stand in the inflected slot: a spinner's verb for a verb, noun for a
/// noun. In the base form anything goes, as spinners ignore parts of speech.
fn fits(shape: Shape, sub: &str) -> bool {
    match shape {
        Shape::Verb(Slot::Base) => true,
        Shape::Verb(_) => pos::tags(sub) & pos::VERB != 0,
        Shape::Plural => pos::tags(sub) & pos::NOUN != 0,
    }
}

/// The expression in `shape`, with word `swap.0` replaced by `swap.1`.
fn render(words: &[&str], shape: Shape, swap: Option<(usize, &str)>) -> String {
    let last = words.len() - 1;
    let mut out = String::new();
    for (i, &word) in words.iter().enumerate() {
        let word = match swap {
            Some((j, sub)) if i == j => sub,
            _ => word,
        };
        if i > 0 {
            out.push(' ');
        }
        match shape {
            Shape::Verb(slot) if i == 0 => out.push_str(&inflect(word, slot)),
            Shape::Plural if i == last => out.push_str(&plural(word)),
            _ => out.push_str(word),
        }
    }
    out
}

impl Compiled {
    fn build(data: &Data) -> Compiled {
        let synonyms: HashMap<&str, Vec<&str>> = SYNONYMS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(word, subs)| (word, subs.split(' ').collect()))
            .collect();
        let frozen: HashSet<&str> = data.frozen.iter().map(String::as_str).collect();
        let all_forms = |e: &String| {
            let words: Vec<&str> = e.split_whitespace().collect();
            shapes(&words, &[Kind::Verb, Kind::Noun])
                .into_iter()
                .map(|s| render(&words, s, None))
                .collect::<Vec<_>>()
        };
        // Anything listed as an expression or accepted is English, whatever it resembles.
        let ordinary: HashSet<String> = data
            .expressions()
            .map(|(e, _)| e)
            .chain(&data.accepted)
            .flat_map(all_forms)
            .collect();
        let mut variants: HashMap<String, Vec<Original>> = HashMap::new();
        for (expression, kind) in data.expressions() {
            let words: Vec<&str> = expression.split_whitespace().collect();
            if !has_frame(&words, kind) {
                continue;
            }
            for shape in shapes(&words, &[kind]) {
                let original = Original {
                    text: render(&words, shape, None),
                    participle: matches!(shape, Shape::Verb(Slot::Participle)),
                };
                for (i, word) in words.iter().enumerate() {
                    let inflected = match shape {
                        Shape::Verb(_) => i == 0,
                        Shape::Plural => i == words.len() - 1,
                    };
                    for sub in substitutes(word, &synonyms, &frozen) {
                        if inflected && !fits(shape, &sub) {
                            continue;
                        }
                        let variant = render(&words, shape, Some((i, &sub)));
                        if ordinary.contains(&variant) {
                            continue;
                        }
                        let originals = variants.entry(variant).or_default();
                        if !originals.contains(&original) {
                            originals.push(original.clone());
                        }
                    }
                }
            }
        }
        let mut variants: Vec<(String, Vec<Original>)> = variants.into_iter().collect();
        variants.sort();
        let matcher = PhraseMatcher::new(variants.iter().map(|(v, _)| v));
        Compiled {
            matcher,
            originals: variants.into_iter().map(|(_, o)| o).collect(),
        }
    }
}

impl Rule for SpunCollocation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_paragraph(&self, p: &Paragraph, out: &mut Vec<Diagnostic>) {
        let compiled = self.compiled();
        for (pattern, span) in compiled.matcher.find(p) {
            let originals =
                in_context(&compiled.originals[pattern], after_auxiliary(p, span.start));
            let texts: Vec<&str> = originals.iter().map(|o| o.text.as_str()).collect();
            out.push(spun_finding(&META, p, span, &texts));
        }
    }
}

/// What a spinner may put for `word`: its synonyms, or for a compound ("chart-topping",
/// "best-seller") the compound with one part swapped ("graph-topping").
fn substitutes(
    word: &str,
    synonyms: &HashMap<&str, Vec<&str>>,
    frozen: &HashSet<&str>,
) -> Vec<String> {
    let swappable = |w: &str| !frozen.contains(w);
    if !word.contains('-') {
        return match synonyms.get(word) {
            Some(subs) if swappable(word) => subs.iter().map(|s| s.to_string()).collect(),
            _ => Vec::new(),
        };
    }
    let parts: Vec<&str> = word.split('-').collect();
    let mut out = Vec::new();
    for (j, part) in parts.iter().enumerate() {
        if !swappable(part) {
            continue;
        }
        for sub in synonyms.get(part).into_iter().flatten() {
            let mut swapped = parts.clone();
            swapped[j] = sub;
            out.push(swapped.join("-"));
        }
    }
    out
}

/// Whether an expression keeps enough of itself after a swap to be evidence. With one
/// content word, any swap is ordinary English: "on the run" → "on the trial", "step down" →
/// "weigh down". A fixed frame around it is enough: "in the light of" → "in the idle of".
fn has_frame(words: &[&str], kind: Kind) -> bool {
    let content = words.iter().filter(|w| !FRAME_WORDS.contains(w)).count();
    content >= 2
        || kind == Kind::Fixed
            && content == 1
            && words.len() >= 3
            && words.last().is_some_and(|w| FRAME_WORDS.contains(w))
}

/// Prepositions, articles and pronouns: the frame of a fixed phrase.
const FRAME_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "by", "for", "from", "to", "with", "into", "onto",
    "over", "under", "about", "after", "before", "upon", "out", "off", "up", "down", "as", "and",
    "or", "his", "her", "its", "their", "our", "my", "your", "that", "this", "one's", "back",
    "away", "through", "around", "along", "across",
];

/// The originals that fit the words before: a participle after "has", "was"; else not.
fn in_context(originals: &[Original], after_auxiliary: bool) -> Vec<&Original> {
    let fitting: Vec<&Original> = originals
        .iter()
        .filter(|o| o.participle == after_auxiliary)
        .collect();
    if fitting.is_empty() {
        originals.iter().collect()
    } else {
        let mut texts: Vec<&Original> = fitting;
        texts.dedup_by(|a, b| a.text == b.text);
        texts
    }
}

/// Whether the word before `start` is an auxiliary that takes a past participle.
fn after_auxiliary(p: &Paragraph, start: usize) -> bool {
    let before = p.text[..start].trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        word.as_str(),
        "has"
            | "have"
            | "had"
            | "having"
            | "been"
            | "be"
            | "being"
            | "is"
            | "are"
            | "was"
            | "were"
            | "ve"
            | "get"
            | "got"
            | "gets"
            | "getting"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocKind;
    use crate::engine::Engine;

    fn rule() -> SpunCollocation {
        SpunCollocation::new(&DataSet::embedded()).unwrap()
    }

    fn flagged(text: &str) -> Vec<String> {
        Engine::default()
            .lint(text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == META.id)
            .map(|d| text[d.span].to_string())
            .collect()
    }

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(META.id);
    }

    #[test]
    fn variant_counts_and_build_time() {
        let rule = rule();
        let started = std::time::Instant::now();
        let compiled = rule.compiled();
        println!(
            "{} expressions, {} variants, automaton built in {:?}",
            rule.data.expressions().count(),
            compiled.matcher.pattern_count(),
            started.elapsed()
        );
        assert!(compiled.matcher.pattern_count() > rule.data.expressions().count());
    }

    #[test]
    fn inflected_and_capitalised_variants() {
        assert_eq!(
            flagged("Taxation exiles are rarely welcome.\nThe rally depicting mockery ended."),
            vec!["Taxation exiles", "depicting mockery"]
        );
    }

    #[test]
    fn derives_variants_no_list_names() {
        // Each spun form below is derived by the expansion; none is written in any lexicon.
        let cases = [
            ("The film was a box office collision.", "box office hit"),
            (
                "She became a household epithet overnight.",
                "household name",
            ),
            ("He cast a phantom over the talks.", "cast a shadow"),
            (
                "The two nations have strained dealings.",
                "strained relations",
            ),
            ("The firm issued a profit admonition.", "profit warning"),
            ("The court heard the star spectator.", "star witness"),
        ];
        let lexicons = [
            include_str!("../../../rules/collocations.toml"),
            include_str!("../../../rules/spun-phrases.toml"),
        ];
        let engine = Engine::default();
        for (text, original) in cases {
            let found = engine.lint(text, DocKind::Text);
            let d = found.iter().find(|d| d.rule == META.id);
            let d = d.unwrap_or_else(|| panic!("nothing found in {text:?}"));
            let spun = text[d.span.clone()].to_lowercase();
            assert!(
                lexicons.iter().all(|l| !l.contains(&format!("\"{spun}\""))),
                "{spun}"
            );
            assert_eq!(d.fixes[0].replacement, original, "{text}");
        }
    }

    #[test]
    fn participle_after_an_auxiliary() {
        let engine = Engine::default();
        let text = "The plan has depicted mockery.";
        let found = engine.lint(text, DocKind::Text);
        let fix = &found.iter().find(|d| d.rule == META.id).unwrap().fixes[0];
        assert_eq!(fix.replacement, "drawn mockery");
    }

    #[test]
    fn ordinary_alternatives_stay_silent() {
        assert!(flagged(
            "The budget attracted criticism. Officials held negotiations and tax refugees left."
        )
        .is_empty());
    }
}
