//! `phrasing/residue`: page furniture a scraper carried into the copy: "Advertisement",
//! "Read more: …", newsletter plugs, "– video" link captions and photo credits.
//!
//! A context rule: removing a line that stands alone means removing its paragraph and the
//! blank line after it, which lies outside any paragraph.

use std::cell::OnceCell;
use std::hash::Hash;
use std::ops::Range;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashSet;
use serde::Deserialize;

use crate::analysis::Analysis;
use crate::data::{DataError, DataSet};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::document::DocKind;
use crate::rules::{ContextKey, Example, Rule, RuleMeta, Scope};
use crate::segment::{Block, Paragraph};

static META: RuleMeta = RuleMeta {
    id: "phrasing/residue",
    scope: Scope::Context,
    severity: Severity::Info,
    summary: "Scraper debris: \"Advertisement\", \"Read more:\", photo credits, \"– video\" links.",
    explanation: "Copy lifted from a web page often brings the page's furniture along: advert \
markers, \"Read more\" and \"Related\" links, newsletter plugs, share buttons, photo captions \
and agency credits (\"Photograph: A Name/Reuters\", \"(Getty Images)\") and the titles of linked \
videos (\"Floods sweep through valley – video\"). None of it belongs in the article. The fix deletes \
the line, or the credit at the end of a paragraph. Add your outlet's own boilerplate in \
.copydesk.toml: `[data.residue.lines] add = [\"Continue reading below\"]` (whole lines) or \
`[data.residue.prefixes] add = [\"Listen to this story\"]` (beginnings).",
    examples: &[
        Example::fixed(
            "The vote is on Monday.\n\nAdvertisement\n\nTurnout is expected to be low.",
            "The vote is on Monday.\n\nTurnout is expected to be low.",
        ),
        Example::fixed(
            "The bridge reopened on Friday.\nREAD MORE: Council admits road plan delays\n",
            "The bridge reopened on Friday.\n",
        ),
        Example::fixed(
            "Crowds gather outside the court. Photograph: Maria Lopez/AFP",
            "Crowds gather outside the court.",
        ),
        Example::fixed(
            "Rescue teams search the rubble (Getty Images)",
            "Rescue teams search the rubble",
        ),
        Example::bad("Lava engulfs homes on La Palma – video"),
        Example::fixed("Turnout was low. Advertisement", "Turnout was low."),
        Example::bad("Sign up to our free Morning Briefing newsletter"),
        Example::good("The advertisement was banned. Police released a video."),
        Example::good("Read more about the plan, the minister said, in the report."),
        Example::good("He sold his archive to Getty Images last year."),
        Example::good("Banks cut jobs, says Reuters\n\nThe cuts were announced."),
    ],
};

#[derive(Deserialize)]
struct Data {
    lines: Vec<String>,
    prefixes: Vec<String>,
    credit_labels: Vec<String>,
    agencies: Vec<String>,
    bare_agencies: Vec<String>,
}

pub struct Residue {
    lines: FxHashSet<String>,
    /// The longest of `lines`, in bytes: a longer line is not looked up.
    longest_line: usize,
    /// (beginning, words the rest must contain), lower case.
    prefixes: Vec<(String, Option<String>)>,
    /// The first bytes of `prefixes`, as bits.
    prefix_firsts: [u64; 4],
    credit_labels: Vec<String>,
    /// Every line is searched for every label and every "label:" prefix from its end; one
    /// automaton per list finds them all in a single pass (one automaton for both lists,
    /// blind to ASCII case, scanned twice as slowly as both: its prefilter has more to see).
    label_finder: AhoCorasick,
    /// The prefixes that stand alone and end in a colon ("read more:"), lower case.
    colon_prefix_finder: AhoCorasick,
    agencies: FxHashSet<String>,
    bare_agencies: Vec<String>,
}

/// What a line holds.
enum Debris {
    /// The whole line is debris.
    Line,
    /// Debris from this byte of the line to its end.
    Tail(usize),
}

