//! English inflection: the forms a verb or noun takes in copy, so one listed expression
//! ("draw criticism") covers "drew", "draws", "drawn", "drawing"; and its inverse,
//! [`bases`], which lemmatises a word of the text instead of inflecting the lexicon.

use std::sync::OnceLock;

/// The inflectional slot an expression's head word is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    Base,
    /// Third person singular for verbs, plural for nouns: "draws", "exiles".
    S,
    Past,
    Participle,
    Ing,
}

pub const VERB_SLOTS: [Slot; 5] = [Slot::Base, Slot::S, Slot::Past, Slot::Participle, Slot::Ing];

/// (base, past, past participle) of the irregular verbs news copy uses.
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("awake", "awoke", "awoken"),
    ("bear", "bore", "borne"),
    ("beat", "beat", "beaten"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bend", "bent", "bent"),
    ("bet", "bet", "bet"),
    ("bid", "bid", "bid"),
    ("bind", "bound", "bound"),
    ("bite", "bit", "bitten"),
    ("bleed", "bled", "bled"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("breed", "bred", "bred"),
    ("bring", "brought", "brought"),
    ("build", "built", "built"),
    ("burn", "burnt", "burnt"),
    ("burst", "burst", "burst"),
    ("buy", "bought", "bought"),
    ("cast", "cast", "cast"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("cling", "clung", "clung"),
    ("come", "came", "come"),
    ("cost", "cost", "cost"),
    ("creep", "crept", "crept"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("dig", "dug", "dug"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drink", "drank", "drunk"),
    ("drive", "drove", "driven"),
    ("eat", "ate", "eaten"),
    ("fall", "fell", "fallen"),
    ("feed", "fed", "fed"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fling", "flung", "flung"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("forge", "forged", "forged"),
    ("forget", "forgot", "forgotten"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "got"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grind", "ground", "ground"),
    ("grow", "grew", "grown"),
    ("hang", "hung", "hung"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("hurt", "hurt", "hurt"),
    ("keep", "kept", "kept"),
    ("know", "knew", "known"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("lean", "leant", "leant"),
    ("leap", "leapt", "leapt"),
    ("learn", "learnt", "learnt"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lie", "lay", "lain"),
    ("light", "lit", "lit"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("mislead", "misled", "misled"),
    ("overcome", "overcame", "overcome"),
    ("overtake", "overtook", "overtaken"),
    ("pay", "paid", "paid"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("read", "read", "read"),
    ("ride", "rode", "ridden"),
    ("ring", "rang", "rung"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shed", "shed", "shed"),
    ("shine", "shone", "shone"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown"),
    ("shrink", "shrank", "shrunk"),
    ("shut", "shut", "shut"),
    ("sing", "sang", "sung"),
    ("sink", "sank", "sunk"),
    ("sit", "sat", "sat"),
    ("slay", "slew", "slain"),
    ("sleep", "slept", "slept"),
    ("slide", "slid", "slid"),
    ("speak", "spoke", "spoken"),
    ("spend", "spent", "spent"),
    ("spin", "spun", "spun"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("spring", "sprang", "sprung"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("stick", "stuck", "stuck"),
    ("sting", "stung", "stung"),
    ("stink", "stank", "stunk"),
    ("strike", "struck", "struck"),
    ("strive", "strove", "striven"),
    ("swear", "swore", "sworn"),
    ("sweep", "swept", "swept"),
    ("swim", "swam", "swum"),
    ("swing", "swung", "swung"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("tread", "trod", "trodden"),
    ("undergo", "underwent", "undergone"),
    ("understand", "understood", "understood"),
    ("undertake", "undertook", "undertaken"),
    ("uphold", "upheld", "upheld"),
    ("upset", "upset", "upset"),
    ("wake", "woke", "woken"),
    ("wear", "wore", "worn"),
    ("weave", "wove", "woven"),
    ("weep", "wept", "wept"),
    ("win", "won", "won"),
    ("withdraw", "withdrew", "withdrawn"),
    ("withhold", "withheld", "withheld"),
    ("withstand", "withstood", "withstood"),
    ("wring", "wrung", "wrung"),
    ("write", "wrote", "written"),
];

/// `word` in `slot`, read as a verb (or, for [`Slot::S`], as either a verb or a noun).
pub fn inflect(word: &str, slot: Slot) -> String {
    let irregular = || irregular_verb(word);
    match slot {
        Slot::Base => word.to_string(),
        Slot::S => plural(word),
        Slot::Past => irregular().map_or_else(|| regular_ed(word), |v| v.0.to_string()),
        Slot::Participle => irregular().map_or_else(|| regular_ed(word), |v| v.1.to_string()),
        Slot::Ing => ing(word),
    }
}

/// Every `base` with `inflect(base, slot) == form`. Each spelling rule of [`inflect`] is
/// undone, and a candidate is kept only if inflecting it gives `form` back: the inverse is
/// exact, whatever the word.
pub fn bases(form: &str, slot: Slot) -> Vec<String> {
    let mut candidates: Vec<String> = Vec::new();
    let mut push = |stem: Option<&str>, tail: &str| {
        if let Some(stem) = stem.filter(|s| !s.is_empty()) {
            candidates.push(format!("{stem}{tail}"));
        }
    };
    match slot {
        Slot::Base => return vec![form.to_string()],
        Slot::S => {
            push(form.strip_suffix("ies"), "y");
            push(form.strip_suffix("es"), "");
            push(form.strip_suffix('s'), "");
        }
        Slot::Past | Slot::Participle => {
            for base in irregular_bases(form) {
                push(Some(base), "");
            }
            push(form.strip_suffix("ied"), "y");
            push(form.strip_suffix('d'), "");
            push(form.strip_suffix("ed"), "");
            push(form.strip_suffix("ed").map(without_last_char), "");
        }
        Slot::Ing => {
            push(form.strip_suffix("ying"), "ie");
            push(form.strip_suffix("ing"), "e");
            push(form.strip_suffix("ing"), "");
            push(form.strip_suffix("ing").map(without_last_char), "");
        }
    }
    candidates.retain(|c| inflect(c, slot) == form);
    candidates.sort();
    candidates.dedup();
    candidates
}

/// The (past, participle) of an irregular base: [`bases`] inflects every candidate, so
/// this is hot. `IRREGULAR` is in order of its bases (a test checks).
fn irregular_verb(word: &str) -> Option<(&'static str, &'static str)> {
    let i = IRREGULAR.binary_search_by(|v| v.0.cmp(word)).ok()?;
    Some((IRREGULAR[i].1, IRREGULAR[i].2))
}

/// The bases `form` is an irregular past form or participle of.
pub fn irregular_bases(form: &str) -> impl Iterator<Item = &'static str> + '_ {
    let forms = irregular_forms();
    // Searched among the forms of its first byte alone: the spun rules ask of many words.
    let first = form.as_bytes().first().map_or(0, |&b| usize::from(b));
    let among = &forms.forms[forms.by_first[first]..forms.by_first[first + 1]];
    let at = among.partition_point(|&(f, _)| f < form);
    among[at..]
        .iter()
        .take_while(move |&&(f, _)| f == form)
        .map(|&(_, base)| base)
}

/// Irregular past forms and participles with the bases they come from, in order of form,
/// and where the forms of each first byte begin.
struct Forms {
    forms: Vec<(&'static str, &'static str)>,
    by_first: [usize; 257],
}

fn irregular_forms() -> &'static Forms {
    static FORMS: OnceLock<Forms> = OnceLock::new();
    FORMS.get_or_init(|| {
        let mut forms: Vec<(&str, &str)> = IRREGULAR
            .iter()
            .flat_map(|&(base, past, participle)| [(past, base), (participle, base)])
            .collect();
        forms.sort_unstable();
        forms.dedup();
        let by_first = std::array::from_fn(|b| {
            forms.partition_point(|&(f, _)| f.as_bytes().first().map_or(0, |&c| usize::from(c)) < b)
        });
        Forms { forms, by_first }
    })
}

pub fn without_last_char(word: &str) -> &str {
    word.char_indices().last().map_or(word, |(i, _)| &word[..i])
}

/// Plural of a noun, which is also the third person of a verb: "crises" aside, the rules.
pub fn plural(word: &str) -> String {
    if word.ends_with(['s', 'x', 'z']) || word.ends_with("ch") || word.ends_with("sh") {
        format!("{word}es")
    } else if let Some(stem) = consonant_y(word) {
        format!("{stem}ies")
    } else {
        format!("{word}s")
    }
}

fn regular_ed(word: &str) -> String {
    if word.ends_with('e') {
        format!("{word}d")
    } else if let Some(stem) = consonant_y(word) {
        format!("{stem}ied")
    } else if let Some(last) = doubles_final(word) {
        format!("{word}{last}ed")
    } else {
        format!("{word}ed")
    }
}

fn ing(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ie") {
        format!("{stem}ying")
    } else if word.ends_with('e') && !word.ends_with("ee") && word.len() > 2 {
        format!("{}ing", &word[..word.len() - 1])
    } else if let Some(last) = doubles_final(word) {
        format!("{word}{last}ing")
    } else {
        format!("{word}ing")
    }
}

/// "spy" → Some("sp"); "delay" → None.
fn consonant_y(word: &str) -> Option<&str> {
    let stem = word.strip_suffix('y')?;
    (!stem.is_empty() && !stem.ends_with(is_vowel)).then_some(stem)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// One-syllable words ending consonant–vowel–consonant double it: "ban" → "banned". The
/// letter to double, if so.
fn doubles_final(word: &str) -> Option<char> {
    let b: Vec<char> = word.chars().collect();
    let n = b.len();
    let doubles = n >= 3
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], 'w' | 'x' | 'y')
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 3])
        && b[..n - 2].iter().filter(|c| is_vowel(**c)).count() == 0;
    doubles.then(|| b[n - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_and_nouns() {
        let forms = |w: &str| VERB_SLOTS.map(|s| inflect(w, s)).join(" ");
        assert_eq!(forms("draw"), "draw draws drew drawn drawing");
        assert_eq!(
            forms("depict"),
            "depict depicts depicted depicted depicting"
        );
        assert_eq!(forms("ban"), "ban bans banned banned banning");
        assert_eq!(forms("voice"), "voice voices voiced voiced voicing");
        assert_eq!(forms("deny"), "deny denies denied denied denying");
        assert_eq!(forms("tie"), "tie ties tied tied tying");
        assert_eq!(plural("tax"), "taxes");
        assert_eq!(plural("relay"), "relays");
    }

    #[test]
    fn bases_undo_every_rule() {
        let words = [
            "draw",
            "depict",
            "ban",
            "voice",
            "deny",
            "tie",
            "tax",
            "relay",
            "lie",
            "lay",
            "see",
            "free",
            "crisis",
            "bañ",
            "one's",
            "chart-topping",
            "go",
            "be",
            "hit",
            "wish",
        ];
        for word in words {
            for slot in VERB_SLOTS {
                let form = inflect(word, slot);
                let found = bases(&form, slot);
                assert!(found.contains(&word.to_string()), "{word} {slot:?} {form}");
                assert!(found.iter().all(|b| inflect(b, slot) == form), "{form}");
            }
        }
        assert_eq!(bases("drew", Slot::Past), vec!["draw"]);
        assert!(bases("the", Slot::Past).is_empty());
    }

    #[test]
    fn irregular_verbs_are_in_order() {
        assert!(IRREGULAR.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(irregular_bases("lay").collect::<Vec<_>>(), vec!["lie"]);
    }
}
