"""The PDF child process of `speciosa report pdf`: the same bytes as laying out in-process, ends
when it is not needed, and a child that died is an error with a message, not a hang."""

from __future__ import annotations

import os
import signal

import pytest

from speciosa.adapters.pdf import render_process
from speciosa.adapters.pdf.render_process import PdfRenderProcess
from speciosa.adapters.pdf.report import pdf_from_html

HTML = "<h1>Report</h1><p>SOWS 12 on 3 Dec 2026</p><pre>Week of   Mon  Tue</pre>"


def test_the_child_makes_the_same_pdf_as_this_process() -> None:
    with PdfRenderProcess() as renderer:
        pdf = renderer.render(HTML)
    assert pdf.startswith(b"%PDF-")
    assert pdf == pdf_from_html(HTML)


def test_a_child_sent_nothing_ends_when_the_block_is_left() -> None:
    renderer = PdfRenderProcess()
    process = renderer._process
    assert process is not None
    assert process.is_alive()
    renderer.close()
    assert not process.is_alive()
    assert process.exitcode == 0


def test_a_child_that_died_is_an_error_with_a_message() -> None:
    with PdfRenderProcess() as renderer:
        assert renderer._process is not None
        renderer._process.kill()
        renderer._process.join(10)
        with pytest.raises(RuntimeError, match="PDF process ended"):
            renderer.render(HTML)


def test_a_stuck_child_is_an_error_and_is_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_process, "RENDER_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(render_process, "JOIN_SECONDS", 0.5)
    with PdfRenderProcess() as renderer:
        process = renderer._process
        assert process is not None
        assert process.pid is not None
        os.kill(process.pid, signal.SIGSTOP)  # alive, and never answers
        with pytest.raises(RuntimeError, match=r"sent nothing in 0\.5 s"):
            renderer.render(HTML)
    assert not process.is_alive()
