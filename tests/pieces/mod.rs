//! Random texts and edits made of a test's own pieces (names, quotation marks, breaks),
//! for the property tests that follow a document edit by edit and compare it with the
//! final text analysed afresh.

use copydesk::lsp::incremental::Edit;
use proptest::prelude::*;

/// Where in the text (whatever its length), how many bytes to replace, and by what.
pub type Spot = (prop::sample::Index, usize, String);

/// Up to `most` of `pieces`, joined.
pub fn text(pieces: &'static [&'static str], most: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..most).prop_map(|v| v.concat())
}

/// A replacement of fewer than `longest` bytes by up to two of `pieces`.
pub fn spot(pieces: &'static [&'static str], longest: usize) -> impl Strategy<Value = Spot> {
    (any::<prop::sample::Index>(), 0..longest, text(pieces, 3))
}

/// A batch of spots as edits of a text `len` bytes long: each edit sees the ones before
/// it, and the server clamps what falls past the end.
pub fn edits(len: usize, batch: Vec<Spot>) -> Vec<Edit> {
    batch
        .into_iter()
        .map(|(at, n, text)| {
            let at = at.index(len + 1);
            Edit {
                range: at..at + n,
                text,
            }
        })
        .collect()
}
