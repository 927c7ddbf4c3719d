"""Contract documents rendered from templates held as data: Jinja2 (autoescaped) to HTML, and fpdf2
(pure Python) from the same HTML to the PDF that is hashed and signed.

The template is ``contract_templates/<commodity code, lower case>.html.j2``, else the one for the
code's family (the part before the first ``-``, e.g. ``cotton`` for ``COTTON-SHANKAR6``), else
``default.html.j2``. The PDF embeds Unicode fonts (``contract_fonts``), so a rupee sign or Devanagari
prints as in the HTML. It is repeatable: its creation date is the terms' effective time, fpdf2 derives
the file identifier from the content and subsets the fonts the same way each time, so the same terms
(and font files) always give the same SHA-256.
"""

from __future__ import annotations

import re
from pathlib import Path

from fpdf import FPDF
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape

from backend.modules.trading.application.contract_ports import ContractDocument, RenderedContract
from backend.modules.trading.infrastructure.contract_fonts import ContractFonts, find_contract_fonts

TEMPLATES = Path(__file__).parent / "contract_templates"
DEFAULT = "default.html.j2"
PDF_PART = re.compile(r"<!--pdf-->(.*)<!--/pdf-->", re.DOTALL)
SAFE_NAME = re.compile(r"[^a-z0-9_]+")


class JinjaContractRenderer:
    def __init__(self, templates: Path = TEMPLATES, font_dir: Path | None = None) -> None:
        """``font_dir`` (the ``contract_font_dir`` setting, ``MANDI_CONTRACT_FONT_DIR``) is searched for
        the PDF fonts before the system folders."""
        self._env = Environment(
            loader=FileSystemLoader(templates),
            autoescape=select_autoescape(["html.j2", "html"], default=True),
            undefined=StrictUndefined,
            keep_trailing_newline=True,
        )
        self._font_dir = font_dir
        self._fonts: ContractFonts | None = None

    def fonts(self) -> ContractFonts:
        """The PDF fonts, found on first use (a missing font fails the render, not the app's start)."""
        if self._fonts is None:
            self._fonts = find_contract_fonts(self._font_dir)
        return self._fonts

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
            return RenderedContract(template=name, html=html, pdf=_pdf(html, document, self.fonts()))
        raise RuntimeError(f"no contract template, not even {DEFAULT}, in {TEMPLATES}")


def _pdf(html: str, document: ContractDocument, fonts: ContractFonts) -> bytes:
    found = PDF_PART.search(html)
    body = found.group(1) if found else html
    pdf = FPDF(format="A4")
    pdf.set_creation_date(document.effective_at)
    pdf.set_title(f"Contract {document.trade_number} v{document.contract_version}")
    pdf.set_author("Mandi")
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    fonts.apply(pdf)
    pdf.write_html(body)
    return bytes(pdf.output())
