"""End to end: upload → S3 event → Lambda → Step Functions → tasks → tables, job and report."""

from __future__ import annotations

import csv
import io

from chalicelib.eps.models import Invoice
from chalicelib.providers.models import ProviderRecord
from tests import factories
from tests.pipeline.helpers import s3, upload, wait_for_job
from chalicelib.config import get_settings

INVOICE_HEADER = "NIT;Prefijo;Sufijo;Número factura;Sucursal;Fecha factura;Valor factura;Número radicado;Fecha radicación;Estado\n"


def invoices_csv(rows: list[str]) -> bytes:
    return (INVOICE_HEADER + "\n".join(rows) + "\n").encode("utf-8")


def test_a_file_with_bad_rows_is_partly_loaded_and_each_rejection_explained(pipelines):
    factories.provider("900123456")
    nit = factories.nit_with_dv("900123456")
    body = invoices_csv([
        f"{nit};FE;1001;FE1001;001;2026-10-01;1500000;RAD-1;2026-10-03;radicada",
        f"{nit};FE;1002;FE1002;001;2026-10-01;abc;RAD-2;2026-10-03;radicada",
        f"900123456-0;FE;1003;FE1003;001;2026-10-01;1000;RAD-3;2026-10-03;radicada",
        f"{factories.nit_with_dv('811222333')};FE;1004;FE1004;001;2026-10-01;1000;RAD-4;2026-10-03;radicada",
        f"{nit};FE;1001;FE1001;001;2026-10-01;1500000;RAD-1;2026-10-03;radicada",
        f"{nit};FE;;FE;001;2026-10-01;1000;RAD-6;2026-10-03;radicada",
    ])
    upload("ingest/invoices/facturas-octubre.csv", body)
    job = wait_for_job("ingest/invoices/facturas-octubre.csv")
    assert (job.status, job.total_rows, job.accepted_rows, job.rejected_rows) == ("FINALIZADO_CON_RECHAZOS", 6, 1, 5)
    assert job.written_items == 1 and job.finished_at
    assert Invoice.get("NI#900123456", "FE#1001").valor_factura == 1_500_000
    report = s3().get_object(Bucket=get_settings().data_bucket, Key=job.report_key)["Body"].read().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(report), delimiter=";"))
    reasons = {int(r["Fila"]): r["Motivo del rechazo"] for r in rows}
    assert set(reasons) == {3, 4, 5, 6, 7}
    assert "Valor factura" in reasons[3]
    assert "dígito de verificación" in reasons[4]
    assert "no existe en el registro de prestadores" in reasons[5]
    assert "duplicado" in reasons[6].lower()
    assert "Sufijo" in reasons[7]
