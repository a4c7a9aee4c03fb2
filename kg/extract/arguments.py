"""Who did what to whom, read from a sentence's dependency parse (kg/extract/syntax.py).

Trigger words, cue words and actor mentions are found in the text; this module places them
on the sentence's Universal Dependencies tree and reads the arguments from grammatical roles,
not from distances:

- the source is the subject (``nsubj``), or the agent of a passive (``obl:agent``, "by",
  "oleh"); a noun trigger's source is its owner ("Iran's strike", "an Israeli strike",
  "serangan AS") or, as the object of a verb ("launched an attack"), that verb's subject;
- a predicate without a subject of its own takes the one it shares: of the verb it
  complements ("Iran threatened to attack"), of the first of coordinated verbs, of a
  reporting verb whose clause drops it ("Pakistan menyatakan telah menangkap"); a relative
  pronoun stands for the noun its clause modifies, a personal pronoun for the subject of the
  clause around it ("Iran said it would ...", "... but it shelled Kharkiv");
- the target is the object, or an oblique whose preposition names a target
  (``target_cases`` in grammar.yaml: "against", "with", "terhadap", "dengan", "ke"), else the
  actor in the phrase of the object ("rejected an offer from Nepal") or of an infinitive
  complement ("threatened to break relations with Russia");
- an apposition names the same actor ("The United States, a NATO member, struck ..."), so
  an actor inside it is no argument; coordinated actors are one argument each;
- negation, plans and conditions are cue words attached to the trigger or to the verbs
  governing it ("did not attack", "plans to visit", "cancelled his trip", "if ..."), and the
  place and date are those of the trigger's own clause.

What grammar cannot give (a sector noun's state, PLOVER's coding conventions) is decided by
kg/extract/actors.py and kg/extract/events.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Hit, language
from .syntax import parser_for
from ..model import Mention

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubj:pass", "csubj:pass"})
OBJECTS = frozenset({"obj", "iobj"})
OBLIQUES = frozenset({"obl", "nmod", "obl:arg"})
# modifiers that name the owner of a noun: "Iran's", "Israeli", "NATO (member)", "pasukan AS"
OWNERS = frozenset({"nmod:poss", "amod", "compound", "nmod", "flat", "flat:name"})
# relations that open a clause of their own (a place or a date there is not the trigger's)
CLAUSES = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "acl", "acl:relcl", "parataxis",
                     "csubj", "csubj:pass", "conj", "list"})
VERBAL = frozenset({"VERB", "AUX"})
NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
HANGING = frozenset({"acl", "acl:relcl", "advcl", "parataxis", "conj"})
MAX_CHAIN = 8  # links followed up or down the tree for one question; trees are shallow


@dataclass(frozen=True)
class Grammar:
    """One language's grammar words that the tree walk reads (grammar.yaml)."""

    target_cases: frozenset[str]
    noun_target_cases: frozenset[str]
    agents: frozenset[str]
    between: frozenset[str]
    heads: frozenset[str]
    relatives: frozenset[str]
    pronouns: frozenset[str]
    pronoun_suffixes: tuple[str, ...]
    halting: frozenset[str]
    complements: frozenset[str]
    place_heads: frozenset[str]
    complementisers: frozenset[str]
    reporting: frozenset[str]


@lru_cache(maxsize=None)
def grammar_for(lang: str) -> Grammar:
    words = language(lang).words
    joined = lambda key: frozenset(words(key))  # noqa: E731
    return Grammar(target_cases=joined("target_cases"),
                   noun_target_cases=joined("target_cases") | joined("noun_target_cases"),
                   agents=joined("agent_markers"), between=joined("between"),
                   heads=joined("government_words") | joined("actor_heads"),
                   relatives=joined("relative_pronouns"), pronouns=joined("subject_pronouns"),
                   pronoun_suffixes=tuple(words("pronoun_suffixes")),
                   halting=joined("halting_verbs"), complements=joined("complement_markers"),
                   place_heads=joined("place_heads_after") | joined("place_heads_before"),
                   complementisers=joined("complementisers"), reporting=joined("reporting_verbs"))


def merge_names(doc, mentions: list[Mention]) -> None:
    """Each name becomes one token (with the role of its head word once parsed): a parser
    trained on few names gives "South" and "Korea" roles of their own."""
    spans, last = [], -1
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span) > 1 and span.start > last:
            spans.append(span)
            last = span.end - 1
    with doc.retokenize() as retokenizer:
        for span in spans:
            retokenizer.merge(span)


