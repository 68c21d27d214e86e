"""The demo affiliates `make run` loads (devstack/demodata.py writes them into the extracts): one family to log in
with and two people to try registration with. Named here so the banner and the tests can name them.

Ages, not birth dates: the files are dated up to the day they are generated, so the minors stay minors (their
18th birthday is never within 100 days of that day) whatever day `make run` starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class DemoPerson:
    doc_type: str
    doc_number: str
    primer_nombre: str
    segundo_nombre: str | None
    primer_apellido: str
    segundo_apellido: str | None
    genero: str
    age: int  # whole years on the day the files are generated
    parentesco: str | None = None  # with the cotizante, for the family's beneficiaries
    celular: str | None = None
    telefono: str | None = None
    tipo_cotizante: str | None = None  # pinned where a screen needs it; otherwise drawn from the demo's seed

    @property
    def identity(self) -> str:
        return f"{self.doc_type}#{self.doc_number}"

    def birth_date(self, today: date) -> date:
        """`age` years and ~100 days old on `today` (29 February taken as 28)."""
        born = today - timedelta(days=100)
        try:
            return born.replace(year=born.year - self.age)
        except ValueError:
            return born.replace(year=born.year - self.age, day=28)


# An independiente: Paz y salvo PBS independientes and the PILA operators of his finances are his to try.
COTIZANTE = DemoPerson("CC", "1032456789", "LUIS", "FERNANDO", "GÓMEZ", "RUIZ", "M", 45,
                       celular="3104567890", telefono="6024898686", tipo_cotizante="INDEPENDIENTE")
CONYUGE = DemoPerson("CC", "1032456790", "MARÍA", "CAMILA", "TORRES", "LÓPEZ", "F", 43, "CONYUGE",
                     celular="3157654321", telefono="6024898686")
MENOR_1 = DemoPerson("TI", "1107123456", "SOFÍA", None, "GÓMEZ", "TORRES", "F", 12, "HIJO")
MENOR_2 = DemoPerson("RC", "1107654321", "MATEO", None, "GÓMEZ", "TORRES", "M", 5, "HIJO")
HIJO_MAYOR = DemoPerson("CC", "1006543210", "ANDRÉS", "FELIPE", "GÓMEZ", "TORRES", "M", 20, "HIJO",
                        celular="3201112233")
FAMILY = (COTIZANTE, CONYUGE, MENOR_1, MENOR_2, HIJO_MAYOR)
BENEFICIARIES = FAMILY[1:]

# Affiliates with no account: registration's "Valida" finds them. The second has no teléfono on file, so
# "Ninguna de las anteriores" is the right answer to that question.
UNREGISTERED = (
    DemoPerson("CC", "52123456", "ANA", "LUCÍA", "PÉREZ", "MORA", "F", 38, celular="3009876543",
               telefono="6023334455"),
    DemoPerson("CE", "654321", "CARLOS", None, "RAMÍREZ", None, "M", 51, celular="3112223344"),
)

PAC_PLAN = "PAC Bienestar"
PAC_CONTRACT = "PAC-2024-00017"
# (person, tipo de soporte) the EPS waits for: the minors' documents, what "Actualizar documentos" lists.
PENDING_DOCUMENTS = (
    (MENOR_1, "TARJETA DE IDENTIDAD"),
    (MENOR_2, "REGISTRO CIVIL DE NACIMIENTO"),
    (COTIZANTE, "CERTIFICADO LABORAL"),
)
