"""Format detection: structured data that no reader knows is an unknown format (each
reader's own tests are in test_<reader>.py)."""

from __future__ import annotations

import pytest

from comments.model.errors import InputError
from comments.io.readers import detect


@pytest.mark.parametrize("head", ['{"foo": 1}', "<?xml version='1.0'?><note/>", "[1, 2, 3]"])
def test_structured_data_no_reader_knows_is_unknown_format(head):
    with pytest.raises(InputError, match="unknown format"):
        detect(head)
