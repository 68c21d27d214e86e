"""The stored view "IPS primarias por municipio" (chalicelib/providers/primary_network.py): built by ingestion's derive
after a providers load, read by the affiliates' IPS change form in one GetObject; until it exists the registry is
Scanned; a build that read an older registry never replaces a newer view (moto)."""

from __future__ import annotations

from collections import Counter

import pytest

from chalicelib.common.aws import client
from chalicelib.config import get_settings
from chalicelib.ingest import service
from chalicelib.jobs.sequences import next_number
from chalicelib.providers import repository
from chalicelib.providers.models import ProviderRecord
from chalicelib.providers.primary_network import BUILD_SEQUENCE, VIEW_KEY, PrimaryIpsNetwork, PrimaryIpsStore

VALLE, CALI, PALMIRA = "Valle del Cauca", "Cali", "Palmira"


def sucursal(code: str, name: str, ciudad: str = CALI, primaria: bool = True, departamento: str = VALLE) -> dict:
    return {"code": code, "name": name, "departamento": departamento, "ciudad": ciudad,
            "direccion": f"CALLE {code}", "telefono": "6024898686", "ips_primaria": primaria}


def provider(nit: str, razon_social: str, *sucursales: dict) -> dict:
    return {"provider_id": f"NI#{nit}", "nit": nit, "razon_social": razon_social, "notification_email": None,
            "sucursales": list(sucursales)}


REGISTRY = [
    provider("900123456", "Clínica Demo del Valle S.A.S.", sucursal("001", "Sede Norte"),
             sucursal("002", "Sede Sur", primaria=False), sucursal("003", "Sede Palmira", PALMIRA)),
    provider("800111222", "Alfa IPS", sucursal("001", "Principal"), sucursal("002", "Bello", "Bello", True,
                                                                             "Antioquia")),
    provider("811000111", "Sin sede", sucursal("001", "Sin ciudad", ciudad=None)),
]


@pytest.fixture
def s3_requests(aws) -> Counter:
    """The requests the S3 and DynamoDB clients really send, by operation."""
    sent: Counter = Counter()
    for service_name in ("s3", "dynamodb"):
        client(service_name).meta.events.register("before-call", lambda model, **_: sent.update([model.name]))
    return sent


def load(*records: dict) -> None:
    service.write("providers", list(records))


def derive(store: PrimaryIpsStore | None = None) -> None:
    from chalicelib.ingest.derive import derive_primary_network

    derive_primary_network([], PrimaryIpsNetwork(store))


def names(sites) -> list[tuple[str, str]]:
    return [(site.nit, site.code) for site in sites]


def test_without_a_view_the_registry_is_scanned(s3_requests):
    load(*REGISTRY)
    network = PrimaryIpsNetwork()
    s3_requests.clear()
    assert names(network.primary_sites_in(VALLE, CALI)) == [("800111222", "001"), ("900123456", "001")]
    assert s3_requests == {"GetObject": 1, "Scan": 1} and network.requests == {"GetObject": 1, "Scan": 1}


def test_after_a_providers_load_the_view_answers_in_one_get_object_what_the_registry_says(s3_requests):
    load(*REGISTRY)
    scanned = {place: PrimaryIpsNetwork().primary_sites_in(*place)
               for place in ((VALLE, CALI), (VALLE, PALMIRA), ("Antioquia", "Bello"), (VALLE, "Tuluá"), ("X", "Y"))}
    derive()
    network = PrimaryIpsNetwork()
    s3_requests.clear()
    assert {place: network.primary_sites_in(*place) for place in scanned} == scanned
    assert s3_requests == {"GetObject": len(scanned)}  # one request per municipio asked, no DynamoDB read
    assert [s.name for s in scanned[VALLE, CALI]] == ["Principal", "Sede Norte"]  # by razón social, then name
    assert scanned["X", "Y"] == [] and scanned[VALLE, "Tuluá"] == []


