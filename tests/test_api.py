"""The Python API: no silent wrong answers, SPARQL results as rows or a DataFrame, entities by
any of their names."""
from __future__ import annotations

import pytest

from kg import api
from kg.store.base import StoreError
from kg.store.sparql import SparqlError

EXAMPLES = api.Path(__file__).resolve().parent.parent / "data" / "examples"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    api.build([EXAMPLES], out)
    return out


def test_extract_of_a_missing_input_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.txt"):
        api.extract([tmp_path / "missing.txt"])


def test_query_of_a_folder_that_is_not_a_built_store_raises_and_creates_nothing(built):
    inner = built / "store"
    before = sorted(p.name for p in inner.iterdir())
    with pytest.raises(StoreError, match="not a built store.*did you mean"):
        api.query(inner, "ASK { ?s ?p ?o }")
    assert sorted(p.name for p in inner.iterdir()) == before
    assert not (inner / "store").exists()


def test_query_refuses_updates_and_service(built):
    with pytest.raises(SparqlError, match="read-only"):
        api.query(built, "DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(SparqlError, match="SERVICE"):
        api.query(built, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_query_gives_a_dataframe_on_request(built):
    pandas = pytest.importorskip("pandas", reason="the frame extra (pandas) is not installed")
    text = "SELECT ?who ?whom WHERE { ?who gk:consult ?whom } ORDER BY ?who ?whom"
    frame = api.query(built, text, frame=True)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["who", "whom"]
    assert frame.to_dict("records") == api.query(built, text)


@pytest.mark.parametrize("name", ["Iran", "iran", "Irán", "IRAN"])
def test_entity_is_found_by_name_whatever_the_case_and_accents(name):
    assert [e.id for e in api.entity(name)] == ["Q794"]


def test_entity_is_found_by_its_indonesian_name_in_a_built_store(built):
    found = api.entity("Amerika Serikat", built)
    assert [e.id for e in found] == ["Q30"] and found[0].name == "United States"
    # the store holds Iran from an Indonesian article: the same entity, whatever the language
    assert any(e.id == "Q794" for e in api.entity("Iran", built))


def test_entity_of_an_unknown_name_is_an_empty_list(built):
    assert api.entity("Xyzzy Qwerty", built) == []
