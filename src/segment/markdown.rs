//! CommonMark → prose paragraphs, through pulldown-cmark's offset iterator.
//!
//! A paragraph is a maximal run of inline content between block boundaries (so tight list
//! items, which have no paragraph tag, are paragraphs too). Text events are copied from the
//! source; everything else inside the run (emphasis markers, link URLs, inline HTML,
//! container prefixes such as `> `) is blanked, and inline code becomes opaque. Code blocks,
//! HTML blocks, front matter and image alt text are not prose.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{parse_directives, Block, Paragraph, Segmented, OPAQUE};

enum Piece {
    Prose(Range<usize>),
    Opaque(Range<usize>),
}

#[derive(Default)]
struct Run {
    pieces: Vec<Piece>,
    block: Option<Block>,
}

pub(super) fn segment(text: &str) -> Segmented {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut out = Segmented::default();
    let mut run = Run::default();
    let mut in_heading = false;
    let mut skip_depth = 0usize; // inside code blocks, HTML blocks, front matter, images

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if is_block(&tag) {
                    flush(text, &mut run, &mut out);
                }
                match tag {
                    Tag::Heading { .. } => in_heading = true,
                    Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::MetadataBlock(_)
                    | Tag::Image { .. } => skip_depth += 1,
                    _ => {}
                }
            }
            Event::End(end) => {
                match end {
                    TagEnd::Heading(_) => {
                        flush(text, &mut run, &mut out);
                        in_heading = false;
                    }
                    TagEnd::CodeBlock
                    | TagEnd::HtmlBlock
                    | TagEnd::MetadataBlock(_)
                    | TagEnd::Image => skip_depth = skip_depth.saturating_sub(1),
                    _ => {}
                }
                if is_block_end(&end) {
                    flush(text, &mut run, &mut out);
                }
            }
            Event::Text(_) if skip_depth == 0 => {
                run.block.get_or_insert(if in_heading {
                    Block::Heading
                } else {
                    Block::Text
                });
                run.pieces.push(Piece::Prose(range));
            }
            Event::Code(_) | Event::InlineMath(_) if skip_depth == 0 => {
                run.pieces.push(Piece::Opaque(range));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                parse_directives(&text[range.clone()], range.start, &mut out.directives);
            }
            _ => {}
        }
    }
    flush(text, &mut run, &mut out);
    out
}

fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Close the current run (its pieces' vector is kept for the next).
fn flush(text: &str, run: &mut Run, out: &mut Segmented) {
    if let Some(block) = run.block.take() {
        out.paragraphs.extend(paragraph(text, &run.pieces, block));
    } // else only inline code: nothing to lint
    run.pieces.clear();
}

/// The paragraph of a run: its source span blanked, then the prose pieces copied back.
fn paragraph(text: &str, pieces: &[Piece], block: Block) -> Option<Paragraph> {
    let (first, last) = (pieces.first()?, pieces.last()?);
    let start = piece_range(first).start;
    let end = piece_range(last).end;
    let source = &text.as_bytes()[start..end];
    let mut buf: Vec<u8> = source
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    for piece in pieces {
        match piece {
            Piece::Prose(r) => buf[r.start - start..r.end - start]
                .copy_from_slice(&source[r.start - start..r.end - start]),
            Piece::Opaque(r) => buf[r.start - start..r.end - start].fill(OPAQUE),
        }
    }
    let prose = String::from_utf8(buf).unwrap_or_else(|e| {
        // Cannot happen (pieces lie on char boundaries); blank non-ASCII rather than panic.
        let bytes = e.into_bytes();
        bytes
            .iter()
            .map(|&b| if b.is_ascii() { b as char } else { ' ' })
            .collect()
    });
    Some(Paragraph::new(start, prose, block))
}

fn piece_range(p: &Piece) -> &Range<usize> {
    match p {
        Piece::Prose(r) | Piece::Opaque(r) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> Vec<String> {
        let seg = segment(text);
        for p in &seg.paragraphs {
            assert_eq!(p.text.len(), p.span().len());
        }
        seg.paragraphs.into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn skips_front_matter_code_and_urls() {
        let text = "---\ntitle: The the\n---\n\n# Head line\n\nSee [the site](http://x.y/the) and `the the` here.\n\n```\nthe the\n```\n\n    indented code\n\n<div>html the the</div>\n\n- tight item\n- *second* item\n";
        let got = prose(text);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0], "Head line");
        assert_eq!(got[1], "See  the site                  and \u{1a}\u{1a}\u{1a}\u{1a}\u{1a}\u{1a}\u{1a}\u{1a}\u{1a} here.");
        assert_eq!(got[2], "tight item");
        assert_eq!(got[3], "second  item");
        let seg = segment(text);
        assert_eq!(seg.paragraphs[0].block, Block::Heading);
    }

    #[test]
    fn block_quote_prefixes_are_blanked() {
        let got = prose("> one line\n> two line\n");
        assert_eq!(got, vec!["one line\n  two line"]);
    }

    #[test]
    fn directives_from_comments() {
        let seg = segment("<!-- copydesk-disable-next-line phrasing/doubled-word -->\nthe the\n");
        assert_eq!(seg.directives.len(), 1);
        assert_eq!(seg.directives[0].offset, 0);
    }
}