def parse_named(texts: list[str], mentions: list[list[Mention]], lang: str) -> list:
    """Parses of sentences whose names are single tokens before the parser sees them; all
    None for a language without a parser (kg/extract/syntax.py)."""
    nlp = parser_for(lang)
    if nlp is None:
        return [None] * len(texts)
    docs = [nlp.make_doc(text) for text in texts]
    for doc, named in zip(docs, mentions):
        merge_names(doc, named)
    return list(nlp.pipe(docs))


@dataclass
class Arguments:
    sources: list[Mention]
    targets: list[Mention]
    rule: str
    symmetric: bool = False


class Tree:
    """One sentence's parse with its actors, triggers and cues placed on the tokens."""

    def __init__(self, doc, actors: list[Mention], places: list[Mention], cues: list[Hit],
                 grammar: Grammar):
        self.doc, self.g = doc, grammar
        merge_names(doc, actors + places)
        self.actor_at: dict[int, Mention] = {}
        self.actors_named: list[Mention] = []
        for mention in actors:
            span = self.span(mention.start, mention.end)
            if span is None or not len(span) or self._names_place(span.root):
                continue
            self.actors_named.append(mention)
            for token in span:
                self.actor_at.setdefault(token.i, mention)
        # cues placed once: per trigger, only the cues on or under its governing words are read
        self.cues_on: dict[int, list[Hit]] = {}
        self.cues_under: dict[int, list[Hit]] = {}
        self.placed_cues = []
        for cue in cues:
            if (token := self.token(cue.start, cue.end)) is not None:
                self.placed_cues.append((cue, token))
                self.cues_on.setdefault(token.i, []).append(cue)
                self.cues_under.setdefault(token.head.i, []).append((cue, token))

    def _names_place(self, token) -> bool:
        """"on the Thai border", "di perbatasan Thailand": a state that qualifies a place
        is no one who acts."""
        return token.dep_ in OWNERS and token.head.lower_ in self.g.place_heads

    def span(self, start: int, end: int):
        return self.doc.char_span(start, end, alignment_mode="expand")

    def token(self, start: int, end: int):
        """The head token of the text between two offsets."""
        span = self.span(start, end)
        return span.root if span is not None and len(span) else None

    # -- actors of a noun phrase ------------------------------------------------------------
    def actors(self, token, depth: int = 0) -> list[Mention]:
        """The actors a noun phrase names, one per conjunct ("Japan and NATO")."""
        found: dict[tuple[int, int], Mention] = {}
        for part in self.conjuncts(token):
            for mention in self._named(part, depth):
                found.setdefault((mention.start, mention.end), mention)
        return list(found.values())

    @staticmethod
    def conjuncts(token) -> list:
        out, todo = [], [token]
        while todo:
            current = todo.pop()
            out.append(current)
            todo.extend(c for c in current.children if c.dep_ == "conj")
        return sorted(out, key=lambda t: t.i)

    def _named(self, token, depth: int) -> list[Mention]:
        if token.i in self.actor_at:
            return [self.actor_at[token.i]]
        if depth > MAX_CHAIN:
            return []
        word = token.lower_
        if word in self.g.relatives and token.head.dep_ in ("acl:relcl", "acl"):
            return self.actors(token.head.head, depth + 1)  # "Kenya, which sent troops"
        if self.pronoun(token):
            return self.antecedent(token, depth + 1)
        # a noun an actor modifies stands for it ("the Iraqi government", "two British
        # soldiers", "pasukan AS"); one it names after "of" only if it heads an actor ("the
        # government of Iran", not "the use of the Russian language")
        head = word in self.g.heads
        owners = [a for c in token.children
                  if c.dep_ in OWNERS and (not self._case(c) or head and self._case(c) in self.g.noun_target_cases)
                  for a in self.actors(c, depth + 1)]
        if owners:
            return owners
        # "Prime Minister, Shinzo Abe": a title standing for the person named beside it
        return [a for c in token.children if c.dep_ == "appos" for a in self.actors(c, depth + 1)]

    def pronoun(self, token) -> bool:
        word = token.lower_.split("'")[0]
        return word in self.g.pronouns or token.pos_ == "PRON" and word.endswith(self.g.pronoun_suffixes)

    def antecedent(self, token, depth: int) -> list[Mention]:
        """A pronoun stands for the subject of a clause around its own: of the reporting verb
        ("Iran said it would"), of the first of coordinated clauses ("... but it shelled")."""
        clause = self.clause(token)
        for _ in range(MAX_CHAIN):
            # "Ishiba cancelled his trip": an owner's pronoun stands for its clause's subject
            subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None)
            if subject is not None and not any(t.i == token.i for t in subject.subtree):
                return self.actors(subject, depth + 1)
            if clause.head is clause:
                return []
            clause = self.clause(clause.head)
        return []

    @staticmethod
    def _case(token) -> str:
        """The preposition of a nominal ("against Iran" -> "against"; "in support of")."""
        words = [c for c in token.children if c.dep_ in ("case", "mark") and c.i < token.i]
        if not words:
            return ""
        first = words[0]
        return " ".join([first.lower_] + [f.lower_ for f in first.children if f.dep_ == "fixed"])

    # -- clauses -------------------------------------------------------------------------
    def clause(self, token):
        """The head of the clause a token stands in."""
        for _ in range(MAX_CHAIN * 4):
            if token.dep_ in CLAUSES and (token.dep_ != "conj" or self.predicate(token)) \
                    or token.head is token:
                return token
            token = token.head
        return token

    @staticmethod
    def predicate(token) -> bool:
        return token.pos_ in VERBAL or any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS | {"cop", "aux"}
                                           for c in token.children)

    def governors(self, token) -> list:
        """The trigger and the words governing its act: the verbs it complements ("plans to
        visit", "failed to attack") and, for a noun, the verb it is the object of
        ("launched an attack", "cancelled his trip")."""
        chain = [token]
        for _ in range(MAX_CHAIN):
            if self.complement(token) or token.dep_ in OBJECTS and token.head.pos_ in VERBAL:
                token = token.head
                chain.append(token)
            else:
                return chain
        return chain

    def complement(self, token) -> bool:
        """An infinitive or a clause without a subject of its own that completes the word above
        it ("threatened to shell", "mengancam akan menyerang", "demand to sever")."""
        if token.dep_ == "xcomp":
            return True
        own_subject = any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS for c in token.children)
        marked = any(c.dep_ == "mark" and c.lower_ in self.g.complements for c in token.children)
        return not own_subject and (token.dep_ == "ccomp" or token.dep_ in ("advcl", "acl") and marked)

    def complement_clause(self, token) -> bool:
        """A clause of what is said or asked: ccomp, or any clause that a complementiser
        opens ("demanded that Israel withdraw", "mengatakan bahwa")."""
        return token.dep_ == "ccomp" or token.dep_ in ("advcl", "acl") and any(
            c.dep_ == "mark" and c.lower_ in self.g.complementisers for c in token.children)

    def scope(self, token) -> set[int]:
        """Token indices of the clauses the trigger's act is stated in."""
        return {g.i for g in self.governors(token)} | {self.clause(g).i for g in self.governors(token)}

    # -- subjects and objects ------------------------------------------------------------
    def subjects(self, pred, depth: int = 0) -> list[Mention]:
        """The subject of a predicate, or the one it shares with the predicate it hangs from."""
        # the parse may give coordinated subjects each their own link ("Bosnia and Slovenia")
        # a controller may be a passive subject ("the army is prepared to attack")
        deps = SUBJECTS | PASSIVE_SUBJECTS if depth else SUBJECTS
        subjects = [a for c in pred.children if c.dep_ in deps for a in self.actors(c, depth + 1)]
        if subjects or any(c.dep_ in deps for c in pred.children):
            return subjects
        if depth > MAX_CHAIN or pred.head is pred:
            return []
        dep, head = pred.dep_, pred.head
        if head.pos_ not in NOMINAL and (self.complement(pred) or dep == "advcl" and not self.complement_clause(pred)
                                         or dep in ("conj", "ccomp") and self.predicate(head)):
            return self.subjects(head, depth + 1)
        # "launched an attack", "melakukan serangan"; not "said the attack ...": a speaker
        # does not do what they tell of
        if dep in OBJECTS and head.pos_ in VERBAL and head.lower_ not in self.g.reporting:
            return self.subjects(head, depth + 1)
        # "troops attacking the town"; a verb hung from the noun before it by any clause link
        # has it as subject ("Taliban militants ... abducted four employees" when the parse
        # makes the noun the root)
        if dep in HANGING and head.pos_ in NOMINAL and head.i < pred.i and not self.passive(pred):
            # a noun with a subject of its own is a predicate whose subject is shared
            if any(c.dep_ in SUBJECTS for c in head.children):
                return self.subjects(head, depth + 1)
            return self.actors(head, depth + 1)
        return []

    def passive(self, pred) -> bool:
        deps = {c.dep_ for c in pred.children}
        if deps & PASSIVE_SUBJECTS or "aux:pass" in deps:
            return True
        # a passive form ("diserang") with no active subject beside it
        return not deps & SUBJECTS and (pred.pos_ in VERBAL and "Pass" in pred.morph.get("Voice")
                                        or pred.dep_ == "acl" and pred.tag_ == "VBN")

    def patients(self, pred) -> list[Mention]:
        subject = next((c for c in pred.children if c.dep_ in PASSIVE_SUBJECTS), None)
        if subject is not None:
            return self.actors(subject)
        if pred.dep_ in ("acl", "amod"):  # "a German arrested in Pakistan"
            return self.actors(pred.head)
        if pred.dep_ == "conj" and self.passive(pred.head):
            return self.patients(pred.head)
        return []

    def agents(self, token) -> list[Mention]:
        return [a for c in token.children if c.dep_ == "obl:agent"
                or c.dep_ in OBLIQUES and self._case(c) in self.g.agents for a in self.actors(c)]

    def owners(self, noun) -> list[Mention]:
        """Who a noun trigger is the act of: "Iran's strike", "an Israeli strike",
        "serangan AS", "the rejection by Berlin"."""
        return [a for c in noun.children
                if c.dep_ in OWNERS and not self._case(c) or self._case(c) in self.g.agents
                for a in self.actors(c)]

    def obliques(self, token, cases: frozenset[str]) -> list[Mention]:
        return [a for c in token.children
                if c.dep_ in OBLIQUES and self._case(c) in cases and self._case(c) not in self.g.between
                for a in self.actors(c)]

    def objects(self, token) -> list[Mention]:
        return [a for c in token.children if c.dep_ in OBJECTS for a in self.actors(c)]

    def in_phrase(self, token, cases: frozenset[str] | None, depth: int = 0) -> list[Mention]:
        """The first actor that the phrase of an object or oblique brings in ("an offer from
        Nepal", "raids against hideouts of members of Al-Qaeda", "klaim Tiongkok"); any
        preposition when ``cases`` is None."""
        if depth > 3:
            return []
        for child in sorted(token.children, key=lambda c: c.i):
            if child.dep_ not in OBLIQUES | {"nmod:poss", "compound", "amod"}:
                continue
            case = self._case(child)
            if case and cases is not None and case not in cases:
                continue
            found = self.actors(child) or self.in_phrase(child, cases, depth + 1)
            if found:
                return found
        return []

    def between_sides(self, token) -> list[Mention] | None:
        """The sides after "between"/"antara"; [] when they are no actors ("fighting between
        rival militias"); None without such a phrase."""
        for child in token.children:
            if child.dep_ in OBLIQUES and self._case(child) in self.g.between:
                return self.actors(child)
        return None


