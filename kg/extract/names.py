"""Names no gazetteer lists, and what a name found in a text stands for.

``Name`` and ``Title`` are the payloads of the gazetteer's phrase matcher; ``NameChunker``
adds names recognised from runs of capitalised words and the cue words of
``data/lang/<code>/names.yaml`` (used by ``kg.entities.MentionFinder``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from .lexicon import Hit, language, longest_first
from ..model import Entity

if TYPE_CHECKING:
    from .entities import Gazetteer


@dataclass(frozen=True)
class Name:
    """A gazetteer name; a capital or seat of government also names its state."""

    entity: Entity
    stands_for: Entity | None = None


@dataclass(frozen=True)
class Title:
    role: str
    label: str


_NOT_WORD = re.compile(r"[^\w]+")


def slug(text: str) -> str:
    return _NOT_WORD.sub("-", text.lower()).strip("-")


class _Word(NamedTuple):
    start: int
    end: int
    text: str
    lower: str
    closes: str  # the punctuation right after it, which ends a run of names
    acronym: bool
    capital: bool  # starts with a capital letter


# ``_Word``'s own constructor is a Python function; building the tuple directly halves the
# cost of making the dozens of words of every sentence.
_new_word = partial(tuple.__new__, _Word)

_OPENING = "(\"'“‘["
_CLOSING = ",.;:!?)\"'”’]"
_SENTENCE_PUNCTUATION = frozenset(".!?:;\"“”'")
# A bracketed run of capitalised words right after a name: "(KPU)", "(BPH Migas)", "(Persero)".
_BRACKETED = re.compile(r" ?\(([A-Z][\w.&/-]*(?: [A-Z][\w.&/-]*)*)\)")


class NameChunker:
    """Names no gazetteer lists: runs of capitalised words, typed by their head word
    ("Partai ...", "... Union", "Kabupaten ..."), by being acronyms, or by the cue words
    around them ("kata Anis", "Oniya said"). The rules and their order are documented in
    ``data/lang/<code>/names.yaml``."""

    def __init__(self, lang: str, gazetteer: Gazetteer):
        from .dates import calendar_words

        words = language(lang).name_words
        self.gaz = gazetteer
        self.org_first, self.org_last = words("organisation_first"), words("organisation_last")
        self.place_first, self.place_last = words("place_first"), words("place_last")
        self.person_before, self.person_after = words("person_before"), words("person_after")
        self.adverbs = words("adverbs")
        self.units = words("organisation_units")
        self.org_before = words("organisation_before") | self.units
        self.not_in_names = self.person_before | self.units
        self.place_before, self.connectors = words("place_before"), words("connectors")
        self.not_leading = (words("function_words") | calendar_words(lang) | self.connectors
                            | self.person_before)
        self.common = words("common_acronyms") | calendar_words(lang)
        self.place_acronyms = words("place_acronyms")
        self.heads = self.org_first | self.place_first
        self.portfolios = words("portfolio_words")
        self.min_words = int(language(lang).names.get("default_min_words") or 2)
        # Endings that close a name without being part of it: "Bush's", "London-based", "NATO-led".
        self.possessives = tuple(language(lang).words("possessives"))  # grammar.yaml
        attached = (words("place_suffixes") | words("modifier_suffixes"))
        self.endings = self.possessives + tuple(sorted(s for s in attached if not s.startswith(" ")))

    def add_names(self, text: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` (gazetteer) plus headed names, which win over the names inside them
        ("Universitas Indonesia"), plus unknown names in the gaps; leftmost-longest."""
        words = self._words(text)
        states = {h.start for h in hits if isinstance(h.payload, Name) and _names_state(h)
                  and text[h.start - 1:h.start] != "("}  # "(AS)" spells out the name before it
        runs = self._runs(words, _covered(text, [h for h in hits if isinstance(h.payload, Title)]), states)
        hits = [h for h in hits if not self._common_word(words, h)]
        headed = [h for run in runs if (h := self._headed(text, words, run, hits))]
        chosen = self._without_partial_names(words, runs, longest_first(hits + headed))
        unknown = self._unknown(text, words, runs, chosen)
        return self._with_acronyms(text, longest_first(chosen + unknown))

    def _with_acronyms(self, text: str, hits: list[Hit]) -> list[Hit]:
        """An organisation's or place's name takes the bracketed acronym or legal form that
        spells it out right after it: "Komisi Pemilihan Umum (KPU)", "PT Pertamina (Persero)"
        are one name in news writing, and the acronym no second mention."""
        out, skip_until = [], -1
        for hit in hits:
            if hit.start < skip_until:
                continue
            bracket = _BRACKETED.match(text, hit.end) if _names_org_or_place(hit) else None
            if bracket and self._spells_out(bracket.group(1)):
                skip_until = bracket.end()
                hit = hit._replace(end=skip_until, text=text[hit.start:skip_until])
            out.append(hit)
        return out

    def _spelled_out(self, text: str, end: int) -> bool:
        """Spelled out by an acronym after it: with no head word, the name of an event, law
        or programme ("Kongres Luar Biasa (KLB)", "Produk Domestik Bruto (PDB)"), never a
        person: news gives people no acronyms."""
        bracket = _BRACKETED.match(text, end)
        return bool(bracket) and self._spells_out(bracket.group(1))

    def _spells_out(self, inside: str) -> bool:
        """An acronym ("KPU", "BPH Migas") or a legal form listed as a last word ("Persero")."""
        first = inside.split()[0]
        return sum(c.isupper() for c in first) >= 2 or f"({first.lower()})" in self.org_last

    def _common_word(self, words: list[_Word], hit: Hit) -> bool:
        """A one-word place that is also a common word of the language ("Para", "Kita",
        "Lima orang"), unless a place word stands before it ("di Lima", "ke Surat")."""
        if not (isinstance(hit.payload, Name) and hit.payload.entity.type == "Place"
                and hit.text.lower() in self.not_leading):
            return False
        at = next((i for i, w in enumerate(words) if w.start == hit.start), 0)
        return _endings([w.lower for w in words[max(0, at - 2):at]]).isdisjoint(self.place_before)

    def _without_partial_names(self, words: list[_Word], runs, hits: list[Hit]) -> list[Hit]:
        """A known surname or a city inside a longer unknown name is part of that name
        ("Yoon Kwang-Ung", "Milan Rocen"): drop the hit, the run is read as a whole."""
        partial = set()
        for run in runs:
            start, end = words[run[0]].start, words[run[-1]].end
            inside = [h for h in hits if start <= h.start and h.end <= end]
            if inside and all(isinstance(h.payload, Name) and h.payload.entity.type in ("Person", "Place")
                              and h.payload.stands_for is None for h in inside) \
                    and self._word_outside(words, _past_opening_noun(words, run, inside, self.possessives), inside):
                partial.update(id(h) for h in inside)
        return [h for h in hits if id(h) not in partial]

    def _word_outside(self, words: list[_Word], run: list[int], hits: list[Hit]) -> bool:
        """A word of the run with letters no hit covers ("Owerri-Port Harcourt" is covered
        but for its hyphen); connectors do not count ("California and Texas", "Mosul dan
        Kirkuk" are two names listed, not one)."""
        return any(words[i].lower not in self.connectors
                   and _overlap(words[i], hits) < sum(c.isalnum() for c in words[i].text) for i in run)

    def _words(self, text: str) -> list[_Word]:
        """Words without their punctuation; punctuation, attached or alone, closes a run,
        except the brackets of an acronym that spells out the name before it ("(KPU)")."""
        found: list[_Word] = []
        end = 0
        for raw in text.split():  # split() and index() are faster than a regex's match objects
            start = text.index(raw, end)
            end = start + len(raw)
            if raw[0] not in _OPENING and raw[-1] not in _CLOSING and (
                    raw.isalpha() or not raw.endswith(self.endings)):  # most words: no punctuation
                capital = raw[0].isupper()
                found.append(_new_word((start, end, raw, raw.lower(), "", capital and len(raw) >= 2
                                        and raw.replace("-", "").isupper(), capital)))
                continue
            core = raw.lstrip(_OPENING)
            word = core.rstrip(_CLOSING)
            if core[len(word):] in ("'", "’") and word.endswith("s"):
                word = core  # a plural possessive ("Workers' Union"), not a closing quote
            elif word.endswith(self.endings):  # "Bush's", "London-based": the name, closed by its ending
                word = next(word[:-len(e)] for e in self.endings if word.endswith(e))
            opening = raw[:len(raw) - len(core)]
            if found and (opening and not (opening == "(" and word.isupper()) or not word):
                last = found[-1]
                found[-1] = last._replace(closes=last.closes + (opening if word else raw))
            if word:
                start += len(opening)
                found.append(_new_word((start, start + len(word), word, word.lower(), core[len(word):],
                                        len(word) >= 2 and word.replace("-", "").isupper(),
                                        word[0].isupper())))
        return found

    def _runs(self, words: list[_Word], titled: bytearray, states: set[int]) -> list[list[int]]:
        """Indices of capitalised words in runs; connectors only between two name words;
        acronyms stand alone ("Pemilu PPP Fernita" is two names and an acronym), except
        after a lone head word ("Gedung DPR", "Fraksi PKS") and a state's acronym closing an
        organisation's headed name ("Departemen Luar Negeri AS"); ``states`` holds where
        states' names start."""
        runs, run = [], []
        titled = self._with_portfolios(words, titled)
        for i, word in enumerate(words):
            if not run and not word.capital:  # most words: no name, none open
                continue
            if word.lower in self.not_in_names:  # "Pak Suhardi", "Fraksi PKS": the cue is no part of it
                if run:
                    runs.append(run)
                run = []
                continue
            name = word.capital and word.lower not in self.common and not titled[word.start]
            joins = (run and word.lower in self.connectors and i + 1 < len(words)
                     and words[i + 1].capital and not words[i - 1].closes)
            ends_org = (bool(run) and word.acronym and word.start in states and not words[run[-1]].acronym
                        and words[run[0]].lower in self.org_first)
            breaks = run and (words[run[-1]].closes or words[run[-1]].acronym != word.acronym
                              and words[run[-1]].lower not in self.connectors
                              and not (len(run) <= 2 and " ".join(words[j].lower for j in run) in self.heads)
                              and not ends_org)
            if run and (breaks or not (name or joins)):
                runs.append(run)
                run = []
            if name or (run and joins):
                run.append(i)
            if ends_org and name:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        return [r for r in (self._trim(words, r) for r in runs) if r]

    def _with_portfolios(self, words: list[_Word], titled: bytearray) -> bytearray:
        """Portfolio words right after a title belong to it ("Menteri Agama")."""
        if b"\x01" not in titled:  # most sentences have no title
            return titled
        titled = bytearray(titled)
        for before, word in zip(words, words[1:]):
            if titled[before.start] and not before.closes and word.lower in self.portfolios:
                titled[word.start:word.end] = b"\x01" * (word.end - word.start)
        return titled

    def _trim(self, words: list[_Word], run: list[int]) -> list[int]:
        """Without the cue and function words it starts with, nor connectors at its end."""
        while run and words[run[0]].lower in self.not_leading:
            run = run[1:]
        while run and words[run[-1]].lower in self.connectors:
            run = run[:-1]
        return run

    def _headed(self, text: str, words: list[_Word], run: list[int], hits: list[Hit]) -> Hit | None:
        if len(run) < 2:
            return None
        known = self._known_then_name(text, words, run, hits)
        if known is not None:
            if not _names_state(known):
                return None  # the known organisation is a name of its own
            run = [i for i in run if words[i].end <= known.end]
        first, last = _first_words(words, run), _last_words(words, run)
        start, end = words[run[0]].start, words[run[-1]].end
        if not first.isdisjoint(self.org_first) or not last.isdisjoint(self.org_last):
            return self._hit(text, start, end, "Organization", self._state_in(hits, start, end))
        if not first.isdisjoint(self.place_first) or not last.isdisjoint(self.place_last):
            return self._hit(text, start, end, "Place", self._state_in(hits, start, end))
        return None

    def _known_then_name(self, text: str, words: list[_Word], run: list[int], hits: list[Hit]) -> Hit | None:
        """A known organisation, or a headed one's state, followed by two words or more:
        an organisation and a person ("Ketua Umum Partai Golkar Aburizal Bakrie", "Kementerian
        Luar Negeri Iran Mohammad Ali Hosseini"), not one long name. Returns that hit. A
        head that also cues a name after it ("Majalah Jerman Der Spiegel") or a bracketed
        acronym after the run ("Jaringan Kerja Palestina Urusan Hak Anak (PNCR)") keeps the
        words after the state in the organisation's name."""
        start, end = words[run[0]].start, words[run[-1]].end
        head = words[run[0]].lower
        headed = head in self.org_first and head not in self.org_before
        known = next((h for h in hits if start <= h.start and h.end < end and isinstance(h.payload, Name)
                      and (h.payload.entity.type == "Organization" or headed and h.start > start
                           and _names_state(h))), None)
        if known is None or sum(words[i].start > known.end for i in run) < 2:
            return None
        return None if _names_state(known) and self._spelled_out(text, end) else known

    def _unknown(self, text: str, words: list[_Word], runs, chosen: list[Hit]) -> list[Hit]:
        found, covered = [], _covered(text, chosen)
        places = {h.start for h in chosen if isinstance(h.payload, Name)
                  and h.payload.entity.type in ("Place", "Country")}
        for run in runs:
            free = [i for i in run if not covered[words[i].start] and not covered[words[i].end - 1]]
            for part in self._unheaded_parts(words, free):
                kind = self._kind(words, part, places) if part and not self._spelled_out(
                    text, words[part[-1]].end) else None
                if kind:
                    found.append(self._hit(text, words[part[0]].start, words[part[-1]].end, kind))
        return found

    def _unheaded_parts(self, words: list[_Word], free: list[int]) -> list[list[int]]:
        """Consecutive words, split at connectors: with no head word to make one name of
        them, "Sjahril dan Haposan Hutagalung" is two."""
        parts = []
        for part in _consecutive(free):
            piece: list[int] = []
            for i in [*part, None]:
                if i is None or words[i].lower in self.connectors:
                    parts.append(self._trim(words, piece))
                    piece = []
                else:
                    piece.append(i)
        return parts

    def _kind(self, words: list[_Word], part: list[int], places: set[int]) -> str | None:
        if words[part[0]].lower in self.heads:  # the rest of a headed name ("Dewan Pakar"), no person
            return None
        if all(words[i].acronym for i in part):
            return "Place" if words[part[0]].lower in self.place_acronyms else "Organization"
        before = _endings([w.lower for w in words[max(0, part[0] - 2):part[0]]])
        after = _beginnings(self._past_adverbs(words, part[-1] + 1, 2))
        if not (before.isdisjoint(self.person_before) and after.isdisjoint(self.person_after)):
            return "Person"
        if not before.isdisjoint(self.org_before):
            return "Organization"
        if not before.isdisjoint(self.place_before) or self._placed_before(words, part, places):
            return "Place"
        starts_sentence = part[0] == 0 or _ends_sentence(words[part[0] - 1].closes, self.possessives)
        return "Person" if len(part) >= self.min_words and not starts_sentence \
            and all(_wordlike(words[i].text) for i in part) else None

    def _past_adverbs(self, words: list[_Word], i: int, n: int) -> list[str]:
        """The ``n`` words from ``i`` on, past the adverbs between a subject and its verb
        ("Suhardi juga mengatakan", "Romahurmuziy pun membantah")."""
        while i < len(words) - 1 and words[i].lower in self.adverbs and not words[i - 1].closes:
            i += 1
        return [w.lower for w in words[i:i + n]]

    def _placed_before(self, words: list[_Word], part: list[int], places: set[int]) -> bool:
        """Listed before the larger place it lies in: ", Senayan, Jakarta", ", Slipi,
        Jakarta Barat" (an address in news: building, district, city)."""
        last, before = part[-1], words[part[0] - 1] if part[0] else None
        return before is not None and before.closes == "," and words[last].closes == "," \
            and last + 1 < len(words) and words[last + 1].start in places

    def _hit(self, text: str, start: int, end: int, kind: str, country: str | None = None) -> Hit:
        name = text[start:end]
        known = self.gaz.person_names.get(name) if kind == "Person" else None
        prefix = {"Person": "person", "Organization": "org", "Place": "place"}[kind]
        entity = known or Entity(f"{prefix}:{slug(name)}", name, kind, country=country)
        return Hit(start, end, Name(entity), name)

    def _state_in(self, hits: list[Hit], start: int, end: int) -> str | None:
        """The state named inside a name ("Bank Indonesia", "Serbian ... Union", "Jawa Barat"),
        else the state of a known organisation inside it ("Kantor Berita PTI")."""
        inside = [h for h in hits if start <= h.start and h.end <= end and isinstance(h.payload, Name)]
        state = next((h for h in inside if _names_state(h)), None)
        if state is not None:
            return (state.payload.stands_for or state.payload.entity).country
        return next((h.payload.entity.country for h in inside if h.payload.entity.type == "Organization"
                     and h.payload.entity.country), None)


