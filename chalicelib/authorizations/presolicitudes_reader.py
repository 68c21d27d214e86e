"""The portal's presolicitudes as Consultar estado (helper OPS) lists them next to the OPS the EPS loads.

The caller decides whose refs may be read (the session's household); this reader only maps refs to people and
answers their presolicitudes, newest first."""

from __future__ import annotations

from collections.abc import Iterable

from chalicelib.affiliates.ports import AffiliateDirectory
from chalicelib.authorizations.presolicitudes_types import PresolicitudStore
from chalicelib.authorizations.types import PresolicitudRow


class PresolicitudReader:
    def __init__(self, directory: AffiliateDirectory, store: PresolicitudStore):
        self._directory = directory
        self._store = store

    def for_affiliates(self, refs: Iterable[str]) -> list[PresolicitudRow]:
        ref_of: dict[str, str] = {}
        for ref in dict.fromkeys(refs):
            person = self._directory.find_by_ref(ref)
            if person is not None:
                ref_of[person.identity] = ref
        found = self._store.of_affiliates(ref_of) if ref_of else []
        return [PresolicitudRow(numero_presolicitud=p.numero, affiliate_ref=ref_of[p.affiliate], fecha=p.created_at,
                                estado=p.state.value, observacion=p.observacion)
                for p in sorted(found, key=lambda p: p.created_at, reverse=True)]