/// What a listed line may end in beyond its words: "Advertisement:".
const TRIMMED: [char; 4] = [':', '.', '|', ' '];

/// A debris line is short; a line longer than this is copy that happens to start alike.
const MAX_WORDS: usize = 30;

impl Residue {
    pub fn new(data: &DataSet) -> Result<Self, DataError> {
        let data: Data = data.load("residue")?;
        let prefixes = data
            .prefixes
            .iter()
            .map(|p| {
                let p = p.to_lowercase();
                match p.split_once(" * ") {
                    Some((head, tail)) => (head.to_string(), Some(tail.to_string())),
                    None => (p, None),
                }
            })
            .collect::<Vec<(String, Option<String>)>>();
        let finder = |patterns: Vec<&str>| {
            AhoCorasick::new(patterns).map_err(|e| DataError(format!("residue: {e}")))
        };
        let colon_prefix_finder = finder(
            prefixes
                .iter()
                .filter(|(head, tail)| tail.is_none() && head.ends_with(':'))
                .map(|(head, _)| head.as_str())
                .collect(),
        )?;
        let label_finder = finder(data.credit_labels.iter().map(String::as_str).collect())?;
        let lines: FxHashSet<String> = data.lines.iter().map(|s| s.to_lowercase()).collect();
        let mut prefix_firsts = [0u64; 4];
        for (head, _) in &prefixes {
            match head.as_bytes().first() {
                Some(&first) => prefix_firsts[usize::from(first / 64)] |= 1 << (first % 64),
                // An empty prefix (a user's edit) opens every line.
                None => prefix_firsts = [u64::MAX; 4],
            }
        }
        Ok(Residue {
            prefix_firsts,
            longest_line: lines.iter().map(String::len).max().unwrap_or(0),
            lines,
            prefixes,
            label_finder,
            colon_prefix_finder,
            credit_labels: data.credit_labels,
            agencies: data.agencies.into_iter().collect(),
            bare_agencies: data.bare_agencies,
        })
    }

    fn classify(&self, line: &str, first_paragraph: bool, heading: bool) -> Option<Debris> {
        // The lower case is taken only for the checks that need it: most lines are too long
        // to be listed and open as no prefix does.
        let ascii = line.is_ascii();
        let lower = OnceCell::new();
        let lower = || -> &str {
            lower.get_or_init(|| {
                if ascii {
                    line.to_ascii_lowercase()
                } else {
                    super::lower_case(line)
                }
            })
        };
        // Lower case makes no fewer chars, and no trimmed mark of another: a line of more
        // chars than the longest listed line (in bytes) is none of them.
        let trimmed = line.trim_end_matches(TRIMMED);
        let short =
            trimmed.len() <= 4 * self.longest_line && trimmed.chars().count() <= self.longest_line;
        if short && self.is_line(lower().trim_end_matches(TRIMMED)) {
            return Some(Debris::Line);
        }
        // A headline may open with a label ("Video: what we know"); copy lines may not.
        if heading {
            return None;
        }
        let may_open = match line.as_bytes().first() {
            Some(&first) if first.is_ascii() => self.opens_prefix(first.to_ascii_lowercase()),
            _ => true,
        };
        if may_open
            && self.starts_with_prefix(line, ascii, lower)
            && line.split_whitespace().count() <= MAX_WORDS
        {
            return Some(Debris::Line);
        }
        if is_video_link(line, first_paragraph) {
            return Some(Debris::Line);
        }
        let tail = self
            .labelled_credit(line)
            .or_else(|| self.bracketed_credit(line))
            .or_else(|| self.slashed_credit(line))
            .or_else(|| self.bare_credit(line))
            .or_else(|| self.caption_credit(line, first_paragraph))
            .or_else(|| self.trailing_link(line))?;
        Some(if line[..tail].trim().is_empty() {
            Debris::Line
        } else {
            Debris::Tail(tail)
        })
    }

    /// Whether `bare`, lower case, is a listed debris line.
    fn is_line(&self, bare: &str) -> bool {
        bare.len() <= self.longest_line && self.lines.contains(bare)
    }

