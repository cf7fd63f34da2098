from hypothesis import given, settings
from hypothesis import strategies as st

from citegraph.corpus.clean import (
    any_date,
    clean,
    latex_to_text,
    normalise_arxiv_id,
    normalise_doi,
    strip_html,
)


def test_latex_examples():
    assert latex_to_text(r"{\"u}ber {GNN}s \emph{x}") == "über GNNs x"
    assert latex_to_text(r"caf\'{e} costs 5% less") == "café costs 5% less"


def test_html_examples():
    assert strip_html("<p>a&nbsp;&lt;b&gt;</p>") == "a <b>"
    assert strip_html("x < y and y > z") == "x < y and y > z"


def test_ids_and_dates():
    assert normalise_doi("HTTPS://DX.DOI.ORG/10.1/AbC.") == "10.1/abc"
    assert normalise_arxiv_id("https://arxiv.org/abs/2101.00001v12") == "2101.00001"
    assert normalise_arxiv_id("not an id") == ""
    assert any_date("Sat, 31 Feb 2020 10:00:00 GMT") == ""
    assert any_date("2020-13") == "2020"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_clean_never_fails_and_is_single_spaced(text):
    out = clean(text, latex=True)
    assert out == " ".join(out.split())
    assert clean(strip_html(text)) == strip_html(text) or "&" in text or "<" in text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_ids_and_dates_never_fail(text):
    assert normalise_doi(normalise_doi(text)) == normalise_doi(text)
    assert normalise_arxiv_id(normalise_arxiv_id(text)) == normalise_arxiv_id(text)
    any_date(text)
