//! What the names rules' shared judgement (`rules::names::resolve`) says of one mention.
//! It lives beside the names it judges so that an [`crate::analysis::Analysis`] can hold
//! the judgement for both rules that read it without the analysis depending on the rules.

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
