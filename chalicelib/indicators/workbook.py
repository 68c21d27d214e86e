"""The Indicadores as an XLSX a person would build in Excel: the figures per month and the seed's four charts."""

from __future__ import annotations

import io

import xlsxwriter

from chalicelib.indicators.schemas import Chart, IndicatorReport


def build(report: IndicatorReport, applied_filters: list[tuple[str, str]]) -> bytes:
    """`applied_filters`: (label, value) of every filter, as a person reads them, written above the figures."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    number = book.add_format({"num_format": "#,##0"})
    decimal = book.add_format({"num_format": "0.0"})
    sheet = book.add_worksheet("Indicadores")
    label = book.add_format({"bold": True})
    sheet.write(0, 0, f"Indicadores {report.filtros.anio}", book.add_format({"bold": True, "font_size": 14}))
    sheet.write(1, 0, "Filtros aplicados", label)
    for row, (name, value) in enumerate(applied_filters, start=2):
        sheet.write_string(row, 0, name, label)
        sheet.write_string(row, 1, value)
    sheet.write(2 + len(applied_filters), 0, report.periodo)
    header = ["Periodo", "Direccionadas", "Utilizadas", "Prestación efectiva (%)", "Oportunidad (días)"]
    top = 4 + len(applied_filters)
    sheet.write_row(top, 0, header, bold)
    columns = [report.tendencia.series[0], report.tendencia.series[1], report.prestacion_efectiva.series[0],
               report.oportunidad.series[0]]
    for row, month in enumerate(report.tendencia.etiquetas, start=top + 1):
        sheet.write(row, 0, month)
        for column, series in enumerate(columns, start=1):
            _write(sheet, row, column, series.valores[row - top - 1], number if column < 3 else decimal)
    last = top + len(report.tendencia.etiquetas)
    total_label = f"Total {report.filtros.anio}"
    sheet.write(last + 1, 0, total_label, label)
    for column, series in enumerate(columns, start=1):
        _write(sheet, last + 1, column, series.total, book.add_format(
            {"bold": True, "num_format": "#,##0" if column < 3 else "0.0"}))
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 4, 16)
    sheet.freeze_panes(top + 1, 1)

    groups = book.add_worksheet("Oportunidad por grupo")
    by_group = report.oportunidad_por_grupo
    groups.write_row(0, 0, ["Periodo", *(s.nombre for s in by_group.series)], bold)
    for row, month in enumerate(by_group.etiquetas, start=1):
        groups.write(row, 0, month)
        for column, series in enumerate(by_group.series, start=1):
            _write(groups, row, column, series.valores[row - 1], decimal)
    groups.write(len(by_group.etiquetas) + 1, 0, total_label, label)
    for column, series in enumerate(by_group.series, start=1):
        _write(groups, len(by_group.etiquetas) + 1, column, series.total, decimal)
    groups.set_column(0, len(by_group.series), 18)
    groups.freeze_panes(1, 1)

    charts = book.add_worksheet("Gráficos")
    categories = ["Indicadores", top + 1, 0, last, 0]
    placements = (("B2", _chart(book, "column", report.prestacion_efectiva, categories, [3], "%")),
                  ("J2", _chart(book, "line", report.tendencia, categories, [1, 2], "Autorizaciones")),
                  ("B20", _chart(book, "column", report.oportunidad, categories, [4], "Días")),
                  ("J20", _group_chart(book, by_group)))
    for cell, chart in placements:
        charts.insert_chart(cell, chart, {"x_scale": 1.2, "y_scale": 1.2})
    book.close()
    return buffer.getvalue()


def _write(sheet, row: int, column: int, value, fmt) -> None:
    if value is None:
        sheet.write_blank(row, column, None)
    else:
        sheet.write_number(row, column, value, fmt)


def _chart(book, kind: str, chart: Chart, categories: list, columns: list[int], axis: str):
    drawn = book.add_chart({"type": kind})
    for column in columns:
        series = {"name": ["Indicadores", categories[1] - 1, column], "categories": categories,
                  "values": ["Indicadores", categories[1], column, categories[3], column]}
        if kind == "line":
            series["marker"] = {"type": "circle"}
        drawn.add_series(series)
    drawn.set_title({"name": chart.titulo})
    drawn.set_y_axis({"name": axis})
    drawn.set_legend({"position": "bottom"})
    return drawn


def _group_chart(book, chart: Chart):
    drawn = book.add_chart({"type": "line"})
    rows = len(chart.etiquetas)
    for column, _series in enumerate(chart.series, start=1):
        drawn.add_series({"name": ["Oportunidad por grupo", 0, column],
                          "categories": ["Oportunidad por grupo", 1, 0, rows, 0],
                          "values": ["Oportunidad por grupo", 1, column, rows, column]})
    drawn.set_title({"name": chart.titulo})
    drawn.set_y_axis({"name": "Días"})
    drawn.set_legend({"position": "right"})
    drawn.show_blanks_as("span")  # a month without used authorisations has no average: join its neighbours
    return drawn
