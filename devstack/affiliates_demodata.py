"""The affiliates' demo extracts (afiliados, grupo_familiar, planes_pac, documentos_pendientes): the family and the
unregistered people of chalicelib/affiliates/demo.py, then random families around the providers' primary IPS.

Own random stream (seeded from the demo's seed), so adding affiliates changes none of the other extracts."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.affiliates import demo

Write = Callable[[str, dict], None]  # (entity, row)
STREETS = ("CALLE", "CARRERA", "AVENIDA", "DIAGONAL", "TRANSVERSAL")
BARRIOS = ("SAN FERNANDO", "EL PRADO", "LOS ÁLAMOS", "CIUDAD JARDÍN", "EL INGENIO", "LA FLORA", "VERSALLES")
ESTADOS = ("ACTIVO",) * 8 + ("VIGENTE", "SUSPENDIDO")


@dataclass(frozen=True)
class Site:
    nit_text: str
    code: str
    departamento: str
    ciudad: str


class AffiliatesGenerator:
    def __init__(self, seed: int, today: date, sites: Sequence[Site], catalog: dict):
        self.rng, self.today, self.sites, self.catalog = random.Random(f"{seed}/afiliados"), today, sites, catalog
        self.used: set[str] = {p.identity for p in (*demo.FAMILY, *demo.UNREGISTERED)}
        self.contracts = 100  # the demo family's contract is apart (demo.PAC_CONTRACT)

    def write(self, write: Write, families: int) -> None:
        home = self.sites[0]
        for person in demo.FAMILY:
            write("afiliados", self._demo_row(person, home, cotizante=person is demo.COTIZANTE))
        for person in demo.UNREGISTERED:
            write("afiliados", self._demo_row(person, home, cotizante=True))
        for person in demo.BENEFICIARIES:
            write("grupo_familiar", self._link(demo.COTIZANTE.doc_type, demo.COTIZANTE.doc_number, person.doc_type,
                                               person.doc_number, person.parentesco, 3 * 365))
        write("planes_pac", {
            "Tipo documento": demo.COTIZANTE.doc_type, "Número documento": demo.COTIZANTE.doc_number,
            "Plan": demo.PAC_PLAN, "Contrato": demo.PAC_CONTRACT, "Tipo documento titular": demo.COTIZANTE.doc_type,
            "Número documento titular": demo.COTIZANTE.doc_number,
            "Vigencia desde": self._ago(400), "Vigencia hasta": "", "Estado": "ACTIVO"})
        for offset, (person, support) in enumerate(demo.PENDING_DOCUMENTS):
            write("documentos_pendientes", {"Tipo documento": person.doc_type, "Número documento": person.doc_number,
                                            "Tipo de soporte": support, "Fecha": self._ago(20 + offset)})
        for _ in range(families):
            self._family(write)

    # --- the fixed demo people ---------------------------------------------------------------------
    def _demo_row(self, person: demo.DemoPerson, site: Site, *, cotizante: bool) -> dict:
        return self._row(person.doc_type, person.doc_number, (person.primer_nombre, person.segundo_nombre,
                         person.primer_apellido, person.segundo_apellido), person.genero,
                         person.birth_date(self.today), cotizante, site, person.celular, person.telefono,
                         estado="ACTIVO", tipo_cotizante=person.tipo_cotizante)

    # --- random families ---------------------------------------------------------------------------
    def _family(self, write: Write) -> None:
        rng = self.rng
        site = rng.choice(self.sites)
        surname = rng.choice(self.catalog["surnames"])
        head_type, head_number = "CC", self._number(10_000_000, 1_199_999_999)
        write("afiliados", self._random_person(head_type, head_number, surname, rng.randint(25, 70), site, True))
        if rng.random() < 0.3:
            self.contracts += 1
            write("planes_pac", {
                "Tipo documento": head_type, "Número documento": head_number,
                "Plan": rng.choice(("PAC Bienestar", "PAC Plus", "PAC Esencial")),
                "Contrato": f"PAC-{self.today.year - 1}-{self.contracts:05d}", "Tipo documento titular": head_type,
                "Número documento titular": head_number, "Vigencia desde": self._ago(rng.randint(30, 1500)),
                "Vigencia hasta": "", "Estado": rng.choice(("ACTIVO", "ACTIVO", "ACTIVO", "SUSPENDIDO"))})
        for _ in range(rng.choice((0, 1, 1, 2, 3, 4))):
            age = rng.randint(0, 30)
            doc_type = "RC" if age < 7 else "TI" if age < 18 else "CC"
            number = self._number(1_000_000_000, 1_199_999_999)
            write("afiliados", self._random_person(doc_type, number, surname, age, site, False))
            write("grupo_familiar", self._link(head_type, head_number, doc_type, number, "HIJO",
                                               rng.randint(30, 2000)))
            if age < 18 and rng.random() < 0.2:
                write("documentos_pendientes", {"Tipo documento": doc_type, "Número documento": number,
                                                "Tipo de soporte": "REGISTRO CIVIL DE NACIMIENTO" if doc_type == "RC"
                                                else "TARJETA DE IDENTIDAD", "Fecha": self._ago(rng.randint(1, 90))})

    def _random_person(self, doc_type: str, number: str, surname: str, age: int, site: Site, cotizante: bool) -> dict:
        rng, cat = self.rng, self.catalog
        female = rng.random() < 0.5
        first = rng.choice(cat["first_names_female" if female else "first_names_male"]).upper()
        born = self.today - timedelta(days=365 * age + rng.randint(0, 364))
        celular = f"3{rng.randint(0, 2)}{rng.randint(10_000_000, 99_999_999)}" if age >= 18 else None
        telefono = f"602{rng.randint(2_000_000, 8_999_999)}" if rng.random() < 0.7 else None
        return self._row(doc_type, number, (first, None, surname.upper(), rng.choice(cat["surnames"]).upper()),
                         "F" if female else "M", born, cotizante, site, celular, telefono,
                         estado=rng.choice(ESTADOS))

    # --- rows -------------------------------------------------------------------------------------
    def _row(self, doc_type: str, number: str, names: tuple, genero: str, born: date, cotizante: bool, site: Site,
             celular: str | None, telefono: str | None, *, estado: str, tipo_cotizante: str | None = None) -> dict:
        rng = self.rng
        address = f"{rng.choice(STREETS)} {rng.randint(1, 120)} # {rng.randint(1, 99)}-{rng.randint(1, 99)}"
        # drawn even when pinned, where it always was: every other value stays the one the seed gave
        drawn = rng.choice(("DEPENDIENTE", "DEPENDIENTE", "INDEPENDIENTE")) if cotizante else ""
        plain = unicodedata.normalize("NFKD", f"{names[0]}.{names[2]}".lower()).encode("ascii", "ignore").decode()
        slug = "".join(ch for ch in plain if ch.isalpha() or ch == ".")
        return {
            "Tipo documento": doc_type, "Número documento": number,
            "Primer nombre": names[0], "Segundo nombre": names[1] or "", "Primer apellido": names[2],
            "Segundo apellido": names[3] or "", "Fecha nacimiento": born.isoformat(), "Género": genero,
            "Régimen": "CONTRIBUTIVO", "Tipo afiliado": "COTIZANTE" if cotizante else "BENEFICIARIO",
            "Tipo cotizante": (tipo_cotizante or drawn) if cotizante else "",
            "Estado afiliación": estado, "Derecho": "PLENO", "Rango salarial": rng.choice("ABC") if cotizante else "",
            "Recién nacido": "S" if (self.today - born).days < 31 else "N",
            "Fecha afiliación": max(born, self.today - timedelta(days=rng.randint(200, 4000))).isoformat(),
            "NIT IPS primaria": site.nit_text, "Sucursal IPS primaria": site.code,
            "Correo": f"{slug}{number[-3:]}@correo.example.co" if celular else "", "Correo alternativo": "",
            "Teléfono residencia": telefono or "", "Teléfono adicional": "", "Celular": celular or "",
            "Celular alterno": "", "Dirección residencia": address, "Departamento residencia": site.departamento,
            "Ciudad residencia": site.ciudad, "Barrio": rng.choice(BARRIOS), "Localidad": "",
            "Dirección correspondencia": "", "Departamento correspondencia": "", "Ciudad correspondencia": "",
            "Etnia": "NINGUNO DE LOS ANTERIORES", "Escolaridad": "TECNOLÓGICA" if cotizante else "",
        }

    def _link(self, cotizante_type: str, cotizante: str, beneficiario_type: str, beneficiario: str,
              parentesco: str | None, days_ago: int) -> dict:
        return {"Tipo documento cotizante": cotizante_type, "Número documento cotizante": cotizante,
                "Tipo documento beneficiario": beneficiario_type, "Número documento beneficiario": beneficiario,
                "Parentesco": parentesco or "OTRO", "Fecha inicio": self._ago(days_ago), "Fecha fin": ""}

    def _number(self, low: int, high: int) -> str:
        while True:
            number = str(self.rng.randint(low, high))
            if all(f"{t}#{number}" not in self.used for t in ("CC", "TI", "RC")):
                self.used.update(f"{t}#{number}" for t in ("CC", "TI", "RC"))
                return number

    def _ago(self, days: int) -> str:
        return (self.today - timedelta(days=days)).isoformat()
