//! How a name word becomes its key, and the common words that are never names: what the
//! names pass reads and what `build/names.rs` compiles the house list with, so that the
//! two agree. Shared with the build script through `#[path]`: it uses no other module of
//! the crate.

/// Words that open sentences and title-case headlines but are not names, for texts too
/// short to show them in lower case as well, and the capitalised months and days.
pub const COMMON: &str = "\
    a about above according across after afterwards again against all almost already also \
    although always among an and another any anyone anything april are around as at august \
    back be because been before behind being below besides between both breaking but by can \
    could december despite did do does down during each earlier either even ever every \
    everyone everything exclusive february few finally first for friday from further had has \
    have he her here hers him his how however if in indeed inside instead into is it its \
    january july june just last later latest less like many march may meanwhile might monday \
    more moreover most much must my neither never nevertheless new next no nobody none nor \
    not nothing november now october of off often on once one only or other others our out \
    outside over perhaps please rather read related saturday second see september several \
    she should since so some someone something sometimes soon still such sunday than thanks \
    that the their theirs them then there therefore these they third this those though \
    through thursday thus to today together tomorrow too tuesday under unless until up \
    update upon us very was watch we wednesday were what whatever when whenever where \
    whereas whether which while who whoever whom whose why will with within without would \
    yes yesterday yet you your";

/// The key under which spellings of one name meet: no accents, no case ("Agnès" → "agnes").
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`] `word` onto the end of `out`.
pub fn fold_into(word: &str, out: &mut String) {
    // most names are ASCII letters alone: copied and lower-cased whole, not char by char
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        let from = out.len();
        out.push_str(word);
        out[from..].make_ascii_lowercase();
    } else {
        fold_chars(word, out);
    }
}

fn fold_chars(word: &str, out: &mut String) {
    for c in word.chars() {
        if c.is_ascii() {
            // "O'Neill" and "O’Neill" meet: apostrophes and dots are not part of the key
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else {
            out.extend(
                deunicode::deunicode_char(c)
                    .unwrap_or("")
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .map(|c| c.to_ascii_lowercase()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn letters_alone_fold_as_each_char_does(word in "[a-zA-Z0-9]{0,6}[ -~é’]?[a-zA-Z]{0,3}") {
            let (mut whole, mut each) = (String::from("x"), String::from("x"));
            fold_into(&word, &mut whole);
            fold_chars(&word, &mut each);
            proptest::prop_assert_eq!(whole, each);
        }
    }
}
