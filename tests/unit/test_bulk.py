"""The collector pause around bulk work."""

from __future__ import annotations

import gc

import pytest

from chalicelib.common.bulk import collector_paused


def test_the_collector_is_paused_inside_and_resumed_after_even_on_error():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("falla")
    assert gc.isenabled()


def test_an_already_paused_collector_stays_paused():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
