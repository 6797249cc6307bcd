from __future__ import annotations

from joopas.catalogue import search


def test_document_keeps_surface_forms_and_lemmas() -> None:
    doc = search.document([("fi", "Tilastotieteen perusteet"), ("sv", "Kursernas innehåll")]).split()
    assert "tilastotieteen" in doc and "tilastotiede" in doc
    assert "kursernas" in doc and "kurs" in doc


def test_query_terms_offer_lemmas_of_every_language() -> None:
    assert search.query_terms("tilastotieteen") == [["tilastotieteen", "tilastotiede"]]
    assert search.query_terms("ohjelmoinnin")[0][:2] == ["ohjelmoinnin", "ohjelmointi"]


def test_query_terms_of_odd_input() -> None:
    assert search.query_terms("") == []
    assert search.query_terms("'; DROP TABLE x; --") == [["drop"], ["table"], ["x"]]
    assert len(search.query_terms("sana " * 1000)) == search.MAX_QUERY_WORDS


def test_tsquery_and_fts5_query() -> None:
    terms = [["a", "b"], ["c"]]
    assert search.tsquery(terms) == "(a:* | b:*) & (c:*)"
    assert search.fts5_query(terms) == '("a"* OR "b"*) AND ("c"*)'


def test_the_lemmatiser_loads_its_dictionaries_once_per_process() -> None:
    search.warm_up()
    lemmatiser = search._lemmatizer()
    search.lemma.cache_clear()  # past the per-word memo: every word goes to the dictionaries again
    assert search.lemma("tilastotieteen", "fi") == "tilastotiede"
    search.warm_up()
    assert search._lemmatizer() is lemmatiser
    assert search.DICTIONARY_LOADS == {"fi": 1, "sv": 1, "en": 1}
