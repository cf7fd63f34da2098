import doctest

import pytest

from citegraph.corpus import dates
from citegraph.graph import analysis, citations, report, time, weights


@pytest.mark.parametrize("module", [weights, analysis, time, citations, report, dates])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted and not result.failed
