"""Word forms generated from a lemma, so that a lexicon lists each word once.

A language names its morphology in ``grammar.yaml`` (``morphology: english`` or
``indonesian``); a language with none lists every form it needs. English verbs take their
inflections (-s, past, participle, -ing; a phrasal verb inflects its first word: "call off",
"called off"); irregular verbs give their past and participle in the lexicon that lists them.
English nouns take their plural. Indonesian verbs are written as their root with the suffix
they take ("cabut", "bebas+kan", "akhir+i"; words after the root stay: "buka kembali") and
give the active meN- form, the passive di- form and the peN-...-an noun, with the nasal of the
prefix assimilated as the root's first sound asks (tunda: menunda, penundaan). Indonesian
nouns take their reduplicated plural ("sanksi-sanksi") and the clitic of their owner
("perbatasannya", "kerja samanya").
"""
from __future__ import annotations

from typing import NamedTuple

VOWELS = frozenset("aeiou")
# Flags a generated form carries besides its entry's (as triggers.tsv flags them).
FORM_FLAGS = {"passive": frozenset({"passive"}), "nominal": frozenset({"noun"})}


class Form(NamedTuple):  # thousands are made at start-up: a tuple is fastest
    text: str
    kind: str  # active | participle (English past forms) | passive (Indonesian di-) | nominal


def verb_forms(lemma: str, morphology: str | None,
               irregular: dict[str, list[str]] | None = None) -> list[Form]:
    head, _, rest = lemma.strip().lower().partition(" ")
    if morphology == "english":
        forms = _english_verb(head, (irregular or {}).get(head))
    elif morphology == "indonesian":
        forms = _indonesian_verb(head)
    else:
        forms = [Form(head, "active")]
    return [Form(f"{f.text} {rest}".strip(), f.kind) for f in forms]


def noun_forms(lemma: str, morphology: str | None) -> list[str]:
    lemma = " ".join(lemma.lower().split())
    if morphology == "english":
        words = lemma.split()
        k = words.index("of") - 1 if "of" in words[1:] else len(words) - 1  # "states of emergency"
        return list(dict.fromkeys([lemma, " ".join(words[:k] + [_plural(words[k])] + words[k + 1:])]))
    if morphology == "indonesian":
        return [lemma, f"{lemma}nya"] + ([f"{lemma}-{lemma}"] if " " not in lemma else [])
    return [lemma]


# -- English ----------------------------------------------------------------------------
def _english_verb(verb: str, irregular: list[str] | None) -> list[Form]:
    """Base, -s, past and participle (kind "participle": after an auxiliary it is passive), -ing."""
    third = _plural(verb) if not verb.endswith("o") else verb + "es"
    if verb.endswith("ie"):
        ing = [verb[:-2] + "ying"]
    elif verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        ing = [verb[:-1] + "ing"]
    else:
        ing = [stem + "ing" for stem in _stems(verb)]
    if irregular:
        past = list(irregular)
    elif verb.endswith("e"):
        past = [verb + "d"]
    elif verb.endswith("y") and verb[-2:-1] not in VOWELS:
        past = [verb[:-1] + "ied"]
    else:
        past = [stem + "ed" for stem in _stems(verb)]
    kinds = {**{f: "active" for f in [verb, third, *ing]}, **{f: "participle" for f in past}}
    return [Form(f, kind) for f, kind in kinds.items()]


def _stems(verb: str) -> list[str]:
    """The stem a suffix is added to: a final consonant after one vowel doubles in a word of
    one syllable ("drop", "dropped"); a final "l" after a vowel may double ("cancelled",
    "canceled")."""
    groups = _vowel_groups(verb)
    cvc = len(verb) >= 3 and verb[-1] not in VOWELS | set("wxy") and verb[-2] in VOWELS \
        and verb[-3] not in VOWELS
    if cvc and groups == 1:
        return [verb + verb[-1]]
    if cvc and verb.endswith("l"):
        return [verb + "l", verb]
    return [verb]


def _vowel_groups(word: str) -> int:
    return sum(1 for i, ch in enumerate(word) if ch in VOWELS and (i == 0 or word[i - 1] not in VOWELS))


def _plural(noun: str) -> str:
    if noun.endswith("s"):
        return noun  # already plural, or uncountable ("talks", "hostilities")
    if noun.endswith(("x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in VOWELS:
        return noun[:-1] + "ies"
    if noun.endswith("o") and noun[-2:-1] not in VOWELS:
        return noun + "es"  # embargoes
    return noun + "s"


# -- Indonesian -------------------------------------------------------------------------
def _indonesian_verb(written: str) -> list[Form]:
    root, _, suffix = written.partition("+")
    return [Form(_nasal("me", root) + suffix, "active"), Form("di" + root + suffix, "passive"),
            Form(_nasal("pe", root) + "an", "nominal")]


def _nasal(prefix: str, root: str) -> str:
    """meN-/peN- with the nasal the root's first sound takes; a voiceless k, p, t or s is
    dropped unless a consonant follows it (kirim: mengirim, produksi: memproduksi)."""
    first, cluster = root[:1], len(root) > 1 and root[1] not in VOWELS
    if _vowel_groups(root) == 1:
        return prefix + "nge" + root  # bom: mengebom
    if first in VOWELS or first in "gh":
        return prefix + "ng" + root
    nasal = {"k": "ng", "p": "m", "b": "m", "f": "m", "v": "m", "t": "n", "d": "n", "c": "n",
             "j": "n", "z": "n", "s": "ny"}.get(first)
    if nasal is None:  # l, m, n, r, w, y
        return prefix + root
    if first in "kpts" and not cluster:
        return prefix + nasal + root[1:]
    return prefix + (nasal if first != "s" else "n") + root
