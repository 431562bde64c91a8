#!/usr/bin/env python3
"""Regenerate rules/synonyms.tsv and rules/pos.tsv from WordNet 3.0 and Moby.

WordNet is read from the `thesaurus-wordnet` crate's `src/wordnet.jsonl` (MIT-packaged copy
of Princeton WordNet 3.0, WordNet licence). Fetch the crate with `cargo info thesaurus-wordnet`
(cargo unpacks it under ~/.cargo/registry/src) or pass its path as the first argument.
Moby's thesaurus (Grady Ward, public domain) is read from the `thesaurus-moby` crate's
`src/moby.txt` in the same way (`cargo info thesaurus-moby`).
Word frequencies come from the `wordfreq` package (`pip install wordfreq`); only comparisons
made with them are written out, no frequency table is shipped.

synonyms.tsv: `word<TAB>substitutes<TAB>looser substitutes` for every swappable word of
rules/collocations.toml; the looser ones (not clearly rarer) serve only idioms, where any
swap is evidence. A substitute is a single WordNet synonym (any part of speech: article
spinners ignore it) that is clearly rarer than the word — spinners reach for the less usual word, and
a more common substitute is more likely an ordinary alternative — and not vanishingly rare.

pos.tsv: `word<TAB>tags` (n noun, v verb, a adjective, r adverb) for WordNet lemmas common
enough to matter in news copy; phrasing/word-salad reads it.
"""
import difflib
import glob
import json
import os
import re
import sys
import tomllib
from collections import defaultdict

from wordfreq import zipf_frequency

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Substitutes rarer than this are dictionary curiosities no spinner output contains.
MIN_SUBSTITUTE_ZIPF = 2.3
# How much rarer than the word a substitute must be: a near-equal synonym ("wounds" for
# "injuries", "pact" for "treaty") is usually an ordinary alternative, not spinning.
MIN_RARITY_GAP = 0.5
# Moby substitutes: common enough to be a thesaurus's first offers, at most this many, and
# ten times rarer than the word (a zipf point): Moby's looser pairs ("party" / "community",
# "key" / "central") are ordinary alternatives unless the substitute is a much rarer word.
MIN_MOBY_ZIPF = 3.0
MOBY_PER_WORD = 30
MOBY_RARITY_GAP = 1.0
# Words for the part-of-speech lexicon: common enough to show up in copy.
MIN_POS_ZIPF = 2.5
FUNCTION_WORDS = set("""a an the of in on at by for from to with without into onto over under
about above below after before during between among against through across up down off out
and or but nor so yet as if than that this these those it its he she they them his her their
our we you your i me my mine is are was were be been being has have had do does did will would
shall should can could may might must not no all any some each every both either neither one
own""".split())
WORD = re.compile(r"^[a-z]+$")


def wordnet_path():
    if len(sys.argv) > 1:
        return sys.argv[1]
    pattern = os.path.expanduser(
        "~/.cargo/registry/src/*/thesaurus-wordnet-*/src/wordnet.jsonl")
    found = sorted(glob.glob(pattern))
    if not found:
        sys.exit("wordnet.jsonl not found: run `cargo info thesaurus-wordnet` first")
    return found[-1]


def moby_path():
    pattern = os.path.expanduser("~/.cargo/registry/src/*/thesaurus-moby-*/src/moby.txt")
    found = sorted(glob.glob(pattern))
    if not found:
        sys.exit("moby.txt not found: run `cargo info thesaurus-moby` first")
    return found[-1]


def load_moby(path):
    """Moby's thesaurus, kept to single words."""
    moby = defaultdict(set)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            head, *rest = line.strip().lower().split(",")
            moby[head].update(w for w in rest if WORD.match(w))
    return moby


def load_wordnet(path):
    synonyms = defaultdict(set)
    pos = defaultdict(set)
    tag = {"noun": "n", "verb": "v", "adj": "a", "adjective": "a", "adj satellite": "a",
           "adverb": "r", "adv": "r"}
    with open(path, encoding="utf-8") as f:
        for line in f:
            entry = json.loads(line)
            word = entry["word"].lower()
            pos[word].add(tag.get(entry["pos"], entry["pos"][:1]))
            synonyms[word].update(s.lower() for s in entry["synonyms"])
    return synonyms, pos


