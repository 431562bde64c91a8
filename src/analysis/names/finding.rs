//! What the names rules' shared judgement (`rules::names::resolve`) says of one mention.
//! It lives beside the names it judges so that an [`crate::analysis::Analysis`] can hold
//! the judgement for both rules that read it without the analysis depending on the rules.

use std::any::Any;
use std::borrow::Cow;
use std::sync::{Mutex, OnceLock};

pub use super::incremental::Respelling;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A different spelling: a letter dropped, added, changed or swapped.
    Variant,
    /// An accent, or an accented letter, missing.
    Diacritics,
}

/// One mention spelt differently from its name's canonical form.
#[derive(Debug, Clone)]
pub struct Finding {
    pub mention: usize,
    pub kind: Kind,
    pub canonical: String,
    /// Only accents differ and the house list allows the plain spelling.
    pub plain_allowed: bool,
    pub message: String,
}

/// The judgement of one analysis, made by the first names rule to run; and, in a document
/// being edited, the judgement of the text before the edit with what the edit changed, for
/// a judge that can follow the change rather than judge every mention again.
#[derive(Default)]
pub struct Judged {
    made: OnceLock<Judgement>,
    before: Mutex<Option<Before>>,
}

impl std::fmt::Debug for Judged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Judged")
    }
}

pub struct Judgement {
    /// The id of the house list judged against (an analysis may be linted by engines with
    /// different data).
    pub house: u64,
    pub findings: Vec<Finding>,
    /// What the judge keeps to follow the next edit, its own business (the analysis does
    /// not depend on the rules); `None` for a document nobody edits.
    pub memory: Option<Box<dyn Any + Send + Sync>>,
}

/// The text before an edit: its judgement (if it was made) and how the edit changed the
/// mentions.
pub struct Before {
    pub judgement: Option<Judgement>,
    pub respelling: Respelling,
}

impl Judged {
    /// The judgement of the next version of the document: this one while the edit only
    /// moved mentions (`respelling` is `None`), else one to be made following `respelling`.
    pub fn after(self, respelling: Option<Respelling>) -> Judged {
        let Some(respelling) = respelling else {
            return self;
        };
        Judged {
            made: OnceLock::new(),
            before: Mutex::new(Some(Before {
                judgement: self.made.into_inner(),
                respelling,
            })),
        }
    }

    /// Whether the judgement is made (kept from the text before an edit that only moved
    /// mentions, or made since): findings reported from it hold until it is judged again.
    pub fn is_made(&self) -> bool {
        self.made.get().is_some()
    }

    /// The findings against house list `house`, judged by `judge` the first time they are
    /// asked for (given what there is to follow, if anything); later asks with another
    /// house list judge afresh.
    pub fn get(
        &self,
        house: u64,
        judge: impl Fn(Option<Before>) -> Judgement,
    ) -> Cow<'_, [Finding]> {
        let made = self.made.get_or_init(|| {
            let before = self.before.lock().unwrap_or_else(|p| p.into_inner()).take();
            judge(before)
        });
        if made.house == house {
            Cow::Borrowed(&made.findings)
        } else {
            Cow::Owned(judge(None).findings)
        }
    }
}