    /// Whether some prefix opens with byte `first`.
    fn opens_prefix(&self, first: u8) -> bool {
        self.prefix_firsts[usize::from(first / 64)] & 1 << (first % 64) != 0
    }

    /// Whether the line's lower case (`lower`) opens with a prefix; an ASCII line's is
    /// compared without taking it, unless a prefix needs its rest.
    fn starts_with_prefix<'l>(&self, line: &str, ascii: bool, lower: impl Fn() -> &'l str) -> bool {
        self.prefixes.iter().any(|(head, tail)| {
            // A prefix has no ASCII capital: the ASCII line opens with it in any case.
            let opens = if ascii {
                (line.as_bytes().get(..head.len()))
                    .is_some_and(|open| open.eq_ignore_ascii_case(head.as_bytes()))
            } else {
                // A long line is not lowered whole to look at how it opens.
                lower_opens_with(line, head).unwrap_or_else(|| lower().starts_with(head.as_str()))
            };
            opens
                && tail
                    .as_ref()
                    .is_none_or(|t| lower()[head.len()..].contains(t.as_str()))
        })
    }

    /// "… the court. Photograph: A Name/AFP": a credit label after the last sentence.
    fn labelled_credit(&self, line: &str) -> Option<usize> {
        last_starts(&self.label_finder, line)
            .filter(|&at| {
                let before = line[..at].trim_end();
                before.is_empty() || before.ends_with(['.', '!', '?', '"', '\u{201D}', ')'])
            })
            .min()
    }

    /// "… the rubble (Getty Images)" or "(Photo: A Name/Reuters)".
    fn bracketed_credit(&self, line: &str) -> Option<usize> {
        let inner = line.strip_suffix(')')?;
        let open = inner.rfind('(')?;
        let inside = inner[open + 1..].trim();
        let credit = self.agencies.contains(inside)
            || self.ends_with_agency_after_slash(inside)
            || self
                .credit_labels
                .iter()
                .any(|l| inside.starts_with(l.as_str()));
        credit.then_some(open)
    }

    /// "Crowds gather in the square Jon Doe/Reuters": a photographer's name and agency.
    fn slashed_credit(&self, line: &str) -> Option<usize> {
        if !self.ends_with_agency_after_slash(line) {
            return None;
        }
        let slash = line.rfind('/')?;
        // Back over the photographer's capitalised name, at most four words.
        let mut start = slash;
        for _ in 0..4 {
            let before = line[..start].trim_end_matches(' ');
            let word_start = before.rfind(' ').map_or(0, |i| i + 1);
            let word = &before[word_start..];
            if word.is_empty() || !word.starts_with(char::is_uppercase) {
                break;
            }
            start = word_start;
            if word_start == 0 {
                break;
            }
        }
        (start < slash).then_some(start)
    }

    fn ends_with_agency_after_slash(&self, text: &str) -> bool {
        // Every line is searched, and most hold no slash: memrchr scans them faster than
        // `rsplit_once`.
        memchr::memrchr(b'/', text.as_bytes()).is_some_and(|slash| {
            let (name, agency) = (&text[..slash], &text[slash + 1..]);
            !name.trim().is_empty() && self.agencies.contains(agency.trim())
        })
    }

    /// "… on Tuesday Getty Images": an agency that can only be a credit, at the very end.
    fn bare_credit(&self, line: &str) -> Option<usize> {
        self.bare_agencies
            .iter()
            .filter_map(|agency| {
                let at = line.strip_suffix(agency.as_str())?.len();
                (at > 0 && line[..at].ends_with(' ')).then_some(at)
            })
            .min()
    }

    /// "Police patrol the square in Lyon Reuters": any agency ending a caption, a line with
    /// no sentence punctuation (below the headline, which may name an agency).
    fn caption_credit(&self, line: &str, first_paragraph: bool) -> Option<usize> {
        if first_paragraph {
            return None;
        }
        // The last word first: it is seldom an agency, and the line seldom short of a dot.
        // memrchr finds the last space faster than `rsplit_once`.
        let space = memchr::memrchr(b' ', line.as_bytes())?;
        let (before, last) = (&line[..space], &line[space + 1..]);
        (self.agencies.contains(last)
            && !line.contains(['.', '!', '?', '"', '\u{201C}'])
            && before.split_whitespace().count() >= 3)
            .then_some(before.len() + 1)
    }

    /// "… said on Friday. Read more: Minister quits" or "… on Friday. Advertisement": a link
    /// or a marker glued after the last sentence.
    fn trailing_link(&self, line: &str) -> Option<usize> {
        let last_sentence_end = line
            .trim_end()
            .rfind(['.', '!', '?', '\u{201D}'])
            .map(|i| i + line[i..].chars().next().map_or(1, char::len_utf8));
        if let Some(end) = last_sentence_end {
            let rest = line[end..].trim();
            let bare = rest.trim_end_matches([':', '|', ' ']);
            // The lines are listed in lower case: only a short rest is lowered to look.
            let listed =
                || bare.len() <= self.longest_line && self.is_line(&bare.to_ascii_lowercase());
            if end < line.len() && !rest.is_empty() && listed() {
                return Some(end + (line[end..].len() - line[end..].trim_start().len()));
            }
        }
        // The prefixes end in a colon: a line without one (most) is not lowered to look for
        // them, and memchr finds that out faster than `contains`.
        memchr::memchr(b':', line.as_bytes())?;
        // ASCII-lowered, so its offsets are the line's.
        let lower = line.to_ascii_lowercase();
        last_starts(&self.colon_prefix_finder, &lower)
            .filter(|&at| {
                let before = line[..at].trim_end();
                let after_sentence = before.ends_with(['.', '!', '?', '"', '\u{201D}']);
                at > 0 && after_sentence && line[at..].split_whitespace().count() <= 20
            })
            .min()
    }
}