def plural(word):
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def lemma_of(word, synonyms):
    """The WordNet lemma for an inflected expression word, and whether it was a plural."""
    if word in synonyms:
        return word, False
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and word[: -len(suffix)] + repl in synonyms:
            return word[: -len(suffix)] + repl, True
    return word, False


def substitutes(word, synonyms, moby, wordnet_gap, moby_gap):
    """Single-word synonyms of `word` at least `gap` zipf points rarer than it."""
    lemma, was_plural = lemma_of(word, synonyms)
    base = zipf_frequency(word, "en")
    subs = set()
    for s in synonyms.get(lemma, ()):
        if not WORD.match(s) or s in FUNCTION_WORDS or s == lemma:
            continue
        form = plural(s) if was_plural else s
        if form == word or form.startswith(lemma) and len(form) - len(lemma) <= 3:
            continue  # "exile" → "exiles" is an inflection, not a synonym
        if difflib.SequenceMatcher(None, form, word).ratio() >= 0.8:
            continue  # "enquiry" for "inquiry" is a spelling, not a swap
        z = zipf_frequency(form, "en")
        if MIN_SUBSTITUTE_ZIPF <= z <= base - wordnet_gap:
            subs.add(form)
    # Moby lists far more, and looser, synonyms: keep the pairs it lists both ways, among
    # the words a spinner's thesaurus offers first (the commoner ones).
    mutual = [s for s in moby.get(lemma, ()) if lemma in moby.get(s, ())
              and s not in FUNCTION_WORDS and s != lemma]
    mutual = [plural(s) if was_plural else s for s in mutual]
    mutual = [(zipf_frequency(s, "en"), s) for s in mutual
              if s != word and difflib.SequenceMatcher(None, s, word).ratio() < 0.8]
    mutual = sorted((m for m in mutual if MIN_MOBY_ZIPF <= m[0] <= base - moby_gap),
                    reverse=True)
    subs.update(s for _, s in mutual[:MOBY_PER_WORD])
    return subs


def main():
    with open(os.path.join(ROOT, "rules", "collocations.toml"), "rb") as f:
        data = tomllib.load(f)
    frozen = set(data["frozen"])
    # Parts of compounds count too: "chart-topping" may come out as "graph-topping".
    words = {w for key in ("verb_phrases", "noun_phrases", "verb_idioms", "fixed_phrases")
             for e in data[key] for w in re.split(r"[ -]", e.lower())
             if WORD.match(w) and w not in FUNCTION_WORDS and w not in frozen}
    synonyms, pos = load_wordnet(wordnet_path())
    moby = load_moby(moby_path())

    idiom_words = {w for key in ("verb_idioms", "fixed_phrases") for e in data[key]
                   for w in re.split(r"[ -]", e.lower())}
    lines = []
    for word in sorted(words):
        strict = substitutes(word, synonyms, moby, MIN_RARITY_GAP, MOBY_RARITY_GAP)
        # Idioms tolerate no swap at all, so their words take any rarer synonym.
        loose = set()
        if word in idiom_words:
            loose = substitutes(word, synonyms, moby, 0.0, 0.0) - strict
        if strict or loose:
            lines.append(f"{word}\t{' '.join(sorted(strict))}\t{' '.join(sorted(loose))}")
    header = ("# Generated by scripts/gen_lexicons.py from WordNet 3.0 (Princeton University, "
              "WordNet licence); do not edit.\n# word<TAB>substitutes a spinner may put "
              "in its place<TAB>looser ones, for idioms only\n")
    with open(os.path.join(ROOT, "rules", "synonyms.tsv"), "w", encoding="utf-8") as f:
        f.write(header + "\n".join(lines) + "\n")

    tags = []
    for word in sorted(pos):
        if WORD.match(word) and zipf_frequency(word, "en") >= MIN_POS_ZIPF:
            tags.append(f"{word}\t{''.join(t for t in 'nvar' if t in pos[word])}")
    header = ("# Generated by scripts/gen_lexicons.py from WordNet 3.0 (Princeton University, "
              "WordNet licence); do not edit.\n# word<TAB>parts of speech: n noun, v verb, "
              "a adjective, r adverb\n")
    with open(os.path.join(ROOT, "rules", "pos.tsv"), "w", encoding="utf-8") as f:
        f.write(header + "\n".join(tags) + "\n")
    print(f"synonyms.tsv: {len(lines)} words; pos.tsv: {len(tags)} words")


if __name__ == "__main__":
    main()
