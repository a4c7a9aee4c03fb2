"""Who acts on whom around a trigger, read from the words between it and the actor groups
(kg/extract/groups.py); mixed into ``SentenceExtractor`` (kg/extract/events.py).

Arguments are the nearest actors around the trigger: compound actors ("Japan and NATO") give
one event per member, "between A and B" a symmetric pair, a passive trigger or an agent
marker ("by", "oleh") swaps source and target. Past the reach of a direct object, the target
is the actor a preposition brings into the object phrase ("rejected an offer from Nepal");
nouns in that phrase may be triggers themselves. An actor before a reporting verb or
"that"/"bahwa" is no subject in the clause they open unless a pronoun there stands for it
("Iran said it would"); a subject pronoun after an earlier act stands for that act's subject
("did not attack Odesa, but it shelled Kharkiv"); a bare participle of a verb that takes an
object is passive ("a German arrested in Pakistan"). Asides between commas after the subject
are passed over ("Gates, in the region to ..., held talks", "The United States, a NATO
member, struck"); an act that is not mutual, done before "between", is a third party's act on
both sides ("hosted talks between"); a noun after "with"/"dengan" whose owner follows is that
owner's act for the subject ("with help from Ethiopian troops"). A trigger ending in its
preposition is the act of the possessive owner right before it, whatever that owner is the
object of ("welcomed Bush's visit to Japan"); Indonesian names it after the noun ("kunjungan
Bush ke Jepang").

Distances are counted in words; character bounds cut every count short, so the cost of a
sentence stays linear in its length.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import cached_property, lru_cache

from .actors import _CLAUSE_PUNCTUATION, _NEXT_WORD, _words, unplaced
from .groups import _Group
from .lexicon import Hit, language
from ..model import Mention
from .rules import Trigger, categories

MAX_SOURCE_GAP = 10  # words between an actor and the trigger it is the subject of
MAX_TARGET_GAP = 5
MAX_AFTER_CLAUSE = 2  # words between an aside's closing comma and the trigger
MAX_OBJECT_GAP = 12  # words before an actor inside the object phrase ("offer from Nepal")
MAX_NOUN_MODIFIERS = 4  # words between a preposition and the noun trigger of its phrase
MAX_COMPLEMENT_GAP = 8  # words of an infinitive before its actor ("to impose import curbs against")
MAX_OBLIGATION_GAP = 4  # "said on Tuesday that Sudan must"
# Character bounds past which no word gap above can be within reach: they keep the cost of a
# sentence linear in its length (a run-on "sentence" of 20,000 characters, a list of 5,000 names)
MAX_CUE_CHARS = 100  # three words
MAX_REACH_CHARS = 300  # MAX_TARGET_GAP words, titles of a side included
NEAR_CHARS = 80  # the text read for the few words right before or after a word


@lru_cache(maxsize=None)
def apposition_openers(lang: str) -> frozenset[str]:
    """Words that open an apposition between commas after an actor: an indefinite article
    ("a NATO member", grammar.yaml ``apposition_openers``) or the first word of a relation
    cue ("sekutu Amerika Serikat", relations.tsv)."""
    data = language(lang)
    return frozenset(data.words("apposition_openers")) | frozenset(
        _words(row["cue"])[0] for row in data.relations if _words(row["cue"]))


class ArgumentFinder:
    """The argument rules; mixed into ``SentenceExtractor``, which holds the sentence
    (``text``, ``rules``, ``triggers``, ``cues``, ``groups``, ``placer``)."""

    @cached_property
    def complement_of(self) -> dict:
        return self._complements()

    @cached_property
    def object_of(self) -> dict:
        """id(group) -> the trigger it is the object of; past a noun's owner too ("serangan
        udara AS terhadap Somalia menewaskan": Somalia is no subject of the next verb)."""
        objects = {}
        for i, t in enumerate(self.triggers):
            if i in self.complement_of.values() or not (g := self._right_group(t.end)):
                continue
            objects[id(g)] = i
            if "noun" in t.payload.flags and self._possessor_after(t.end, g) \
                    and (target := self._right_group(g.end)):
                objects[id(target)] = i
        return objects

    def _complements(self) -> dict[int, int]:
        """Trigger index -> the trigger of its infinitival complement ("agreed to lift",
        "threatened to shell"): the first takes its target from the second, which is no
        event of its own."""
        chain, markers = {}, self.rules.complements
        for i in range(len(self.triggers) - 1):
            first, second = self.triggers[i], self.triggers[i + 1]
            raw = self.text[first.end:second.start]
            gap = _words(raw)
            marked = (_words(first.text)[-1] in markers and len(gap) <= 1
                      or bool(gap) and gap[-1] in markers and len(gap) <= 3)
            # "issued an ultimatum to Ecuador to halt": the actor between is the target
            crossed = bisect_left(self._group_starts, first.end) < bisect_left(self._group_starts, second.start)
            if marked and not crossed and not _CLAUSE_PUNCTUATION.search(raw):
                chain[i] = i + 1
        return chain

    def _arguments(self, hit, trigger, left, right):
        between = self._between_pair(hit)
        if between and self._third_party(hit, left, between[0]):
            return left.members, list(between), "third-party+between", False
        if between:
            return [between[0]], [between[1]], "between", True
        if self._between_next(hit):  # "fighting between rival militias": the sides are no actors
            return [], [], "", False
        if "obligation" in trigger.flags:
            return self._obligation(hit, left)
        passive = "passive" in trigger.flags or self._passive_auxiliary(hit) or self._bare_participle(hit)
        agent = self._agent_after(hit.end, passive, self._noun(hit) or self._after_determiner(hit))
        if agent is not None:
            return agent.members, left.members if left else [], "passive+agent", False
        if passive and "passive" in trigger.flags and right and self._adjacent(hit.end, right.start):
            return right.members, left.members if left else [], "passive+adjacent-agent", False
        if passive:
            return [], left.members if left else [], "passive", False
        if (owner := self._owner_before(hit)) is not None:
            if right is not None:
                return owner.members, right.members, "owner+noun", False
            if place := self._place_target(hit.end):  # "Bush's visit to Tokyo"
                return owner.members, [place], "owner+noun+place", False
        if left is not None and right is not None and self._helped(hit, right):
            return right.members, left.members, "noun+helper", False
        if "noun" in trigger.flags and right and self._possessor_after(hit.end, right):
            target = self._right_group(right.end)
            if target is not None:
                return right.members, target.members, "noun+possessor", False
            if left is None and (place := self._place_target(right.end)):
                return right.members, [place], "noun+possessor+place", False
            # "pergi ke tempat serangan AS": a state or organisation after the noun owns it, and
            # the subject is not its target; a person there is as often acted on ("ekstradisi
            # Lugovoi"), the subject's object, unless the act is one a speaker or traveller
            # does ("kunjungan Solana")
            if left is not None and (trigger.cameo.plover in categories("speaker")
                                     or all(m.entity.type != "Person" for m in right.members)):
                return right.members, [], "noun+possessor", False
        if left is None or self._in_prepositional_phrase(left, hit):
            return [], right.members if right else [], "", False
        members = [m for m in left.members if not unplaced(m)]
        mutual = "symmetric" in trigger.flags or trigger.cameo.plover in categories("mutual")
        if right is None and len(members) > 1 and mutual:
            return members[:1], members[1:], "compound-symmetric", True
        if right is None and (place := self._place_target(hit.end)):
            return members, [place], "active+place", False
        if right is None and (wanted := self._complement_target(hit)):
            return members, wanted.members, "active+complement", False
        if right is None and (inner := self._object_target(hit.end)):
            return members, inner.members, "active+object-phrase", False
        if "intransitive" in trigger.flags:  # "resigned Sunday as the opposition ...": no target
            return members, [], "active+intransitive", False
        return members, right.members if right else [], "active", False

    def _owner_before(self, hit: Hit) -> _Group | None:
        """"focused on Bush's visit to Japan", "welcomed Putin's two-day talks with Chirac": a
        trigger ending in its preposition after a possessive is a noun, the act of that owner
        (past the noun's modifiers), whatever the owner is the object of. Indonesian names
        the owner after the noun ("kunjungan Bush ke"): noun+possessor."""
        possessives = self.rules.possessives
        if not possessives or _words(hit.text)[-1] not in self.rules.linking:
            return None
        group = next((g for g in reversed(self.groups) if g.end <= hit.start), None)
        raw = self.text[group.end:hit.start].replace("’", "'") if group else ""
        words = raw.split()
        marker = next((p for p in possessives if words and words[0].endswith(p)), None)
        if marker is None or self._unplaced(group) or _CLAUSE_PUNCTUATION.search(raw):
            return None
        head = words[0][:-len(marker)].lower()  # "the Iranian government's talks with"
        modifiers = _words(" ".join(words[1:]))  # no phrase of its own: "Iran's reply to the attack on"
        return group if (not head or head in self.rules.heads) and len(modifiers) <= MAX_NOUN_MODIFIERS \
            and not self.rules.prepositions.intersection(modifiers) \
            and not self._has_trigger(group.end, hit.start) else None

    def _helped(self, hit: Hit, right: _Group) -> bool:
        """"ousted Islamists with help from Ethiopian troops", "dengan bantuan pasukan
        Ethiopia": a noun after "with" whose owner follows it is that owner's act, done for
        the subject, not the subject's act on it."""
        before = [w for w in _words(self.text[max(0, hit.start - 30):hit.start])
                  if w not in self.rules.skip]
        if not (before[-1:] and before[-1] in self.rules.helped_by):  # a noun, after "with"
            return False
        gap = [w for w in _words(self.text[hit.end:right.start])
               if w not in self.rules.skip and w not in self.rules.heads]
        # with no link between, only a noun ("dengan bantuan X", not "dengan menyeru X")
        return gap[:1] != [] and gap[0] in self.rules.helper_links and len(gap) == 1 \
            or not gap and self._noun(hit)

    def _third_party(self, hit: Hit, left: _Group | None, side: Mention) -> bool:
        """"Japan hosted talks between A and B", "mediating between", "urged talks between":
        an act that is not mutual, done by a subject before it, is that subject's act on
        both sides; not when it is passive or "between" opens a phrase of its own ("discussed
        in the talks between")."""
        if left is None or "symmetric" in hit.payload.flags or "passive" in hit.payload.flags \
                or self._passive_auxiliary(hit) or self._in_prepositional_phrase(left, hit):
            return False
        return not self.rules.phrase_prepositions.intersection(_words(self.text[hit.end:side.start]))

    def _in_prepositional_phrase(self, left: _Group, hit: Hit) -> bool:
        """"wounded two soldiers in a bomb attack", "in retaliation for an air raid": a
        trigger right after a preposition (a noun: past its modifiers) is a noun of that
        phrase, and the actor before the phrase is not its subject (a possessor, "Iraq's air
        raid", stands after it). A trigger ending in its preposition ("talks with", "attack
        on") keeps the actor before it: "arrived for talks with Sudan" names both sides."""
        if _words(hit.text)[-1] in self.rules.linking:
            return False
        gap = [w for w in _words(self.text[left.end:hit.start]) if w not in self.rules.skip]
        # a noun may have modifiers before it in the phrase ("part of the six-nation nuclear
        # disarmament talks"), not across a relative clause's pronoun ("which involved talks")
        before = gap[-MAX_NOUN_MODIFIERS - 1:] if self._noun(hit) else gap[-1:]
        relative = [i for i, w in enumerate(before) if w in self.rules.relatives]
        phrase = before[relative[-1] + 1:] if relative else before
        return bool(self.rules.phrase_prepositions.intersection(phrase))

    def _obligation(self, hit: Hit, bound: _Group | None):
        """"Russia said that Sudan must return ...": the speaker demands of the one bound
        by "must", named just before it; with no speaker there is no demand."""
        if bound is None or len(_words(self.text[bound.end:hit.start])) > 1:
            return [], [], "", False
        cue = next((c for c in reversed(self.cues) if c.payload.kind == "reported"
                    and c.end <= bound.start), None)
        if cue is None or len(_words(self.text[cue.end:bound.start])) > MAX_OBLIGATION_GAP:
            return [], [], "", False
        speaker = self._left_group(cue.start)
        return (speaker.members, bound.members, "obligation", False) if speaker else ([], [], "", False)

    def _left_group(self, start: int) -> _Group | None:
        """The subject: the nearest actor before the trigger, or the head its nearest actor
        hangs from ("the Turkish sides of ... Cyprus"). An actor that is the object of an
        earlier trigger is no subject, unless the two verbs are joined by "and", where
        they share the earlier subject ("kidnapped advisers and exploded bombs"). A relative
        clause between them is passed over ("Kenya, which sent troops to Somalia, signed")."""
        start = self._before_relative_clause(start)
        for k in range(bisect_left(self._group_starts, start) - 1, -1, -1):
            group = self.groups[k]
            if group.end <= start and not self._names_place(group) and not self._unplaced(group):
                gap = self.text[group.end:start]
                if self._has_trigger(group.end, start) and (earlier := self._pronoun_for(start)):
                    return self._left_group(earlier.start)
                if len(_words(gap)) > MAX_SOURCE_GAP or self._has_trigger(group.end, start) \
                        or self._in_reported_clause(group.end, start):
                    return None
                group = self._head_of(k)
                earlier = self.object_of.get(id(group))
                if earlier is None or self.triggers[earlier].start >= start \
                        or self._relative_subject(gap):
                    return group
                if self.rules.conjunctions.intersection(_words(gap)):
                    return self._left_group(self.triggers[earlier].start)
                return None
        return None

    def _pronoun_for(self, start: int) -> Hit | None:
        """"Russia did not attack Odesa, but it shelled Kharkiv", "tetapi mereka menembaki": a
        subject pronoun right before the trigger stands for the subject of the trigger before
        it, which is returned."""
        before = self._triggers_from(max(0, start - MAX_REACH_CHARS), start)
        if not before or len(_words(self.text[before[-1].end:start])) > MAX_SOURCE_GAP:
            return None
        last = _words(self.text[max(0, start - NEAR_CHARS):start])[-1:]
        return before[-1] if last and last[0] in self.rules.pronouns else None

    def _in_reported_clause(self, end: int, start: int) -> bool:
        """"Lebanese sources said Saudi Arabia and Iran were negotiating", "X mengatakan bahwa
        bantuan ...": an actor before a reporting verb or "that" is no subject in the clause
        they open, unless that clause's subject stands for it ("Iran said it would limit",
        "Taliban menyatakan petempurnya telah menculik") or is dropped ("menyatakan telah")."""
        return any(self._opens_clause(c, start) for c in self.cues
                   if c.payload.kind == "clause" and end <= c.start and c.end <= start)

    def _opens_clause(self, opener: Hit, start: int) -> bool:
        """Whether the clause ``opener`` begins up to ``start`` has a subject of its own."""
        words = [w for w in _words(self.text[opener.end:start]) if w not in self.rules.complementisers]
        if opener.text.lower() in self.rules.relatives and words[:1] and words[0] not in self.rules.skip:
            return False  # "the network that carried out": a relative pronoun, its antecedent acts
        if any(self._pronoun(w) for w in words):
            return False
        content = [w for w in words if w not in self.rules.skip]
        if not content:  # a noun at ``start`` is the clause's subject ("said the attack")
            trigger = next((t for t in self.triggers if t.start == start), None)
            nominal = bool(words) or trigger is not None and self._noun(trigger)
            return nominal and not (trigger is not None and self._speakers_act(trigger))
        # a predicate with its subject dropped ("menyatakan telah menangkap"), or a phrase of
        # the reporting verb itself ("said during a visit to Iraq")
        return content[0] not in self.rules.predicate_markers \
            and not (len(content) == 1 and content[0] in self.rules.prepositions)

    def _after_determiner(self, trigger: Hit) -> bool:
        """Whether a skip word (a determiner) stands right before the trigger ("the attack")."""
        before = _words(self.text[max(0, trigger.start - NEAR_CHARS):trigger.start])
        return bool(before) and before[-1] in self.rules.skip

    def _noun(self, trigger: Hit) -> bool:
        """Flagged a noun, or opening with one ("serangan terhadap")."""
        return "noun" in trigger.payload.flags or _words(trigger.text)[0] in self.rules.nouns

    def _speakers_act(self, trigger: Hit) -> bool:
        """A noun opening a reported clause that is still the speaker's act: a symmetric act
        with its partner named ("Rice said the meeting with Olmert ..."), or one a pronoun
        owns ("pertemuan kabinetnya", "kerja sama bilateral mereka")."""
        after = _words(_CLAUSE_PUNCTUATION.split(self.text[trigger.end:trigger.end + NEAR_CHARS], 1)[0])[:3]
        partner = self.rules.object_prepositions.intersection(_words(trigger.text)[-1:] + after[:1])
        return "symmetric" in trigger.payload.flags and bool(partner) \
            or any(self._pronoun(w) for w in after)

    def _pronoun(self, word: str) -> bool:
        """"it", "we've", "mereka", "petempurnya" (-nya: its, his)."""
        word = word.split("'")[0]
        return word in self.rules.pronouns or word.endswith(self.rules.pronoun_suffixes)

    def _relative_subject(self, gap: str) -> bool:
        """"the Bush administration, which accuses Damascus", "pasukan AS, yang memerangi
        Taliban": the antecedent of a relative pronoun right before the verb is its subject,
        though it is the object of an earlier verb."""
        words = _words(gap)
        return gap.lstrip().startswith(",") and bool(words) and words[0] in self.rules.relatives \
            and len(words) <= 3

    def _before_relative_clause(self, start: int) -> int:
        """Where the subject's phrase ends when an aside between commas stands right before
        ``start`` ("X, who met Y on Monday, said", "X, yang ..., mengatakan")."""
        head = self.text[:start]
        close = head.rfind(",")
        if close < 0 or start - close > NEAR_CHARS or len(_words(head[close:])) > MAX_AFTER_CLAUSE:
            return start
        opening = head.rfind(",", 0, close)
        first = _words(head[opening:close])[:1] if opening >= 0 else []
        return opening if first and self._opens_aside(first[0]) else start

    def _opens_aside(self, word: str) -> bool:
        """Whether a phrase between commas after the subject that opens with ``word`` is an
        aside: a relative clause ("X, who met Y, said"), a prepositional phrase ("Gates, in
        the region to counter Iran's influence, held talks") or a past participle ("Hamas,
        backed by Iran, attacked"). A present participle is not read as one: "saying Sadr was
        on a short, routine visit" is no aside."""
        return word in self.rules.relatives or word in self.rules.prepositions \
            or word.endswith(self.rules.participles) or word in apposition_openers(self.rules.data.code)

    def _right_group(self, end: int) -> _Group | None:
        k = bisect_left(self._group_starts, end)
        group = self.groups[k] if k < len(self.groups) else None
        return group if group is not None and self._reaches(end, group.start) else None

    def _reaches(self, end: int, start: int) -> bool:
        """Whether a target at ``start`` is in reach of a trigger ending at ``end``."""
        raw = self.text[end:start]
        gap = _words(raw)
        return not (len(gap) > MAX_TARGET_GAP or self._has_verb_trigger(end, start)
                    or _CLAUSE_PUNCTUATION.search(raw) or self.rules.breaks.intersection(gap))

    def _object_target(self, end: int) -> _Group | None:
        """"rejected a new offer from Nepal", "suspended part of an economic aid
        programme for Myanmar": past the reach of a direct object, the actor that a target
        preposition brings into the object phrase. The phrase ends at clause punctuation
        or a clause break; a noun in it may be a trigger ("offer", "aid"), a verb may not."""
        group = next((g for g in self.groups if g.start >= end), None)
        if group is None or self._names_place(group):
            return None
        raw = self.text[end:group.start]
        gap = _words(raw)
        heads = [w for w in gap if w not in self.rules.skip]
        if not heads or not self._brought_by_preposition(heads) or len(gap) > MAX_OBJECT_GAP \
                or _CLAUSE_PUNCTUATION.search(raw) or self.rules.infinitive_breaks.intersection(gap) \
                or self.rules.conjunctions.intersection(gap):
            return None
        return None if any(end <= t.start and t.end <= group.start and not self._nominal(end, t)
                           for t in self.triggers) else group

    def _brought_by_preposition(self, heads: list[str]) -> bool:
        """The phrase before the actor ends in an object preposition, or in a genitive whose
        chain an object preposition opened ("raids against hideouts of members of Al-Qaeda")."""
        return heads[-1] in self.rules.object_prepositions or heads[-1] in self.rules.genitives \
            and bool(self.rules.object_prepositions.intersection(heads))

    def _nominal(self, end: int, trigger: Hit) -> bool:
        """Whether a trigger after a verb ending at ``end`` is a noun: flagged so, its direct
        object ("lift embargoes"), or within two words of a determiner ("a fresh offer")."""
        before = _words(self.text[end:trigger.start])
        return "noun" in trigger.payload.flags or not before \
            or bool(self.rules.skip.intersection(before[-2:]))

    def _complement_target(self, hit: Hit) -> _Group | None:
        """"threatened on Monday to break relations with Russia", "refused to commit to any
        assistance to the US": a verb with an infinitive after it aims at the first actor of
        that infinitive's phrase, whether or not its verb is a trigger of its own."""
        marker = self._complement_marker(hit)
        group = next((g for g in self.groups if g.start >= marker), None) if marker else None
        if group is None:
            return None
        raw = self.text[marker:group.start]
        gap = _words(raw)
        if len(gap) > MAX_COMPLEMENT_GAP or _CLAUSE_PUNCTUATION.search(raw) \
                or self.rules.infinitive_breaks.intersection(gap):
            return None
        return group

    def _complement_marker(self, hit: Hit) -> int | None:
        """Where the infinitive after a trigger starts: right after its marker ("to", "akan"),
        which ends the trigger or follows it within two words ("threatened today to")."""
        if _words(hit.text)[-1] in self.rules.complements:
            return hit.end
        end = hit.end
        for _ in range(3):
            if not (match := _NEXT_WORD.match(self.text, end)):
                return None
            end = match.end()
            word = match.group(1).lower()
            if word in self.rules.complements:
                return end
            if word in self.rules.infinitive_breaks:  # "agreed to resign without returning to"
                return None
        return None

    def _place_target(self, end: int) -> Mention | None:
        """With no actor after it, the place an act is done in or aimed at stands for its
        state ("arrived in Amman", "imposed a curfew in the town of Cizre"), as PLOVER codes it."""
        place = next((m for m in self.mentions if m.start >= end and m.entity.type == "Place"), None)
        state = self.states.get(place.entity.country) if place else None
        if state is None or not self._reaches(end, place.start):
            return None
        return Mention(state, place.start, place.end, place.text, "place")

    def _has_verb_trigger(self, start: int, end: int) -> bool:
        return any(t.end <= end and not self._nominal(start, t) for t in self._triggers_from(start, end))

    def _has_trigger(self, start: int, end: int) -> bool:
        return any(t.end <= end for t in self._triggers_from(start, end))

    def _triggers_from(self, start: int, end: int) -> list[Hit]:
        """The triggers starting between two offsets (found by bisection: a sentence may be long)."""
        return self.triggers[bisect_left(self._trigger_starts, start):bisect_left(self._trigger_starts, end)]

    def _possessor_after(self, end: int, group: _Group) -> bool:
        """Whether the actor right after a noun trigger is its owner: nothing but heads of a
        state's actor between ("serangan pasukan AS"), and no sector noun, which makes a
        compound with it ("invasion troops")."""
        return all(w in self.rules.heads for w in _words(self.text[end:group.start])) \
            and group.members[0].rule != "sector"

    def _adjacent(self, end: int, start: int) -> bool:
        return not _words(self.text[end:start])

    def _between_pair(self, hit: Hit):
        """The two sides after "between"/"antara", which may end the trigger itself
        ("talks between Japan and NATO")."""
        for group in self.groups[bisect_left(self._group_starts, hit.end):]:
            if group.start - hit.end > MAX_REACH_CHARS:  # groups are in text order
                break
            if group.start >= hit.end and len(group.members) >= 2:
                # the title of the first side is its own ("between Palestinian President Abbas")
                gap = _words(hit.text)[-1:] + _words(self._without_title(self.text[hit.end:group.start]))
                named = [w for w in gap if w not in self.rules.skip]  # "between the Israeli and ..."
                if named and named[-1] in self.rules.between and len(gap) <= MAX_TARGET_GAP:
                    return group.members[0], group.members[1]
        return None

    def _between_next(self, hit: Hit) -> bool:
        """Whether "between"/"antara" ends the trigger or follows it."""
        after = [w for w in _words(self.text[hit.end:hit.end + 30]) if w not in self.rules.skip][:1]
        return bool(self.rules.between.intersection(_words(hit.text)[-1:] + after))

    def _agent_after(self, end: int, passive: bool, noun: bool = False) -> _Group | None:
        """The agent after "by": of a passive trigger, or right after an active one ("the
        rejection by Berlin"); "rejected calls by Belarus" names the caller, the
        target, not the one who rejected. A noun trigger's agent may follow an agent link
        ("the attack carried out by Israel"); a verb's object's may not ("prevented the
        demonstration staged by students": the students did not prevent it)."""
        linked = self._past_agent_link(end) if noun else None
        start = end if linked is None else linked
        group = self._right_group(start)
        if group is None:
            return None
        # the head of a state's actor before its name is part of it ("oleh pasukan AS" = "by US forces")
        gap = [w for w in _words(self.text[start:group.start]) if w not in self.rules.heads]
        if linked is not None:  # "yang dilakukan (oleh) Israel", "carried out by Israel"
            return group if len(gap) <= 1 and self.rules.agents.issuperset(gap) else None
        marked = bool(gap) and gap[-1] in self.rules.agents
        return group if marked and (passive or len(gap) == 1) else None

    def _past_agent_link(self, end: int) -> int | None:
        """The end of an agent link right after a trigger ("serangan yang dilakukan",
        "the attack carried out"), or None."""
        for link in self.rules.agent_links:
            at = end
            for word in link:
                match = _NEXT_WORD.match(self.text, at)
                if match is None or match.group(1).lower() != word:
                    break
                at = match.end()
            else:
                return at
        return None

    def _passive_auxiliary(self, hit: Hit) -> bool:
        """"was attacked", but not "were negotiating", "there were talks" nor "was to meet":
        only a participle after the auxiliary is passive, not an infinitive."""
        if "noun" in hit.payload.flags or _words(hit.text)[0].endswith(self.rules.progressive):
            return False
        before = _words(self.text[max(0, hit.start - NEAR_CHARS):hit.start])[-2:]
        return bool(before) and any(w in self.rules.auxiliaries for w in before) \
            and before[-1] not in self.rules.complements

    def _bare_participle(self, hit: Hit) -> bool:
        """"A German arrested in Pakistan", "two soldiers killed on Saturday": a participle of
        a verb that always takes an object, followed by a place or time rather than by one, is
        passive ("killed at least ten" is not: a quantity opens an object)."""
        trigger: Trigger = hit.payload
        if trigger.cameo.plover not in categories("transitive") or trigger.flags & {"noun", "symmetric"} \
                or not _words(hit.text)[-1].endswith(self.rules.participles):
            return False
        after = _words(self.text[hit.end:hit.end + 40])[:3]
        return bool(after) and after[0] in self.rules.objectless \
            and not any(" ".join(after[:n]) in self.rules.quantifiers for n in (2, 3))

    def _cues_before(self, hit: Hit) -> list[Hit]:
        # a cue more than MAX_CUE_CHARS before is out of reach: no words need counting
        return [c for c in self.cues if c.end <= hit.start and hit.start - c.end <= MAX_CUE_CHARS
                and len(_words(self.text[c.end:hit.start])) <= 3]
