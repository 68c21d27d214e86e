"""What the copay payments (PAY) read and write of the authorisations: `OpsLedger` (the OPS a payment settles) and
`OfficeCopays` (the copays paid at offices, for the payments' history). People arrive as refs (the caller checked
they may act for them); an unknown ref or number is simply nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.authorizations.ports import OpsStore
from chalicelib.authorizations.service import check_number
from chalicelib.authorizations.types import OfficeCopay, PayableOps
from chalicelib.common.errors import NotFound

DEFAULT_CONCEPT = "Copagos o cuotas moderadoras"


class OpsLedger:
    def __init__(self, directory: AffiliateDirectory, store: OpsStore):
        self._directory, self._store = directory, store

    def payable(self, affiliate_ref: str, numero_autorizacion: str) -> PayableOps | None:
        """The OPS as a payment sees it (whatever its state: the payment decides), or None."""
        person = self._directory.find_by_ref(affiliate_ref)
        try:
            numero = check_number(numero_autorizacion)
        except NotFound:
            return None
        found = self._store.ops([(person.identity, numero)]) if person else []
        if not found:
            return None
        ops = found[0]
        return PayableOps(numero_autorizacion=ops.numero_autorizacion, affiliate_ref=affiliate_ref,
                          valor_cuota=ops.valor_cuota, concepto=ops.concepto or DEFAULT_CONCEPT,
                          estado=ops.estado.value, vencimiento=ops.vencimiento,
                          recaudo_en_linea=ops.recaudo_en_linea)

    def mark_paid(self, affiliate_ref: str, numero_autorizacion: str, payment_id: str, at: datetime) -> bool:
        """The OPS shows ENTREGADA from now on, whatever later loads say of it; False if it already was marked."""
        person = self._directory.find_by_ref(affiliate_ref)
        if person is None:
            return False
        return self._store.mark_paid(person.identity, numero_autorizacion, payment_id, at)


class OfficeCopays:
    def __init__(self, directory: AffiliateDirectory, store: OpsStore):
        self._directory, self._store = directory, store

    def of(self, refs: Iterable[str]) -> list[OfficeCopay]:
        found = []
        for ref in dict.fromkeys(refs):
            person = self._directory.find_by_ref(ref)
            if person is not None:
                found.extend(self._store.copays_of(person.identity, ref))
        return sorted(found, key=lambda c: (c.fecha, c.recibo), reverse=True)
