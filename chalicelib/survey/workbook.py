"""The report as an XLSX workbook: indicators per month × channel, counts per level, and line charts."""

from __future__ import annotations

import io

import xlsxwriter

from chalicelib.survey.questions import QUESTIONS
from chalicelib.survey.schemas import SurveyReport

INDICATOR_COLUMNS = (("Mes", "mes"), ("Canal", "canal"), ("Respuestas", "respuestas"), ("CSAT (%)", "csat"),
                     ("CES (% fácil)", "ces"), ("CES promedio (1 a 5)", "ces_promedio"),
                     ("NPS (puntos porcentuales)", "nps"), ("Resuelto (%)", "resuelto"),
                     ("Promotores", "promotores"), ("Pasivos", "pasivos"), ("Detractores", "detractores"))
CHARTS = (("CSAT (%)", 3), ("CES (% fácil)", 4), ("NPS (puntos porcentuales)", 6), ("Resuelto (%)", 7))
LABELS = {(q.key, o.level): o.label for q in QUESTIONS for o in q.options}


def _cell(sheet, row: int, col: int, value) -> None:
    if value is None:
        sheet.write_blank(row, col, None)
    elif isinstance(value, str):
        sheet.write_string(row, col, value)
    else:
        sheet.write_number(row, col, value)


def build(report: SurveyReport) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    indicators = book.add_worksheet("Indicadores")
    indicators.write_row(0, 0, [title for title, _ in INDICATOR_COLUMNS], bold)
    for row, line in enumerate(report.filas, start=1):
        for col, (_, field) in enumerate(INDICATOR_COLUMNS):
            _cell(indicators, row, col, getattr(line, field))
    indicators.set_column(0, len(INDICATOR_COLUMNS) - 1, 16)

    counts = book.add_worksheet("Conteos")
    counts.write_row(0, 0, ["Mes", "Canal", "Pregunta", "Nivel", "Respuestas"], bold)
    row = 1
    for line in report.filas:
        for question in QUESTIONS:
            for option in question.options:
                for col, value in enumerate((line.mes, line.canal, question.text, option.label,
                                             line.conteos[question.key][option.level])):
                    _cell(counts, row, col, value)
                row += 1

    charts = book.add_worksheet("Gráficos")
    months = len(report.filas) // max(len(report.canales), 1)
    for position, (title, col) in enumerate(CHARTS):
        chart = book.add_chart({"type": "line"})
        for block, channel in enumerate(report.canales):
            first, last = 1 + block * months, block * months + months
            chart.add_series({"name": channel, "categories": ["Indicadores", first, 0, last, 0],
                              "values": ["Indicadores", first, col, last, col], "marker": {"type": "circle"}})
        chart.set_title({"name": title})
        chart.show_blanks_as("gap")  # a month without answers is no data, not 0
        charts.insert_chart(position * 16, 0, chart)
    book.close()
    return out.getvalue()
