"""The fonts of contract PDFs: Unicode TrueType files, so a rupee sign or a Devanagari party name prints
as written instead of as '?'.

DejaVu Sans (regular and bold) sets the text and has the rupee sign; Lohit Devanagari is the fallback
for the letters DejaVu lacks, shaped by HarfBuzz (conjuncts, reordered and stacked matras). Each file is
looked for in ``MANDI_CONTRACT_FONT_DIR`` first, then where its Debian package installs it
(``scripts/system-packages.sh`` installs the packages). There is one file per role, never "whatever
font is around": the embedded subsets, and so the SHA-256 the parties sign, depend on the files; and a
missing file is an error naming its package, never a document of question marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

FAMILY = "DejaVuSans"
FALLBACK_FAMILY = "LohitDevanagari"
RUPEE = 0x20B9
KA = 0x0915  # DEVANAGARI LETTER KA
# The zero-width (non-)joiners pick Devanagari conjunct forms (the Marathi eyelash ra). DejaVu has glyphs
# for them, so fpdf2 would cut a Devanagari run at each one and shape the pieces apart; taken out of
# DejaVu's map they fall back with the letters around them and the run is shaped whole.
JOINERS = (0x200C, 0x200D)


@dataclass(frozen=True)
class FontFile:
    name: str
    package: str  # the Debian package that installs it
    system_dir: Path


DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = FontFile("DejaVuSans.ttf", "fonts-dejavu-core", DEJAVU_DIR)
BOLD = FontFile("DejaVuSans-Bold.ttf", "fonts-dejavu-core", DEJAVU_DIR)
DEVANAGARI = FontFile("Lohit-Devanagari.ttf", "fonts-lohit-deva", Path("/usr/share/fonts/truetype/lohit-devanagari"))
FILES = (REGULAR, BOLD, DEVANAGARI)
PACKAGES = tuple(dict.fromkeys(file.package for file in FILES))


class ContractFontsMissing(RuntimeError):
    """No usable Unicode font for contract PDFs; the message names the packages to install."""


def _install_hint() -> str:
    packages = " ".join(PACKAGES)
    return (
        f"install the Debian packages {packages} (as root: scripts/system-packages.sh, or "
        f"apt-get install -y --no-install-recommends {packages}), or set MANDI_CONTRACT_FONT_DIR to a "
        f"folder holding {', '.join(file.name for file in FILES)}"
    )


@dataclass(frozen=True)
class ContractFonts:
    regular: Path
    bold: Path
    devanagari: Path

    def apply(self, pdf: FPDF) -> None:
        """Embed the fonts in ``pdf`` (only the glyphs used), turn shaping and the Devanagari fallback
        on, and make DejaVu Sans the current font. Raises ``ContractFontsMissing`` for a file without
        the characters it is here for."""
        pdf.add_font(FAMILY, "", self.regular)
        pdf.add_font(FAMILY, "B", self.bold)
        pdf.add_font(FALLBACK_FAMILY, "", self.devanagari)
        _require(pdf, FAMILY, "", RUPEE, self.regular)
        _require(pdf, FAMILY, "B", RUPEE, self.bold)
        _require(pdf, FALLBACK_FAMILY, "", KA, self.devanagari)
        for style in ("", "B"):
            cmap = _font(pdf, FAMILY, style).cmap
            for joiner in JOINERS:
                cmap.pop(joiner, None)
        # Lohit has no bold: bold Devanagari comes out in its regular weight rather than not at all
        pdf.set_fallback_fonts([FALLBACK_FAMILY], exact_match=False)
        pdf.set_text_shaping(True)
        # Templates may use <b> and <strong>, not <i>, <em>, <code> or <pre>: there is no italic or
        # monospace face embedded, and fpdf2 refuses to render a style it has no font for.
        pdf.set_font(FAMILY, size=10)


def _font(pdf: FPDF, family: str, style: str) -> TTFFont:
    font = pdf.fonts[f"{family.lower()}{style}"]  # fpdf2's font key
    assert isinstance(font, TTFFont)
    return font


def _require(pdf: FPDF, family: str, style: str, codepoint: int, path: Path) -> None:
    if codepoint not in _font(pdf, family, style).cmap:
        raise ContractFontsMissing(f"{path} has no glyph for U+{codepoint:04X}; {_install_hint()}")


def find_contract_fonts(font_dir: Path | None, *, search_system: bool = True) -> ContractFonts:
    """Each font file from ``font_dir`` when it is there, else from its Debian package's folder (unless
    ``search_system`` is false). Raises ``ContractFontsMissing`` naming what to install."""
    if font_dir is not None and not font_dir.is_dir():
        raise ContractFontsMissing(f"MANDI_CONTRACT_FONT_DIR={font_dir} is not a folder; {_install_hint()}")
    found: list[Path] = []
    missing: list[str] = []
    for file in FILES:
        places = ([font_dir] if font_dir is not None else []) + ([file.system_dir] if search_system else [])
        path = next((place / file.name for place in places if (place / file.name).is_file()), None)
        if path is None:
            missing.append(f"{file.name} (package {file.package}, looked in {' and '.join(map(str, places))})")
        else:
            found.append(path)
    if missing:
        raise ContractFontsMissing(
            f"contract PDFs need Unicode fonts, not found: {'; '.join(missing)}; {_install_hint()}"
        )
    regular, bold, devanagari = found
    return ContractFonts(regular, bold, devanagari)