def cue_kinds(tree: Tree, trigger) -> dict[str, Hit | None]:
    """Cue kind -> cue, for the cues on the words governing the trigger or attached to them
    ("did not attack", "will visit", "plans to meet", "failed to"), not those opening a clause
    of their own below them."""
    governors = tree.governors(trigger)
    kinds: dict[str, Hit | None] = {}
    for g in governors:
        on = tree.cues_on.get(g.i, []) if g.i != trigger.i else []
        under = [c for c, t in tree.cues_under.get(g.i, []) if t.i != trigger.i and t.dep_ not in CLAUSES]
        for cue in on + under:
            kinds.setdefault(cue.payload.kind, cue)
    if any(g.lower_ in tree.g.halting for g in governors[1:]):  # "cancelled his trip"
        kinds.setdefault("negation", None)
    return kinds


def condition_clause(tree: Tree, trigger, kinds: frozenset[str]):
    """The head of a clause of condition hanging from the trigger's governors ("will
    withdraw unless Israel rescinds ..."): the clause its cue stands in."""
    near = {g.i for g in tree.governors(trigger)}
    for cue, token in tree.placed_cues:
        clause = tree.clause(token)
        if cue.payload.kind in kinds and clause.head.i in near and clause.i not in near:
            return clause
    return None


