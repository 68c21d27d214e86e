"""The demo's pending presolicitud (make run): the cotizante's daughter's, RADICADA, with both supports; loading the
demo again answers the same one."""

from __future__ import annotations

from pypdf import PdfReader

from chalicelib import wiring
from chalicelib.affiliates import demo
from chalicelib.authorizations.presolicitudes_demo import sample_pdf
from chalicelib.authorizations.presolicitudes_types import PresolicitudState
from devstack.demo import load_pending_presolicitud
from tests.api.test_affiliates import extracts, family  # noqa: F401 (fixtures)


def test_the_demo_daughter_has_one_pending_presolicitud(family):  # noqa: F811
    load_pending_presolicitud()
    load_pending_presolicitud()
    daughter = family[demo.MENOR_1]
    [row] = wiring.presolicitud_reader().for_affiliates([daughter.ref])
    assert (row.numero_presolicitud, row.estado) == ("PS-2026-000001", PresolicitudState.RADICADA.value)
    [queued] = wiring.presolicitudes_queue().page(None, limit=10, cursor=None).presolicitudes
    assert [f.tipo_soporte for f in queued.archivos] == ["HISTORIA CLINICA VIGENTE", "SOLICITUD MEDICA VIGENTE"]


def test_the_sample_files_are_pdfs_a_reader_opens(tmp_path):
    path = tmp_path / "hc.pdf"
    path.write_bytes(sample_pdf("Historia clinica"))
    assert "Historia clinica" in PdfReader(path).pages[0].extract_text()