/// Where each pattern of `finder` last starts in `hay`, as `str::rfind` would say for each;
/// nothing is allocated for a line where none occurs (most).
fn last_starts(finder: &AhoCorasick, hay: &str) -> impl Iterator<Item = usize> {
    let mut last = Vec::new();
    for m in finder.find_overlapping_iter(hay) {
        if last.is_empty() {
            last.resize(finder.patterns_len(), None);
        }
        last[m.pattern().as_usize()] = Some(m.start());
    }
    last.into_iter().flatten()
}

/// Whether the lower case of `line` opens with `head`, lowering its chars one by one only as
/// far as `head` reaches; `None` at a "Σ" first, whose lower case depends on what follows it
/// (every other char's is its own).
fn lower_opens_with(line: &str, head: &str) -> Option<bool> {
    let mut head = head.chars();
    for c in line.chars() {
        if head.as_str().is_empty() {
            return Some(true);
        }
        if c == '\u{3a3}' {
            return None;
        }
        for l in c.to_lowercase() {
            if head.next().is_some_and(|h| h != l) {
                return Some(false);
            }
        }
    }
    Some(head.as_str().is_empty())
}

/// "Protesters march on parliament – video": the title of a linked video, a short line
/// ending in "video" after a dash, or (away from the top, where the headline stands) with no
/// sentence punctuation at all.
fn is_video_link(line: &str, first_paragraph: bool) -> bool {
    let Some(before) = line
        .strip_suffix("video")
        .or_else(|| line.strip_suffix("Video"))
    else {
        return false;
    };
    if !before.ends_with(' ') || line.split_whitespace().count() > 20 {
        return false;
    }
    let before = before.trim_end();
    let dashed = before.ends_with(['\u{2013}', '\u{2014}', '-', ':', '|']);
    let words = line.split_whitespace().count();
    dashed || !first_paragraph && words >= 4 && !before.contains(['.', '!', '?', ','])
}

