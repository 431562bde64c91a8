//! Inline suppression comments in Markdown:
//! `<!-- copydesk-disable-next-line RULE -->`, `<!-- copydesk-disable RULE -->` …
//! `<!-- copydesk-enable RULE -->`. RULE is a rule id or a family, several may be listed,
//! and none means every rule.

use crate::diagnostic::Diagnostic;
use crate::segment::{Directive, DirectiveAction};

pub struct Suppressions<'a> {
    directives: &'a [Directive],
    /// Byte offset where each line starts; only computed when there are directives.
    line_starts: Vec<usize>,
}

impl<'a> Suppressions<'a> {
    pub fn new(text: &str, directives: &'a [Directive]) -> Suppressions<'a> {
        let line_starts = if directives.is_empty() {
            Vec::new()
        } else {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        };
        Suppressions {
            directives,
            line_starts,
        }
    }

    pub fn is_suppressed(&self, diagnostic: &Diagnostic) -> bool {
        if self.directives.is_empty() {
            return false;
        }
        let line = self.line_of(diagnostic.span.start);
        let mut disabled = false;
        for d in self.directives.iter().filter(|d| names(d, diagnostic.rule)) {
            match d.action {
                DirectiveAction::DisableNextLine if self.line_of(d.offset) + 1 == line => {
                    return true
                }
                DirectiveAction::Disable if d.offset <= diagnostic.span.start => disabled = true,
                DirectiveAction::Enable if d.offset <= diagnostic.span.start => disabled = false,
                _ => {}
            }
        }
        disabled
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }
}

fn names(directive: &Directive, rule: &str) -> bool {
    let family = rule.split('/').next().unwrap_or(rule);
    directive.rules.is_empty() || directive.rules.iter().any(|r| r == rule || r == family)
}

#[cfg(test)]
mod tests {
    use crate::document::DocKind;
    use crate::engine::Engine;

    fn rules_found(text: &str) -> usize {
        Engine::default().lint(text, DocKind::Markdown).len()
    }

    #[test]
    fn next_line_and_ranges() {
        assert_eq!(rules_found("It was the the end.\n"), 1);
        assert_eq!(
            rules_found(
                "<!-- copydesk-disable-next-line phrasing/doubled-word -->\nIt was the the end.\n"
            ),
            0
        );
        assert_eq!(
            rules_found("<!-- copydesk-disable-next-line quotes -->\nIt was the the end.\n"),
            1
        );
        let ranged = "<!-- copydesk-disable phrasing -->\n\nIt was the the end.\n\n<!-- copydesk-enable -->\n\nAnd the the start.\n";
        assert_eq!(rules_found(ranged), 1);
    }
}
