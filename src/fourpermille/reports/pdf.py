"""HTML to PDF: the one route every printable document of the platform takes (the STC's assessment report,
its letter of support, the MRV verification report). A document is written once, as HTML with print CSS
(``@page``); WeasyPrint lays it out as PDF, so the page shown in the browser and the PDF are one layout."""

from __future__ import annotations


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """PDF bytes of an HTML document (images inline as ``data:`` URIs or under ``base_url``)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()
