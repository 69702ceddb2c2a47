"""WeasyPrint in a second process, for a one-shot command (`speciosa report pdf`).

Importing WeasyPrint (its C bindings, fonts and CSS machinery) costs about as much CPU as the
whole composition root, and a fresh command pays both before its first page. Started first, a
forked child imports WeasyPrint on the other core while this process opens the database and
builds the report; the child then lays out the HTML it is sent, with the very function the server
uses (`pdf_from_html`), and answers with the PDF's bytes. Where fork is not available the PDF is
made in this process, as before.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Self

JOIN_SECONDS = 10.0
# A year's report lays out in about a second; a child silent this long is stuck, not slow.
RENDER_TIMEOUT_SECONDS = 300.0


def _serve(connection: Connection) -> None:
    """The child: import WeasyPrint at once, then turn one HTML document into a PDF."""
    try:
        import weasyprint  # noqa: F401 - the import is the work done ahead of time

        from speciosa.adapters.pdf.report import pdf_from_html

        html = connection.recv()
        if html is not None:
            connection.send((True, pdf_from_html(html)))
    except BaseException as error:  # reported to the parent, which raises it as its own
        connection.send((False, f"{type(error).__name__}: {error}"))
    finally:
        connection.close()


class PdfRenderProcess:
    """`with PdfRenderProcess() as renderer: ... renderer.render(html)`; the child is always
    ended when the block is left, also when the report could not be built."""

    def __init__(self) -> None:
        self._connection: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._connection, child = context.Pipe()
            self._process = context.Process(target=_serve, args=(child,), daemon=True)
            self._process.start()
            child.close()

    def render(self, html: str) -> bytes:
        if self._connection is None:
            from speciosa.adapters.pdf.report import pdf_from_html

            return pdf_from_html(html)
        try:
            self._connection.send(html)
            if not self._connection.poll(RENDER_TIMEOUT_SECONDS):
                raise RuntimeError(
                    f"The PDF process sent nothing in {RENDER_TIMEOUT_SECONDS:g} s; it was ended."
                )
            ok, value = self._connection.recv()
        except (EOFError, OSError) as error:
            raise RuntimeError("The PDF process ended before it sent the PDF.") from error
        finally:
            self._close_connection()
        if not ok:
            raise RuntimeError(f"The PDF could not be made: {value}")
        return bytes(value)

    def _close_connection(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(OSError):  # a child that has died already
                self._connection.send(None)  # nothing to render: the child ends
            self._close_connection()
        if self._process is not None:
            self._process.join(JOIN_SECONDS)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(JOIN_SECONDS)
            self._process = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
