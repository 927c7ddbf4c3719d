"""Contract documents rendered from templates held as data: Jinja2 (autoescaped) to HTML, and fpdf2
(pure Python) from the same HTML to the PDF that is hashed and signed.

The template is ``contract_templates/<commodity code, lower case>.html.j2``, else the one for the
code's family (the part before the first ``-``, e.g. ``cotton`` for ``COTTON-SHANKAR6``), else
``default.html.j2``. The PDF is repeatable: its creation date is the terms' effective time and fpdf2
derives the file identifier from the content, so the same terms always give the same SHA-256.
"""

from __future__ import annotations

import re
from pathlib import Path

from fpdf import FPDF
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape

from backend.modules.trading.application.contract_ports import ContractDocument, RenderedContract

TEMPLATES = Path(__file__).parent / "contract_templates"
DEFAULT = "default.html.j2"
PDF_PART = re.compile(r"<!--pdf-->(.*)<!--/pdf-->", re.DOTALL)
SAFE_NAME = re.compile(r"[^a-z0-9_]+")


class JinjaContractRenderer:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        self._env = Environment(
            loader=FileSystemLoader(templates),
            autoescape=select_autoescape(["html.j2", "html"], default=True),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )

    def _candidates(self, commodity_code: str) -> list[str]:
        code = commodity_code.strip().lower()
        names = [SAFE_NAME.sub("_", code), SAFE_NAME.sub("_", code.split("-", 1)[0])]
        return [f"{name}.html.j2" for name in dict.fromkeys(names) if name.strip("_")] + [DEFAULT]

    def render(self, document: ContractDocument) -> RenderedContract:
        for name in self._candidates(document.commodity_code):
            try:
                template = self._env.get_template(name)
            except TemplateNotFound:
                continue
            html = template.render(d=document)
            return RenderedContract(template=name, html=html, pdf=_pdf(html, document))
        raise RuntimeError(f"no contract template, not even {DEFAULT}, in {TEMPLATES}")


def _pdf(html: str, document: ContractDocument) -> bytes:
    found = PDF_PART.search(html)
    body = found.group(1) if found else html
    pdf = FPDF(format="A4")
    pdf.set_creation_date(document.effective_at)
    pdf.set_title(f"Contract {document.trade_number} v{document.contract_version}")
    pdf.set_author("Mandi")
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    # the core fonts cover Latin-1; anything else (a rupee sign, Devanagari) shows as '?' in the PDF
    # while the HTML keeps it
    pdf.write_html(body.encode("latin-1", "replace").decode("latin-1"))
    return bytes(pdf.output())