impl Rule for Residue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn context(&self, doc: &Analysis, index: usize, key: &mut ContextKey) {
        let p = &doc.paragraphs[index];
        (index == 0, in_table(doc, p), local_removal(doc, p)).hash(key);
    }

    fn check_context(&self, doc: &Analysis, index: usize, out: &mut Vec<Diagnostic>) {
        let p = &doc.paragraphs[index];
        if in_table(doc, p) {
            return; // a cell reading "Share" is a column heading
        }
        let source = &doc.text[p.span()];
        let mut lines = lines_of(p).enumerate().peekable();
        while let Some((n, range)) = lines.next() {
            let raw = &p.text[range.clone()];
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            let lead = raw.len() - raw.trim_start().len();
            let start = range.start + lead;
            let end = start + line.len();
            let Some(debris) = self.classify(line, index == 0, p.block == Block::Heading) else {
                continue;
            };
            let (span, removal) = match debris {
                Debris::Line => {
                    let last = lines.peek().is_none();
                    let removal = if n == 0 && last {
                        local_removal(doc, p)
                    } else if !last {
                        Some(range.start..next_line_start(p, range.end))
                    } else {
                        Some(line_break_before(p, range.start)..range.end)
                    };
                    (start..end, removal)
                }
                Debris::Tail(at) => {
                    let from = start + line[..at].trim_end().len();
                    (start + at..end, Some(from..end))
                }
            };
            let shown = &source[span.clone()];
            let d = Diagnostic::new(
                META.id,
                META.severity,
                span,
                format!("\"{shown}\" looks like web-page debris, not copy: delete it."),
            );
            out.push(match removal {
                Some(removal) => d.with_fix(Fix::new(removal, "")),
                None => d,
            });
        }
    }
}

/// [`paragraph_removal`] in the paragraph's local offsets (wrapping when it starts before
/// the paragraph).
fn local_removal(doc: &Analysis, p: &Paragraph) -> Option<Range<usize>> {
    paragraph_removal(doc, p).map(|r| r.start.wrapping_sub(p.start)..r.end.wrapping_sub(p.start))
}

/// Whether a Markdown paragraph is a table cell: its source line starts with a pipe.
fn in_table(doc: &Analysis, p: &Paragraph) -> bool {
    doc.kind == DocKind::Markdown && {
        let line_start = doc.text[..p.start].rfind('\n').map_or(0, |i| i + 1);
        doc.text[line_start..].trim_start().starts_with('|')
    }
}

/// The paragraph's lines, in local offsets, without their line breaks.
fn lines_of(p: &Paragraph) -> impl Iterator<Item = Range<usize>> + '_ {
    let breaks = memchr::memchr2_iter(b'\n', b'\r', p.text.as_bytes()).chain([p.text.len()]);
    let mut start = 0;
    breaks.filter_map(move |i| {
        let line = start..i;
        start = i + 1;
        (!line.is_empty()).then_some(line)
    })
}

fn next_line_start(p: &Paragraph, end: usize) -> usize {
    let bytes = p.text.as_bytes();
    let mut i = end;
    while i < bytes.len() && matches!(bytes[i], b'\n' | b'\r') {
        i += 1;
    }
    i
}

fn line_break_before(p: &Paragraph, start: usize) -> usize {
    p.text[..start].trim_end_matches(['\n', '\r']).len()
}

