//! English inflection for lexicon expansion: the forms a verb or noun takes in copy, so one
//! listed expression ("draw criticism") covers "drew", "draws", "drawn", "drawing".

/// The inflectional slot an expression's head word is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    let irregular = IRREGULAR.iter().find(|(base, _, _)| *base == word);
    match slot {
        Slot::Base => word.to_string(),
        Slot::S => plural(word),
        Slot::Past => irregular.map_or_else(|| regular_ed(word), |v| v.1.to_string()),
        Slot::Participle => irregular.map_or_else(|| regular_ed(word), |v| v.2.to_string()),
        Slot::Ing => ing(word),
    }
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
    } else if doubles_final(word) {
        format!("{word}{}ed", &word[word.len() - 1..])
    } else {
        format!("{word}ed")
    }
}

fn ing(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ie") {
        format!("{stem}ying")
    } else if word.ends_with('e') && !word.ends_with("ee") && word.len() > 2 {
        format!("{}ing", &word[..word.len() - 1])
    } else if doubles_final(word) {
        format!("{word}{}ing", &word[word.len() - 1..])
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

/// One-syllable words ending consonant–vowel–consonant double it: "ban" → "banned".
fn doubles_final(word: &str) -> bool {
    let b: Vec<char> = word.chars().collect();
    let n = b.len();
    n >= 3
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], 'w' | 'x' | 'y')
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 3])
        && b[..n - 2].iter().filter(|c| is_vowel(**c)).count() == 0
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
}