def test_the_derive_runs_after_each_providers_load_and_shows_the_newest_registry(aws):
    load(*REGISTRY)
    service.derive("providers", [])
    load(provider("900123456", "Clínica Demo del Valle S.A.S.", sucursal("001", "Sede Norte", primaria=False)))
    service.derive("providers", [])
    assert names(PrimaryIpsNetwork().primary_sites_in(VALLE, CALI)) == [("800111222", "001")]
    assert PrimaryIpsNetwork().primary_sites_in(VALLE, PALMIRA) == []


def test_a_build_leaves_the_registry_as_it_was_and_a_lost_view_sends_reads_back_to_it(aws):
    load(*REGISTRY)
    derive()
    assert sorted(p.provider_id for p in ProviderRecord.scan()) == sorted(r["provider_id"] for r in REGISTRY)
    assert sum(map(len, repository.registry_pages())) == 6  # every sucursal
    client("s3").delete_object(Bucket=get_settings().data_bucket, Key=VIEW_KEY)
    assert names(PrimaryIpsNetwork().primary_sites_in(VALLE, CALI)) == [("800111222", "001"), ("900123456", "001")]


class _LateStore(PrimaryIpsStore):
    """The real store, with `during_put` run once at the start of the next put: another build finishing while this
    one was reading."""

    def __init__(self):
        super().__init__()
        self.during_put = None

    def put(self, generation, view):
        interleaved, self.during_put = self.during_put, None
        if interleaved:
            interleaved()
        return super().put(generation, view)


def test_a_build_that_read_an_older_registry_and_finishes_last_is_dropped(aws):
    load(*REGISTRY)
    late = _LateStore()

    def newer_load_and_its_derive():
        load(provider("900123456", "Clínica Demo del Valle S.A.S.", sucursal("001", "Sede Norte", primaria=False)))
        derive()

    late.during_put = newer_load_and_its_derive
    assert PrimaryIpsNetwork(late).refresh() is False
    assert names(PrimaryIpsNetwork().primary_sites_in(VALLE, CALI)) == [("800111222", "001")]


def test_a_newer_build_replaces_the_view_of_an_older_one(aws):
    load(*REGISTRY)
    derive()
    load(provider("800111222", "Alfa IPS", sucursal("001", "Principal", primaria=False)))
    assert PrimaryIpsNetwork().refresh() is True
    assert names(PrimaryIpsNetwork().primary_sites_in(VALLE, CALI)) == [("900123456", "001")]


def test_a_build_whose_write_races_another_compares_again_before_replacing(aws):
    """Between the look at the stored view and the conditional write, another build writes: the write is refused
    (412), the stored number read again, and the higher-numbered build's view kept whichever finished last."""
    load(*REGISTRY)
    derive()  # build 1 stored
    older = next_number(BUILD_SEQUENCE)  # build 2 read the registry, and is slow
    s3, writes = client("s3"), []

    def older_build_writes_first(params, **_):
        writes.append((params["Metadata"]["generation"], "IfMatch" if "IfMatch" in params else "IfNoneMatch"))
        if writes == [("3", "IfNoneMatch"), ("3", "IfMatch")]:
            PrimaryIpsStore().put(older, {VALLE: {CALI: [["1", "001", "Vieja", "Vieja", None, None]]}})

    s3.meta.events.register("provide-client-params.s3.PutObject", older_build_writes_first)
    load(provider("800111222", "Alfa IPS", sucursal("001", "Principal", primaria=False)))
    assert PrimaryIpsNetwork().refresh() is True  # build 3: refused once, then replaces build 2's view
    assert writes == [("3", "IfNoneMatch"), ("3", "IfMatch"), ("2", "IfNoneMatch"), ("2", "IfMatch"),
                      ("3", "IfMatch")]  # build 3's first IfMatch was refused: build 2 had written in between
    assert names(PrimaryIpsNetwork().primary_sites_in(VALLE, CALI)) == [("900123456", "001")]
    assert PrimaryIpsStore().put(older, {}) is False  # and build 2, retried, cannot come back
