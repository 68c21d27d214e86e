"""The reads of a reconciliation are planned for the whole file and counted (moto)."""

from __future__ import annotations

import boto3

from chalicelib.cartera.eps_reads import EpsReads
from chalicelib.eps.models import Invoice, InvoiceTotals
from chalicelib.eps.repository import InvoiceRepository

PROVIDER = "NI#900123456"


def _invoices(count: int) -> None:
    with Invoice.batch_write() as batch:
        for n in range(count):
            batch.save(Invoice(PROVIDER, f"FE#{n:05d}", prefijo="FE", sufijo=str(n), numero_factura=f"FE{n}",
                               fecha_factura="2024-01-15", valor_factura=n, estado="radicada"))
    with InvoiceTotals.batch_write() as batch:
        batch.save(InvoiceTotals(PROVIDER, "FE#00001", valor_pagado=0, valor_glosado=0))


def _reads(dynamodb) -> EpsReads:
    return EpsReads(InvoiceRepository(dynamodb))


def test_a_few_keys_cost_one_page_of_the_partition_per_table(aws):
    _invoices(50)
    reads = _reads(boto3.client("dynamodb", region_name="us-east-1"))
    view = reads.invoices(PROVIDER, ["FE#00001", "FE#00002", "FE#99999"])
    assert set(view) == {"FE#00001", "FE#00002"} and view["FE#00002"].valor_factura == 2
    assert reads.requests == {"Query": 2}  # invoices and totals: one page each, no per-row request


def test_a_large_partition_is_read_no_further_than_batch_gets_would_cost(aws, monkeypatch):
    _invoices(300)
    client = boto3.client("dynamodb", region_name="us-east-1")
    query = client.query
    monkeypatch.setattr(client, "query", lambda **kw: query(**{**kw, "Limit": 100}))  # 1 MB pages, made small
    reads = _reads(client)
    keys = [f"FE#{n:05d}" for n in range(0, 300, 3)]  # 100 keys: BatchGetItem would take 1 request
    view = reads.invoices(PROVIDER, keys)
    assert len(view) == 100
    # invoices: 1 page (budget 1) then BatchGetItem for the keys past it; totals: 1 page, complete
    assert reads.requests == {"Query": 2, "BatchGetItem": 1}
