"""The stored view "IPS primarias por municipio": every sucursal of the registry marked IPS primaria, by departamento
and municipio, in one gzip'd JSON object, so the affiliates' IPS change form reads one object (one GetObject)
instead of Scanning the registry on every visit (docs/capacity.md).

Built by ingestion's derive step after a providers load (chalicelib/ingest/derive.py), from a consistent Scan of the
registry. One object, not one per departamento: measured for 2,000 providers × 3 sucursales, all 6,000 of them
primary, it is 163 KB gzip'd and decompresses and parses in ≈ 25 ms (a third primary: 59 KB, ≈ 5 ms); per
departamento the largest would be 24 KB. That saving is not worth 33 conditional writes per build, an object for
each departamento without primary IPS, and a missing object meaning either "not built yet" or "no such departamento".
Split it by departamento if the registry grows tenfold.

A build takes its number before it reads (the sequence `vistas#ips-primarias`, chalicelib/jobs/sequences.py: one
atomic ADD) and stores it with the object; the object is
replaced only by a build numbered at least as high (a conditional PutObject on the ETag it read, retried if another
build wrote in between), so a build that read an older registry and finishes late never replaces a newer view.

The view: {departamento: {municipio: [[nit, code, razón social, name, dirección, teléfono], …]}}, each list sorted as
the form shows it (razón social, name, NIT, code).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping

from botocore.exceptions import ClientError

from chalicelib.common.aws import client
from chalicelib.common.observability import logger
from chalicelib.config import get_settings
from chalicelib.jobs.sequences import next_number
from chalicelib.providers import repository
from chalicelib.providers.repository import SucursalSite

VIEW_PREFIX = "vistas/ips-primarias/"
VIEW_KEY = f"{VIEW_PREFIX}red.json.gz"
BUILD_SEQUENCE = "vistas#ips-primarias"  # the builds' numbers
_CONFLICTS = ("PreconditionFailed", "ConditionalRequestConflict")  # another build wrote since we looked
_WRITE_ATTEMPTS = 5
# Without s3:ListBucket (which the roles do not get) S3 answers a missing object with AccessDenied, not NoSuchKey.
_MISSING = ("NoSuchKey", "404", "AccessDenied")

View = dict[str, dict[str, list[list]]]


def _order(site: SucursalSite) -> tuple:
    return site.razon_social, site.name, site.nit, site.code


def primary_view(sites: Iterable[SucursalSite]) -> View:
    """The view of the registry's sucursales (those marked IPS primaria, with a departamento and a municipio)."""
    places: defaultdict[str, defaultdict[str, list[SucursalSite]]] = defaultdict(lambda: defaultdict(list))
    for site in sites:
        if site.ips_primaria and site.departamento and site.ciudad:
            places[site.departamento][site.ciudad].append(site)
    return {departamento: {ciudad: [[s.nit, s.code, s.razon_social, s.name, s.direccion, s.telefono]
                                    for s in sorted(found, key=_order)]
                           for ciudad, found in municipios.items()}
            for departamento, municipios in places.items()}


class PrimaryIpsStore:
    """The view's one object under `vistas/ips-primarias/`, the only code that reads or writes that prefix; its
    build number travels in the object's metadata."""

    def __init__(self, s3=None, bucket: str | None = None):
        self._s3, self._bucket = s3, bucket

    def _client(self):
        return self._s3 or client("s3")

    def _bucket_name(self) -> str:
        if self._bucket is None:
            self._bucket = get_settings().data_bucket
        return self._bucket

    def put(self, generation: int, view: View) -> bool:
        """Store the view of build `generation` unless a higher-numbered build's is stored: False when dropped."""
        body = gzip.compress(json.dumps(view, ensure_ascii=False, separators=(",", ":")).encode(), compresslevel=6)
        condition = {"IfNoneMatch": "*"}
        for _ in range(_WRITE_ATTEMPTS):
            try:
                self._client().put_object(Bucket=self._bucket_name(), Key=VIEW_KEY, Body=body,
                                          ContentType="application/json", ContentEncoding="gzip",
                                          Metadata={"generation": str(generation)}, **condition)
                return True
            except ClientError as exc:
                if exc.response["Error"]["Code"] not in _CONFLICTS:
                    raise
            stored = self._client().head_object(Bucket=self._bucket_name(), Key=VIEW_KEY)
            if int(stored["Metadata"].get("generation", 0)) > generation:
                return False
            condition = {"IfMatch": stored["ETag"]}
        raise RuntimeError(f"{VIEW_KEY}: rewritten by other builds {_WRITE_ATTEMPTS} times in a row")

    def get(self) -> View | None:
        """The stored view (one GetObject), or None when none was built yet."""
        try:
            answer = self._client().get_object(Bucket=self._bucket_name(), Key=VIEW_KEY)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in _MISSING:
                return None
            raise
        return json.loads(gzip.decompress(answer["Body"].read()))


class PrimaryIpsNetwork:
    """The affiliates' IPS network (affiliates/repository.py's IpsNetwork): sites by key from the registry, the
    primary IPS of a municipio from the stored view; `requests` counts the requests by operation."""

    def __init__(self, store: PrimaryIpsStore | None = None, numbers: Callable[[str], int] = next_number):
        self._store, self._numbers = store or PrimaryIpsStore(), numbers
        self.requests: Counter = Counter()

    def refresh(self) -> bool:
        """Build the view from the registry and store it: False when a build numbered higher stored its view first."""
        generation = self._numbers(BUILD_SEQUENCE)
        return self._store.put(generation, primary_view(
            site for page in repository.registry_pages(consistent=True) for site in page))

    def sites(self, keys: Iterable[tuple[str, str]]) -> Mapping[tuple[str, str], SucursalSite]:
        return repository.sites(keys)

    def primary_sites_in(self, departamento: str, ciudad: str) -> list[SucursalSite]:
        """The sucursales marked IPS primaria in a municipio, by razón social and name."""
        self.requests["GetObject"] += 1
        view = self._store.get()
        if view is not None:
            rows = view.get(departamento, {}).get(ciudad, ())
            return [SucursalSite(nit, code, razon_social, name, direccion, telefono, departamento, ciudad, True)
                    for nit, code, razon_social, name, direccion, telefono in rows]
        # Only until the first providers load after this view was deployed builds it: the registry is Scanned, as
        # every visit did before the view existed.
        logger.warning("primary IPS view not stored yet: registry scanned", extra={"key": VIEW_KEY})
        found = []
        for page in repository.registry_pages():
            self.requests["Scan"] += 1
            found += [site for site in page
                      if site.ips_primaria and site.departamento == departamento and site.ciudad == ciudad]
        return sorted(found, key=_order)