def in_condition(tree: Tree, trigger, kinds: frozenset[str]) -> bool:
    """Whether the trigger's own clause is one of condition or question ("if Sudan attacks"):
    its cue stands in that clause, before the trigger."""
    clauses = {tree.clause(g).i for g in tree.governors(trigger)}
    return any(cue.payload.kind in kinds and token.i < trigger.i and tree.clause(token).i in clauses
               for cue, token in tree.placed_cues)


def find_arguments(tree: Tree, token, flags: frozenset[str], triggers_at: set[int],
                   mutual: bool) -> Arguments | None:
    """The arguments of the trigger whose head token is ``token``; None when the grammar
    says it has none of its own (a noun that is the object of another trigger and has no
    owner, sides of "between" that are no actors)."""
    if "obligation" in flags:
        return _obligation(tree, token)
    # a word the parse gives a subject is a predicate, whatever its tag ("met/NOUN")
    noun = "noun" in flags or token.pos_ in NOMINAL and not any(c.dep_ in SUBJECTS for c in token.children)
    sides = _sides(tree, token)
    if sides is not None:
        return _between(tree, token, sides, noun or "symmetric" in flags)
    if "passive" in flags or tree.passive(token):
        # "Ukraina diserang Rusia": an object of a passive verb is its agent
        agents = tree.agents(token) or tree.objects(token)
        return Arguments(agents, tree.patients(token), "passive+agent" if agents else "passive")
    if noun:
        sources, rule = tree.owners(token), "owner+noun"
        if not sources and token.dep_ in OBJECTS:
            if token.head.i in triggers_at:  # "condemned the attack": the verb's act alone
                return None
            sources, rule = tree.subjects(token), "verb+noun"
    else:
        sources, rule = tree.subjects(token), "subject"
    if "intransitive" in flags:
        return Arguments(sources, [], rule + "+intransitive")
    targets, how = targets_of(tree, token, noun, sources)
    if not targets and mutual and len(sources) > 1:
        return Arguments(sources[:1], sources[1:], "compound-symmetric", True)
    return Arguments(sources, targets, rule + how)


