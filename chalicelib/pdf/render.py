"""The one place that knows the PDF library (reportlab): a `DocumentSpec` drawn on letter pages with the EPS's
letterhead, "Vigilado Supersalud", the Bogotá date and time, "Usuario Generación" and the verification code
with its QR on every page. Fonts are embedded TrueType (reportlab's Vera), so accents print everywhere."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.graphics.barcode import code128, qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from chalicelib.pdf.spec import Barcode, Block, DocumentSpec, Fields, Heading, Paragraph, Table

FONT, BOLD = "OV-Sans", "OV-Sans-Bold"
BRAND = colors.HexColor("#0b5394")
_CELL_PADDING = 4
_QR_FORM = "verification-qr"


@dataclass(frozen=True, slots=True)
class Letterhead:
    eps_name: str
    eps_nit: str
    verify_url: str  # the public verification page; the QR carries it with the code


@dataclass(frozen=True, slots=True)
class Stamp:
    """What the issuer adds to a spec: the code and the instant printed on every page."""
    code: str
    issued_at: datetime  # America/Bogota


@cache
def _fonts() -> None:
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "VeraBd.ttf")))


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=13, leading=16, textColor=BRAND, spaceAfter=6),
        "heading": ParagraphStyle("heading", fontName=BOLD, fontSize=10, leading=13, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, spaceAfter=4),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=7.5, leading=9.5, spaceAfter=3),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9),
        "head": ParagraphStyle("head", fontName=BOLD, fontSize=7.5, leading=9, textColor=colors.white),
    }


def render(spec: DocumentSpec, letterhead: Letterhead, stamp: Stamp) -> bytes:
    _fonts()
    styles = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=32 * mm,
                            bottomMargin=34 * mm, title=spec.title, author=letterhead.eps_name,
                            subject=f"{spec.kind} {stamp.code}", creator="Oficina Virtual", invariant=1)
    story: list[Flowable] = [RLParagraph(escape(spec.title), styles["title"])]
    for block in spec.blocks:
        story.extend(_flowables(block, styles, doc.width))
    page = _PageDecoration(spec, letterhead, stamp)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


def _flowables(block: Block, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    match block:
        case Heading(text):
            return [RLParagraph(escape(text), styles["heading"])]
        case Paragraph(text, small):
            return [RLParagraph(escape(text), styles["small" if small else "body"])]
        case Fields(pairs):
            return [_fields(pairs, styles, width)]
        case Table():
            return [_table(block, styles, width), Spacer(1, 4)]
        case Barcode():
            return [KeepTogether([_barcode(block), RLParagraph(escape(block.caption), styles["small"])])]
    raise TypeError(f"unknown block {block!r}")


def _fields(pairs: tuple[tuple[str, str], ...], styles: dict[str, ParagraphStyle], width: float) -> Flowable:
    cells = [[RLParagraph(f"<b>{escape(label)}:</b> {escape(value)}", styles["body"])] for label, value in pairs]
    if len(pairs) > 1:  # two per line
        cells = [[cells[i][0], cells[i + 1][0] if i + 1 < len(cells) else ""] for i in range(0, len(cells), 2)]
    table = RLTable(cells, colWidths=[width / len(cells[0])] * len(cells[0]))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _table(block: Table, styles: dict[str, ParagraphStyle], width: float) -> Flowable:
    head = [RLParagraph(escape(c), styles["head"]) for c in block.columns]
    cell = styles["cell"]
    widths = _column_widths(block, cell.fontSize, width)
    # A cell that fits its column on one line is drawn as a plain string: a paragraph per cell costs ten times
    # more, and a long history (a thousand rows) must stay well under a second.
    body = [[v if "\n" not in v and stringWidth(v, FONT, cell.fontSize) <= w - 2 * _CELL_PADDING
             else RLParagraph(escape(v), cell) for v, w in zip(row, widths, strict=True)] for row in block.rows]
    if not body:
        body = [[RLParagraph(escape(block.empty_text), cell)] + [""] * (len(head) - 1)]
    rows = [head, *body]
    style = [("BACKGROUND", (0, 0), (-1, 0), BRAND), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 1), (-1, -1), FONT, cell.fontSize, cell.leading),
             ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
             ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.whitesmoke])]
    if block.total:
        rows.append([RLParagraph(f"<b>{escape(v)}</b>", cell) for v in block.total])
    table = RLTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _column_widths(block: Table, size: float, width: float) -> list[float]:
    """Widths in proportion to what each column holds (its longest value, its header's longest word), so a date or a
    count does not take the room of a name; no column is given more than 40 % of the page."""
    cap = 0.4 * width
    natural = [max(stringWidth(word, BOLD, size) for word in column.split() or [""]) for column in block.columns]
    for row in block.rows[:200]:  # enough rows to see a column's usual width
        for i, value in enumerate(row):
            natural[i] = max(natural[i], min(stringWidth(value, FONT, size), cap))
    natural = [n + 2 * _CELL_PADDING + 1 for n in natural]
    total = sum(natural)
    if total <= width:
        return [width * n / total for n in natural]
    # Too wide: the short columns (dates, numbers) keep their width and the long ones (names) share the rest.
    short = [n <= 1.5 * width / len(natural) for n in natural]
    rest = width - sum(n for n, s in zip(natural, short, strict=True) if s)
    wide = sum(n for n, s in zip(natural, short, strict=True) if not s)
    if rest <= 0:
        return [width * n / total for n in natural]
    return [n if s else rest * n / wide for n, s in zip(natural, short, strict=True)]


def _barcode(block: Barcode) -> Flowable:
    if block.kind == "qr":
        return _qr(block.data, 36 * mm)
    # GS1-128: Code 128 with FNC1 first; reportlab's Code128 writes FNC1 for "\xf1".
    data = block.data if block.kind == "code128" else "\xf1" + _gs1_element_string(block.data)
    return code128.Code128(data, barWidth=0.33 * mm, barHeight=14 * mm, humanReadable=False, quiet=True)


def _gs1_element_string(text: str) -> str:
    """"(415)770…(8020)12…" → the bare element string with FNC1 between variable-length elements."""
    parts = [p for p in text.replace(")", "(").split("(") if p]
    pairs = list(zip(parts[::2], parts[1::2], strict=True))
    fixed = {"415", "96"}  # Asobancaria layout: GLN (13) and date (8) are fixed; the others end with FNC1
    out = []
    for i, (ai, value) in enumerate(pairs):
        out.append(ai + value)
        if i + 1 < len(pairs) and ai not in fixed:
            out.append("\xf1")
    return "".join(out)


def _qr(data: str, size: float) -> Drawing:
    widget = qr.QrCodeWidget(data, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


class _PageDecoration:
    def __init__(self, spec: DocumentSpec, letterhead: Letterhead, stamp: Stamp) -> None:
        self.spec, self.letterhead, self.stamp = spec, letterhead, stamp
        self.qr_drawn = False

    def __call__(self, canvas, doc) -> None:
        width, height = LETTER
        left, right = doc.leftMargin, width - doc.rightMargin
        canvas.saveState()
        canvas.setFont(BOLD, 12)
        canvas.setFillColor(BRAND)
        canvas.drawString(left, height - 16 * mm, self.letterhead.eps_name)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.black)
        canvas.drawString(left, height - 21 * mm, f"NIT {self.letterhead.eps_nit}")
        canvas.drawRightString(right, height - 16 * mm, "Vigilado Supersalud")
        when = self.stamp.issued_at.strftime("%d/%m/%Y %I:%M %p").replace("AM", "a. m.").replace("PM", "p. m.")
        canvas.drawRightString(right, height - 21 * mm, f"Fecha de generación: {when} (hora de Bogotá)")
        canvas.drawRightString(right, height - 25 * mm, f"Usuario Generación: {self.spec.generated_by}")
        canvas.line(left, height - 28 * mm, right, height - 28 * mm)
        if not self.qr_drawn:  # the same QR on every page: drawn once as a form, placed on each page
            canvas.beginForm(_QR_FORM)
            _qr(f"{self.letterhead.verify_url}?codigo={self.stamp.code}", 24 * mm).drawOn(canvas, 0, 0)
            canvas.endForm()
            self.qr_drawn = True
        canvas.saveState()
        canvas.translate(left, 6 * mm)
        canvas.doForm(_QR_FORM)
        canvas.restoreState()
        canvas.drawString(left + 28 * mm, 22 * mm, f"Código de verificación: {self.stamp.code}")
        canvas.drawString(left + 28 * mm, 18 * mm, f"Verifique este documento en {self.letterhead.verify_url}")
        canvas.drawRightString(right, 10 * mm, f"Página {doc.page}")
        canvas.restoreState()
