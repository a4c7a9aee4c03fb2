"""Facts in an on-disk Oxigraph store: writing, removing a document, counting and querying.

The RDF data model (namespaces, IRIs, how a fact becomes triples, the taxonomy, formats) is in
``rdf_model``; this module is the store built on it.
"""
from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import IO, Iterable

import pyoxigraph as ox
from oxrdflib._converter import to_ox
from oxrdflib.store import OxigraphStore
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, NamespaceManager

from ..model import Fact, merge_facts, noisy_or
from . import sparql
from .base import Store, StoreError
from .generations import Pin, current, generation_of
from .rdf_model import (  # noqa: F401  (re-exported: the store module is where users look)
    CAMEO, ENTITY_PROPERTIES, GK, ID, PLOVER, PREFIXES, SPARQL_PREFIXES, TAXONOMY_GRAPH,
    OX_FORMATS, _BAD_IRI_CHARS, _add_fact, _decimal, _plugin, document_iri, entity_iri,
    export_facts, export_graph, fact_iri, facts_to_graph, load_ontology, load_shapes,
    mention_iri, new_graph, nt_iri, nt_line, parse_file,
    temporal_literal, validate, write_graph,
)


# ---------------------------------------------------------------- the store

def description(fact: Fact) -> list[str]:
    """The N-Triples lines describing a fact's node: not its mentions, not its confidence."""
    node, lines = nt_iri(fact_iri(fact.id)), []
    skip = (nt_iri(GK.mention), nt_iri(GK.confidence))

    class Collect:  # rdf_model writes a fact into anything with an ``add``
        @staticmethod
        def add(triple):
            if triple[0] == node and triple[1] not in skip:
                lines.append(nt_line(triple))

    _add_fact(Collect, fact)
    return lines


def _values(var: str, nodes: Iterable[URIRef]) -> str:
    nodes = sorted(set(nodes))
    for node in nodes:
        if _BAD_IRI_CHARS.search(node):
            raise ValueError(f"unsafe IRI {node!r}")
    return f"VALUES ?{var} {{ {' '.join(f'<{n}>' for n in nodes)} }}"


def _nt(graph: Graph) -> str:
    """N-Triples of ``graph``: valid inside a SPARQL ``INSERT DATA`` block."""
    return graph.serialize(format="ox-nt")