def _names_state(hit: Hit) -> bool:
    """A state's name, or a capital's standing for it."""
    return (hit.payload.stands_for or hit.payload.entity).type == "Country"


def _names_org_or_place(hit: Hit) -> bool:
    return isinstance(hit.payload, Name) and hit.payload.stands_for is None \
        and hit.payload.entity.type in ("Organization", "Place")


def _overlap(word: _Word, hits: list[Hit]) -> int:
    """How many characters of ``word`` the hits cover."""
    return sum(max(0, min(h.end, word.end) - max(h.start, word.start)) for h in hits)


def _covered(text: str, hits: list[Hit]) -> bytearray:
    """One byte per character: 1 where a hit covers it."""
    mask = bytearray(len(text))
    for hit in hits:
        mask[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
    return mask


def _ends_sentence(closes: str, possessives: tuple[str, ...]) -> bool:
    """Punctuation that may end a sentence or quotation; a possessive's apostrophe does not."""
    closes = next((closes[len(p):] for p in possessives if closes.startswith(p)), closes)
    return not _SENTENCE_PUNCTUATION.isdisjoint(closes)


def _past_opening_noun(words: list[_Word], run: list[int], hits: list[Hit],
                       possessives: tuple[str, ...]) -> list[int]:
    """The run without the word that opens the sentence before a known person: that word is
    capitalised for its place, not for the name ("Kunjungan Bush ke Jepang", "Talks Bush
    held")."""
    opens = run[0] == 0 or _ends_sentence(words[run[0] - 1].closes, possessives)
    person_next = len(run) > 1 and all(h.payload.entity.type == "Person" for h in hits) \
        and any(h.start == words[run[1]].start for h in hits)
    return run[1:] if opens and person_next else run


def _wordlike(word: str) -> bool:
    """Could be a word of a name: a letter first, two letters or more, no digit (not "B",
    "Rp5", "(LoI")."""
    return word[0].isalpha() and sum(c.isalpha() for c in word) >= 2 \
        and not any(c.isdigit() for c in word)


def _first_words(words: list[_Word], run: list[int]) -> set[str]:
    """The run's first word and first two words: heads may be two words ("kantor berita",
    "rumah sakit")."""
    return {words[run[0]].lower, f"{words[run[0]].lower} {words[run[1]].lower}"}


def _last_words(words: list[_Word], run: list[int]) -> set[str]:
    return {words[run[-1]].lower, f"{words[run[-2]].lower} {words[run[-1]].lower}"}


def _consecutive(indices: list[int]) -> list[list[int]]:
    parts: list[list[int]] = []
    for i in indices:
        if parts and parts[-1][-1] == i - 1:
            parts[-1].append(i)
        else:
            parts.append([i])
    return parts


def _endings(words: list[str]) -> set[str]:
    """The phrases ``words`` ends with: "juru bicara" ends with "bicara" and "juru bicara"."""
    return {" ".join(words[-n:]) for n in range(1, len(words) + 1)}


def _beginnings(words: list[str]) -> set[str]:
    return {" ".join(words[:n]) for n in range(1, len(words) + 1)}
