"""How the financial documents write money, dates and periods (Colombian usage)."""

from __future__ import annotations

from datetime import date

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")


def pesos(value: int) -> str:
    """1234567 → "$ 1.234.567"."""
    return f"$ {value:,}".replace(",", ".")


def fecha(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def fecha_informe(day: date) -> str:
    """The AFP report's own form (seed 003 line 1014): 2016/12/12."""
    return f"{day:%Y/%m/%d}"


def periodo(text: str) -> str:
    """"2026-03" → "marzo de 2026"."""
    year, month = text.split("-")
    return f"{MONTHS[int(month) - 1]} de {year}"


def yes_no(value: bool) -> str:
    return "Sí" if value else "No"