class RdfStore(Store):
    """Facts in an Oxigraph store on disk (``path``) or in memory (``path=None``).

    The default graph holds the facts; ``TAXONOMY_GRAPH`` holds the ontology and the CAMEO and
    PLOVER schemes. Queries run over the union of both. Every write is one SPARQL update, so
    Oxigraph applies it atomically.
    """

    name = "rdf"
    persistent = True
    query_languages = ("sparql",)

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        # A reader pins the generation it opens, so a build can publish a newer one meanwhile.
        self._pin = Pin(self.path) if read_only and self.path is not None else None
        try:
            if self.path is None:
                dataset = Dataset(store="Oxigraph", default_union=True)
            elif read_only:
                ox_store = ox.Store.read_only(str(self._pin.path))
                dataset = Dataset(store=OxigraphStore(store=ox_store), default_union=True)
            else:
                _refuse_published(self.path)
                dataset = Dataset(store="Oxigraph", default_union=True)
                dataset.open(str(self.path))
        except OSError as exc:
            if self._pin:
                self._pin.release()
            raise StoreError(f"cannot open the RDF store at {self.path}: {exc}") from exc
        dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="core")
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)
        self._ds: Dataset | None = dataset
        if not read_only and not self._ask(f"ASK {{ GRAPH <{TAXONOMY_GRAPH}> {{ ?s ?p ?o }} }}"):
            self.load_taxonomy()

    # -- plumbing

    @property
    def dataset(self) -> Dataset:
        if self._ds is None:
            raise StoreError("the RDF store is closed")
        return self._ds

    def _select(self, text: str):
        try:
            result = self.dataset.store.query(SPARQL_PREFIXES + text, {}, {}, "__UNION__")
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise StoreError(f"SPARQL query failed: {exc}") from exc
        return result

    def _ask(self, text: str) -> bool:
        return bool(self._select(text).askAnswer)

    def update(self, text: str) -> None:
        """Run one SPARQL update (operations separated by ``;`` apply atomically)."""
        if self.read_only:
            raise StoreError("the RDF store was opened read-only")
        try:
            self.dataset.store.update(SPARQL_PREFIXES + text, {}, {}, DATASET_DEFAULT_GRAPH_ID)
        except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
            raise StoreError(f"SPARQL update failed: {exc}") from exc

    def load_taxonomy(self) -> None:
        """(Re)write the ontology and concept schemes into ``TAXONOMY_GRAPH``."""
        self.update(f"DROP SILENT GRAPH <{TAXONOMY_GRAPH}> ;\n"
                    f"INSERT DATA {{ GRAPH <{TAXONOMY_GRAPH}> {{\n{_nt(load_ontology())}\n}} }}")

    # -- Store interface

    def add(self, facts: Iterable[Fact]) -> None:
        """Add facts in one update. A fact already stored keeps its mentions and gains the new
        ones; its qualifiers, the mentions given again and the entities' descriptions are
        replaced; its confidence is recomputed over all its mentions."""
        facts = merge_facts(facts)
        if not facts:
            return
        graph = facts_to_graph(facts)
        fact_nodes = {fact_iri(f.id): f for f in facts}
        new_mentions = {mention_iri(f.id, ev): (node, ev.confidence)
                        for node, f in fact_nodes.items() for ev in f.evidence}
        confidences: dict[URIRef, dict[URIRef, float]] = {node: {} for node in fact_nodes}
        for row in self._select(f"SELECT ?f ?m ?c WHERE {{ {_values('f', fact_nodes)} "
                                "?f gk:mention ?m . ?m gk:confidence ?c }"):
            confidences[row.f][row.m] = float(row.c)
        for m, (node, c) in new_mentions.items():
            confidences[node][m] = c
        for node, by_mention in confidences.items():
            graph.set((node, GK.confidence, _decimal(noisy_or(by_mention.values()))))
        entities = set(graph.subjects(GK.entityId))
        documents = set(graph.subjects(RDF.type, GK.Document))
        self.update(
            f"DELETE {{ ?m ?p ?o }} WHERE {{ {_values('m', new_mentions)} ?m ?p ?o }} ;\n"
            f"DELETE {{ ?f ?p ?o }} WHERE {{ {_values('f', fact_nodes)} ?f ?p ?o "
            "FILTER(?p != gk:mention) } ;\n"
            f"DELETE {{ ?e ?p ?o }} WHERE {{ {_values('e', entities)} "
            f"{_values('p', ENTITY_PROPERTIES)} ?e ?p ?o }} ;\n"
            f"DELETE {{ ?d ?p ?o }} WHERE {{ {_values('d', documents)} "
            "VALUES ?p { gk:url gk:docId } ?d ?p ?o } ;\n"
            f"INSERT DATA {{\n{_nt(graph)}\n}} ;\n"
            "INSERT { ?e gk:country ?c } WHERE { ?e gk:countryCode ?code . "
            "?c a gk:Country ; gk:iso3 ?code }")

    def describe(self, facts: Iterable[Fact]) -> None:
        """Replace the description of stored facts by these versions of them, keeping their
        mentions and confidence (the version of a fact's first document wins)."""
        nodes, lines = [], {}
        for fact in facts:
            nodes.append(fact_iri(fact.id))
            lines.update(dict.fromkeys(description(fact)))
        if nodes:
            self.update(f"DELETE {{ ?f ?p ?o }} WHERE {{ {_values('f', nodes)} ?f ?p ?o "
                        "FILTER(?p NOT IN (gk:mention, gk:confidence)) } ;\n"
                        f"INSERT DATA {{\n{''.join(lines)}\n}}")

    def first_documents(self, fact_ids: Iterable[str]) -> dict[str, str]:
        """Fact id -> the smallest id of the documents that mention it (facts still stored)."""
        nodes = {fact_iri(f): f for f in fact_ids}
        if not nodes:
            return {}
        rows = self._select(f"SELECT ?f (MIN(?id) AS ?doc) WHERE {{ {_values('f', nodes)} "
                            "?f gk:mention/prov:wasDerivedFrom/gk:docId ?id } GROUP BY ?f")
        return {nodes[row.f]: str(row.doc) for row in rows}

    def remove_document_update(self, doc_id: str) -> str:
        """The single SPARQL update ``remove_document`` runs (exposed for inspection). Every
        step is limited to the document's facts and what they name, so its cost follows the
        document, not the graph."""
        doc = document_iri(doc_id)
        facts, entities, roles = set(), set(), set()
        for row in self._select(
                "SELECT DISTINCT ?f ?e ?r WHERE { ?m prov:wasDerivedFrom ?doc . ?f gk:mention ?m "
                "OPTIONAL { ?f gk:source|gk:target|gk:place ?e } OPTIONAL { ?f gk:role ?r } "
                f"{_values('doc', [doc])} }}"):
            facts.add(row.f)
            entities.update(x for x in (row.e,) if x is not None)
            roles.update(x for x in (row.r,) if x is not None)
        remaining: dict[URIRef, dict[URIRef, float]] = {}
        for row in self._select(
                "SELECT ?f ?m ?c WHERE { ?f gk:mention ?m . ?m gk:confidence ?c "
                f"FILTER NOT EXISTS {{ ?m prov:wasDerivedFrom ?doc }} {_values('doc', [doc])} "
                f"{_values('f', facts)} }}"):
            remaining.setdefault(row.f, {})[row.m] = float(row.c)
        new_confidence = " ".join(f"(<{f}> {_decimal(noisy_or(c.values())).n3()})"
                                  for f, c in sorted(remaining.items()))
        f_values, e_values, r_values = (_values("f", facts), _values("e", entities),
                                        _values("r", roles))
        return f"""
# 1. the document's mentions, and the links to them
DELETE {{ ?f gk:mention ?m }} WHERE {{ ?m prov:wasDerivedFrom <{doc}> . ?f gk:mention ?m }} ;
DELETE {{ ?m ?p ?o }} WHERE {{ ?m prov:wasDerivedFrom <{doc}> ; ?p ?o }} ;
# 2. direct triples of its facts left without mentions, unless another fact still supports them
DELETE {{ ?s ?dp ?o }} WHERE {{
  {{ {f_values} ?f gk:directProperty ?dp ; gk:source ?s ; gk:target ?o }}
  UNION {{ {f_values} ?f gk:directProperty ?dp ; gk:symmetric true ; gk:source ?o ; gk:target ?s }}
  FILTER NOT EXISTS {{ ?f gk:mention ?any }}
  FILTER NOT EXISTS {{ ?g gk:source ?s ; gk:target ?o ; gk:directProperty ?dp ; gk:mention ?gm }}
  FILTER NOT EXISTS {{ ?g gk:source ?o ; gk:target ?s ; gk:symmetric true ; gk:directProperty ?dp ; gk:mention ?gm }}
}} ;
# 3. its facts left without mentions
DELETE {{ ?f ?p ?o }} WHERE {{ {f_values} FILTER NOT EXISTS {{ ?f gk:mention ?any }} ?f ?p ?o }} ;
# 4. confidence of the facts that lost some mentions (noisy-or over the rest)
DELETE {{ ?f gk:confidence ?old }} INSERT {{ ?f gk:confidence ?new }}
WHERE {{ VALUES (?f ?new) {{ {new_confidence} }} ?f gk:confidence ?old }} ;
# 5. the entities, roles, document and runs it named that nothing refers to any more
DELETE {{ ?e ?p ?o }} WHERE {{ {e_values} FILTER NOT EXISTS {{ ?f gk:source|gk:target|gk:place ?e }} ?e ?p ?o }} ;
DELETE {{ ?x gk:country ?e }} WHERE {{ {e_values} ?x gk:country ?e FILTER NOT EXISTS {{ ?e a ?t }} }} ;
DELETE {{ ?r ?p ?o }} WHERE {{ {r_values} FILTER NOT EXISTS {{ ?f gk:role ?r }} ?r ?p ?o }} ;
DELETE {{ <{doc}> ?p ?o }} WHERE {{ <{doc}> ?p ?o FILTER NOT EXISTS {{ ?m prov:wasDerivedFrom <{doc}> }} }} ;
DELETE {{ ?r ?p ?o }} WHERE {{ ?r a gk:ExtractionRun FILTER NOT EXISTS {{ ?m prov:wasGeneratedBy ?r }} ?r ?p ?o }}
"""

    def remove_document(self, doc_id: str) -> None:
        """Forget one document's mentions and the facts only it supported, in one update."""
        self.update(self.remove_document_update(doc_id))

    def counts(self) -> dict[str, int]:
        [row] = list(self._select("""
            SELECT (COUNT(DISTINCT ?ev) AS ?events) (COUNT(DISTINCT ?rel) AS ?relations)
                   (COUNT(DISTINCT ?ent) AS ?entities) (COUNT(DISTINCT ?men) AS ?mentions)
                   (COUNT(DISTINCT ?doc) AS ?documents)
            WHERE { { ?ev a gk:Event } UNION { ?rel a gk:Relation }
                    UNION { ?f gk:source|gk:target|gk:place ?ent } UNION { ?men a gk:Mention }
                    UNION { ?doc a gk:Document } }"""))
        counts = {k: int(row[k]) for k in ("events", "relations", "entities", "mentions", "documents")}
        default = Graph(store=self.dataset.store, identifier=DATASET_DEFAULT_GRAPH_ID)
        counts["triples"] = len(default)
        return counts

    def query(self, text: str, language: str = "sparql", *,
              timeout: float | None = sparql.DEFAULT_TIMEOUT,
              limit: int | None = None, allow_service: bool = False, **params) -> list[dict]:
        """Run a read-only SPARQL query over facts and taxonomy (``sparql.check``, then
        ``sparql.execute``: killed after ``timeout`` seconds, at most ``limit`` rows); prefixes
        gk:, id:, cameo:, plover:, wd:, wdt:, prov:, skos:, rdfs:, xsd: … are predefined.
        ``params`` bind variables to values (str -> plain literal, int/float/bool -> typed
        literal, rdflib terms as they are) before evaluation, the safe way to put user input in
        a query. Returns one dict per row (variable -> value); ASK gives ``[{"result": bool}]``,
        CONSTRUCT/DESCRIBE one dict per triple."""
        if language.lower() not in self.query_languages:
            return super().query(text, language, **params)
        bound = {name: to_ox(value if isinstance(value, (URIRef, Literal)) else Literal(value))
                 for name, value in params.items()}
        query = sparql.bind(sparql.check(text, allow_service=allow_service), bound)
        if self._pin is not None:  # a reader on disk: its pinned folder, opened by a child
            target, fork = str(self._pin.path), True
        else:  # in memory (forked with it), or the writer (queried here: see sparql.execute)
            target, fork = self.dataset.store._inner, self.path is None
        result = sparql.execute(target, query, timeout=timeout, limit=limit, fork=fork)
        return sparql.records(result)

    def export(self, dest: str | Path | IO, fmt: str = "turtle", *, taxonomy: bool = False) -> None:
        """Write the facts as ``rdf_model.export_graph`` does (Oxigraph's writers): the facts
        graph alone, or with ``taxonomy=True`` beside the taxonomy and ontology (named graphs
        in trig/nquads/jsonld, merged into the one graph otherwise)."""
        facts = Graph(store=self.dataset.store, identifier=DATASET_DEFAULT_GRAPH_ID)
        export_graph(facts, dest, fmt, ontology=taxonomy)

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store underneath (its bulk loader, dump, flush, optimize)."""
        return self.dataset.store._inner

    def dump(self, dest: str | Path | IO, fmt: str = "trig") -> None:
        """The facts (default graph) in ``fmt``, streamed by Oxigraph's own writer."""
        plugin, quads = _plugin(fmt)
        self.oxigraph.dump(dest if not isinstance(dest, Path) else str(dest), OX_FORMATS[plugin],
                           from_graph=None if quads else ox.DefaultGraph(),
                           prefixes={p: str(ns) for p, ns in PREFIXES.items()})

    def close(self) -> None:
        if self._ds is not None:
            self._ds.close()
            self._ds = None
            # Query results still alive in reference cycles keep Oxigraph's lock on the
            # directory; collect them so the path can be reopened at once. Readers take no
            # lock, and a full collection per query would stall every thread of a server.
            if not self.read_only:
                gc.collect()
        if self._pin is not None:
            self._pin.release()
            self._pin = None


def _refuse_published(path: Path) -> None:
    """A published generation is never written: its readers may be mid-query."""
    gen = generation_of(Path(os.path.realpath(path)))
    if gen is not None and current(gen.parent.parent) == gen:
        raise StoreError(f"{path} is the published graph: change it with `kg build`, "
                         "or open it with read_only=True")
