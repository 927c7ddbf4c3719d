"""Contract PDFs carry what the HTML carries: a rupee sign and Devanagari party names and addresses come
out of the PDF's text as written (not as '?'), in every template, and the same document still gives the
same bytes. A machine without the fonts gets an error naming the Debian packages."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from backend.core.config import get_settings
from backend.modules.trading.application.contract_ports import ContractDocument, ContractParty
from backend.modules.trading.domain.locations import AddressSnapshot
from backend.modules.trading.infrastructure.contract_fonts import (
    BOLD,
    DEVANAGARI,
    REGULAR,
    ContractFontsMissing,
    find_contract_fonts,
)
from backend.modules.trading.infrastructure.contract_renderer import TEMPLATES, JinjaContractRenderer

D = Decimal
SELLER_NAME = "श्री गणेश कॉटन"  # Shri Ganesh Cotton
BUYER_NAME = "महालक्ष्मी स्पिनिंग मिल्स"  # conjuncts: क्ष्मी, स्प
ADVANCE = "₹ 5,00,000 advance, balance ₹ 1,35,05,250 within 30 days"


def _address(n: int, name: str, line1: str, city: str) -> AddressSnapshot:
    return AddressSnapshot(uuid.UUID(int=3000 + n), name, line1, city, "360001", "IN", "24", "Gujarat")


def document(commodity_code: str = "COTTON-SHANKAR6") -> ContractDocument:
    return ContractDocument(
        trade_number="TR-2026-000042",
        contract_version=1,
        terms_version=1,
        commodity_code=commodity_code,
        buyer=ContractParty(uuid.UUID(int=12), "MAHA-01", BUYER_NAME),
        seller=ContractParty(uuid.UUID(int=11), "GANESH-01", SELLER_NAME),
        quantity=D("17000"),
        unit="KG",
        price=D("60000.00"),
        price_unit="CANDY",
        currency="INR",
        amount=D("2868125.00"),
        gst_rate=D("5"),
        tax_regime="inter_state",
        cgst=D("0"),
        sgst=D("0"),
        igst=D("143406.25"),
        total=D("3011531.25"),
        delivery_date=date(2026, 6, 30),
        payment_terms=ADVANCE,
        delivery_terms="Ex-gin राजकोट",
        ship_from=_address(1, "गणेश जिनिंग", "प्लॉट 7, जी.आई.डी.सी.", "राजकोट"),
        ship_to=_address(2, "महालक्ष्मी मिल", "Survey 12, ₹-free zone", "Ahmedabad"),
        bill_to=_address(3, "Mahalaxmi Mills", "1 Ashram Road", "Ahmedabad"),
        booked_at=datetime(2026, 6, 15, 6, 0, tzinfo=UTC),
        effective_at=datetime(2026, 6, 15, 6, 0, tzinfo=UTC),
    )


def pdf_text(pdf: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def renderer() -> JinjaContractRenderer:
    return JinjaContractRenderer()


def test_the_machine_has_the_fonts() -> None:
    # fails first, naming the Debian packages, where scripts/system-packages.sh has not run
    fonts = find_contract_fonts(get_settings().contract_font_dir)
    assert [path.name for path in (fonts.regular, fonts.bold, fonts.devanagari)] == [
        REGULAR.name,
        BOLD.name,
        DEVANAGARI.name,
    ]


@pytest.mark.parametrize("template", sorted(path.name for path in TEMPLATES.glob("*.html.j2")))
def test_every_template_prints_rupees_and_devanagari_into_the_pdf(
    renderer: JinjaContractRenderer, template: str
) -> None:
    code = template.removesuffix(".html.j2").upper()
    rendered = renderer.render(document("WHEAT" if code == "DEFAULT" else code))
    assert rendered.template == template
    assert SELLER_NAME in rendered.html
    text = pdf_text(rendered.pdf)
    assert "?" not in text
    assert "₹" in text
    assert ADVANCE in text
    assert SELLER_NAME in text
    assert "राजकोट" in text
    assert "TR-2026-000042" in text
    # the fonts are embedded (subsets), not the Latin-1 core fonts
    assert b"/FontFile2" in rendered.pdf
    assert b"Helvetica" not in rendered.pdf


def test_the_same_document_gives_the_same_bytes(renderer: JinjaContractRenderer) -> None:
    first = renderer.render(document())
    # a new renderer and a fresh font subset: still the same bytes, so the signed SHA-256 holds
    again = JinjaContractRenderer().render(document())
    assert hashlib.sha256(first.pdf).hexdigest() == hashlib.sha256(again.pdf).hexdigest()
    assert first.pdf == again.pdf
    other = renderer.render(replace(document(), seller=ContractParty(uuid.UUID(int=11), None, "श्री गणेश")))
    assert other.pdf != first.pdf


def test_another_process_gives_the_same_bytes(renderer: JinjaContractRenderer) -> None:
    # API workers are separate processes with their own hash seeds: nothing in the font subsetting
    # may depend on set or dict order that the seed changes
    script = (
        "import hashlib; from tests.unit.trading.test_contract_pdf_unicode import document; "
        "from backend.modules.trading.infrastructure.contract_renderer import JinjaContractRenderer; "
        "print(hashlib.sha256(JinjaContractRenderer().render(document()).pdf).hexdigest())"
    )
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == hashlib.sha256(renderer.render(document()).pdf).hexdigest()


def test_a_machine_without_the_fonts_is_told_which_packages_to_install(tmp_path: Path) -> None:
    with pytest.raises(ContractFontsMissing) as raised:
        find_contract_fonts(tmp_path, search_system=False)
    message = str(raised.value)
    for hint in ("fonts-dejavu-core", "fonts-lohit-deva", "scripts/system-packages.sh", "MANDI_CONTRACT_FONT_DIR"):
        assert hint in message
    with pytest.raises(ContractFontsMissing, match="is not a folder"):
        find_contract_fonts(tmp_path / "nowhere")


def test_the_font_folder_setting_comes_first(tmp_path: Path) -> None:
    regular = REGULAR.system_dir / REGULAR.name
    (tmp_path / REGULAR.name).symlink_to(regular)
    fonts = find_contract_fonts(tmp_path)
    assert fonts.regular == tmp_path / REGULAR.name
    assert fonts.devanagari == DEVANAGARI.system_dir / DEVANAGARI.name
    with pytest.raises(ContractFontsMissing, match="fonts-lohit-deva"):
        find_contract_fonts(tmp_path, search_system=False)


def test_a_font_without_devanagari_is_refused(tmp_path: Path) -> None:
    # a Latin font under the Devanagari font's name would print boxes: refused before any output
    (tmp_path / DEVANAGARI.name).symlink_to(REGULAR.system_dir / REGULAR.name)
    with pytest.raises(ContractFontsMissing, match="U\\+0915"):
        JinjaContractRenderer(font_dir=tmp_path).render(document())


def test_joiners_stay_in_the_devanagari_run() -> None:
    # र्‍य (eyelash ra) needs the zero-width joiner shaped with its letters: DejaVu must not claim it,
    # or fpdf2 cuts the run there and HarfBuzz shapes the halves apart
    pdf = FPDF()
    pdf.add_page()
    find_contract_fonts(get_settings().contract_font_dir).apply(pdf)
    assert pdf.current_font is not None
    for joiner in ("\u200c", "\u200d"):
        assert ord(joiner) not in pdf.current_font.cmap
        assert pdf.get_fallback_font(joiner) == "lohitdevanagari"