/// A whole paragraph with the blank lines after it, or, for the last one, before it. `None`
/// when markup shares its lines ("*Advertisement*"): deleting the words would strand it.
fn paragraph_removal(doc: &Analysis, p: &Paragraph) -> Option<Range<usize>> {
    let span = p.span();
    let line_start = doc.text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = doc.text[span.end..]
        .find('\n')
        .map_or(doc.text.len(), |i| span.end + i);
    if !doc.text[line_start..span.start].trim().is_empty()
        || !doc.text[span.end..line_end].trim().is_empty()
    {
        return None;
    }
    let after = &doc.text[span.end..];
    let trailing = after.len() - after.trim_start().len();
    if span.end + trailing < doc.text.len() {
        return Some(span.start..span.end + trailing);
    }
    let before = doc.text[..span.start].trim_end().len();
    let keep_newline = doc.text[before..]
        .find('\n')
        .map_or(before, |i| before + i + 1);
    Some(if before == 0 {
        span.start..doc.text.len()
    } else {
        keep_newline.min(span.start)..doc.text.len()
    })
}

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;
    use crate::fix::apply_fixes;
    use proptest::prelude::*;

    fn found(text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        crate::rules::testing::findings(super::META.id, text, DocKind::Text)
    }

    #[test]
    fn examples() {
        crate::rules::testing::assert_examples(super::META.id);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn lower_opens_with_is_lowering_the_line(
            line in "[aAsΣσςİi\u{307}\u{212a}kK ’:]{0,8}",
            n in 0..6usize,
            by_char in any::<bool>(),
        ) {
            // `head` opens the line's lower case, or its chars' lower cases (which differ at
            // a final "Σ").
            let lower = crate::rules::phrasing::lower_case(&line);
            let head: String = if by_char {
                line.chars().flat_map(char::to_lowercase).take(n).collect()
            } else {
                lower.chars().take(n).collect()
            };
            let found = super::lower_opens_with(&line, &head)
                .unwrap_or_else(|| lower.starts_with(&head));
            prop_assert_eq!(found, lower.starts_with(&head));
        }
    }

    #[test]
    fn generality() {
        let text = "Shares fell sharply.\n\nRelated: Banks brace for losses\n\nA trader waves at the \
screen Ann Lee/Bloomberg\n\nStory continues below advertisement\n\nTraders expect more falls.\n\nShare this article";
        let (fixed, _) = apply_fixes(text, &found(text));
        assert_eq!(
            fixed,
            "Shares fell sharply.\n\nA trader waves at the screen\n\nTraders expect more falls.\n"
        );
    }

    #[test]
    fn copy_that_mentions_debris_words_stays_silent() {
        for text in [
            "Watch the video\n\nThe footage was shared widely.",
            "Police release bodycam video",
            "A new advertisement\n\nThe firm paid for a full-page advertisement.",
            "He photographed the scene for Reuters.",
            "She said: \"Click here, they told me, and I did.\"",
            "The video, which lasts two minutes, shows the raid.",
            "LONDON (Reuters) - Shares rose on Monday.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn caption_credits() {
        let text = "Quake hits coast\n\nRescuers dig through rubble in Antakya AFP\n\nThe quake struck at 4am.";
        let (fixed, _) = apply_fixes(text, &found(text));
        assert_eq!(fixed, "Quake hits coast\n\nRescuers dig through rubble in Antakya\n\nThe quake struck at 4am.");
        let sentences = "Talks stall\n\nShe told the AP.\n\nHe works for Reuters now, she said.";
        assert!(found(sentences).is_empty());
    }

    #[test]
    fn outlets_add_their_own_boilerplate() {
        let text = "The port reopened.\n\nKeep scrolling for more\n\nShips queued.";
        assert!(found(text).is_empty());
        let config = crate::config::Config::parse(
            "[data.residue.lines]\nadd = [\"Keep scrolling for more\"]\n",
            None,
        )
        .unwrap();
        let engine = Engine::new(&config).unwrap();
        let found: Vec<_> = engine
            .lint(text, DocKind::Text)
            .into_iter()
            .filter(|d| d.rule == super::META.id)
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], "Keep scrolling for more");
    }

    #[test]
    fn markdown_lines() {
        let text = "# Video: storm hits coast\n\nWind speeds rose.\n\n*Advertisement*\n\n\
| Town | Share |\n| --- | --- |\n| Rye | 4% |\n\nThe coast road shut.\n";
        let found = crate::rules::testing::findings(super::META.id, text, DocKind::Markdown);
        assert_eq!(found.len(), 1);
        // Deleting the word alone would leave "**" behind.
        assert!(found[0].fixes.is_empty());
        let plain = "Wind rose.\n\nAdvertisement\n\nThe road shut.\n";
        let (fixed, _) = apply_fixes(plain, &Engine::default().lint(plain, DocKind::Markdown));
        assert_eq!(fixed, "Wind rose.\n\nThe road shut.\n");
    }
}
