"""Request body and views of the survey and its report (Spanish field names, as the portal shows them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from chalicelib.common.validation import RequestModel
from chalicelib.survey.questions import RECOMMENDATION

RANGE_MESSAGE = "Debe ser un número entero de 0 a 10. Valores válidos: " + ", ".join(RECOMMENDATION.levels)


class SurveyAnswerBody(RequestModel):
    """The four answers; every one is required (the seed's form records the four together)."""

    satisfaccion: Literal["INSATISFECHO", "POCO_SATISFECHO", "NEUTRO", "SATISFECHO", "MUY_SATISFECHO"]
    facilidad: Literal["MUY_DIFICIL", "DIFICIL", "NEUTRO", "FACIL", "MUY_FACIL"]
    recomendacion: int
    resuelto: Literal["SI", "NO"]

    @field_validator("recomendacion", mode="before")
    @classmethod
    def _zero_to_ten(cls, value):
        # Strict: 7.0, "7" and true are refused rather than read as 7 or 1.
        if type(value) is not int or not 0 <= value <= 10:
            raise ValueError(RANGE_MESSAGE)
        return value

    def levels(self) -> dict[str, str]:
        return {"satisfaccion": self.satisfaccion, "facilidad": self.facilidad,
                "recomendacion": str(self.recomendacion), "resuelto": self.resuelto}


class OptionView(BaseModel):
    valor: str | int = Field(description="El valor que se envía en la respuesta: un código, o un número entero "
                                          "(0 a 10) en `recomendacion`")
    etiqueta: str


class QuestionView(BaseModel):
    clave: str
    pregunta: str
    ayuda: str | None
    opciones: list[OptionView]


class SurveyOffer(BaseModel):
    ofrecer: bool  # open the survey by itself now
    puede_responder: bool  # the "Encuesta" icon accepts an answer (false once answered in the period)
    periodo: str  # "AAAA-MM", calendar month in Bogotá
    proxima_fecha: str | None  # when it is offered again, if not now (Bogotá date)
    preguntas: list[QuestionView]


class SurveyReceipt(BaseModel):
    mensaje: str
    periodo: str
    proxima_fecha: str


class IndicatorRow(BaseModel):
    mes: str
    canal: str
    respuestas: int
    csat: float | None  # % Satisfecho + Muy Satisfecho
    ces: float | None  # % Fácil + Muy Fácil
    ces_promedio: float | None  # mean ease, 1 (Muy difícil) to 5 (Muy Fácil)
    nps: float | None  # % promoters (9–10) − % detractors (0–6), percentage points
    resuelto: float | None  # % "Sí"
    promotores: int
    pasivos: int
    detractores: int
    conteos: dict[str, dict[str, int]]  # question → level → answers


class SurveySeries(BaseModel):
    indicador: str
    canal: str
    unidad: str
    etiquetas: list[str]
    valores: list[float | None]  # null: no answers that month


class SurveyReport(BaseModel):
    desde: str
    hasta: str
    canales: list[str]
    filas: list[IndicatorRow]
    series: list[SurveySeries]

    @property
    def records_read(self) -> int:
        return sum(row.respuestas for row in self.filas)
