"""`make run`'s pending presolicitud: the demo cotizante asked for one for his daughter (seed 003 §4.2.1), through the
same service the portal uses: the terms accepted, both supports uploaded, sent with a fixed key (sent again, the
same presolicitud answers; the extra draft expires)."""

from __future__ import annotations

import base64

from chalicelib.affiliates import demo
from chalicelib.affiliates.types import AffiliatePrincipal
from chalicelib.authorizations import presolicitudes_terms as terms
from chalicelib.authorizations.presolicitudes_schemas import (
    PresolicitudDraftRequest,
    PresolicitudFileUpload,
    PresolicitudSent,
    PresolicitudSubmission,
    PresolicitudTermsAcceptance,
)
from chalicelib.authorizations.presolicitudes_service import PresolicitudService
from chalicelib.authorizations.presolicitudes_types import HISTORIA_CLINICA, SOLICITUD_MEDICA

DEMO_KEY = "demo-presolicitud-pendiente-1"
OBSERVACIONES = "Control de crecimiento y desarrollo ordenado por pediatría."


def sample_pdf(title: str) -> bytes:
    """A one-page PDF with a title (objects, cross-reference table and trailer), enough for an operator to open."""
    text = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode("latin-1")
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
               b"<</Length %d>>stream\n%s\nendstream" % (len(text), text),
               b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def load_pending(service: PresolicitudService) -> PresolicitudSent:
    """The cotizante's presolicitud for his daughter (demo.MENOR_1), RADICADA in the operators' queue."""
    me = AffiliatePrincipal(identity=demo.COTIZANTE.identity, session_id="demo", must_change_password=False)
    [daughter_ref] = [p.ref for p in service.people(me).personas if p.numero_documento == demo.MENOR_1.doc_number]
    service.accept_terms(me, PresolicitudTermsAcceptance(version=terms.TERMS_VERSION, acepto=True))
    draft = service.open_draft(me, PresolicitudDraftRequest(ref=daughter_ref, plan="PBS"))
    for tipo, name, title in ((HISTORIA_CLINICA, "historia-clinica.pdf", "Historia clinica"),
                              (SOLICITUD_MEDICA, "orden-medica.pdf", "Solicitud medica")):
        content = PresolicitudFileUpload.model_validate({"tipo_soporte": tipo, "nombre_archivo": name,
                                                  "contenido": base64.b64encode(sample_pdf(title)).decode()})
        service.upload(me, draft.borrador, content)
    return service.send(me, PresolicitudSubmission(borrador=draft.borrador, clave=DEMO_KEY,
                                                   observaciones=OBSERVACIONES))