def targets_of(tree: Tree, token, noun: bool, sources: list[Mention],
               depth: int = 0) -> tuple[list[Mention], str]:
    """The target of a predicate and how it was found; never one of its sources ("recalled
    its ambassador")."""
    cases = tree.g.noun_target_cases if noun else tree.g.target_cases
    for how, found in _target_candidates(tree, token, cases, sources, depth):
        if found := [t for t in found if t not in sources]:
            return found, how
    return [], ""


def _target_candidates(tree: Tree, token, cases, sources, depth):
    """(how, actors) in the order a target is looked for, each found only when asked."""
    yield "+object", tree.objects(token)
    yield "+oblique", tree.obliques(token, cases)
    for child in token.children:
        if tree.complement(child) and depth < MAX_CHAIN:  # "threatened to break relations with"
            yield "+complement", targets_of(tree, child, False, sources, depth + 1)[0]
    for child in token.children:
        if child.dep_ in OBJECTS | OBLIQUES and (not tree._case(child) or tree._case(child) in cases):
            # inside the object, a noun's own prepositions: "rejected an offer from Nepal"
            yield "+object-phrase", tree.in_phrase(child, tree.g.noun_target_cases)
    for child in token.children:
        if tree.complement_clause(child):  # "demanded that Israel withdraw"
            yield "+clause-subject", [a for c in child.children if c.dep_ in SUBJECTS
                                      for a in tree.actors(c)]


def _sides(tree: Tree, token) -> list[Mention] | None:
    sides = tree.between_sides(token)
    if sides is None:  # "hosted talks between": the phrase of the object
        for child in token.children:
            if child.dep_ in OBJECTS and (sides := tree.between_sides(child)) is not None:
                break
    return sides


def _between(tree: Tree, token, sides: list[Mention], mutual: bool) -> Arguments | None:
    """"talks between Japan and NATO": both sides, symmetric; "Egypt hosted talks between
    A and B": a third party's act on both."""
    if len(sides) < 2:
        return None
    subjects = [] if mutual else tree.subjects(token)
    if subjects:
        return Arguments(subjects, sides, "third-party+between")
    return Arguments(sides[:1], sides[1:2], "between", True)


def _obligation(tree: Tree, token) -> Arguments | None:
    """"Russia said that Sudan must return ...": the speaker demands of the one bound by
    "must"; with no speaker there is no demand."""
    pred = token.head if token.dep_.startswith("aux") else token
    clause = tree.clause(pred)
    bound = next((c for c in pred.children if c.dep_ in SUBJECTS), None)
    if bound is None or not tree.complement_clause(clause):
        return None
    speakers = tree.subjects(clause.head)
    return Arguments(speakers, tree.actors(bound), "obligation") if speakers else None
