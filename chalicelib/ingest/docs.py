"""Operator documentation of the ingestion formats, generated from the schemas so it cannot drift.

    python -m chalicelib.ingest.docs > docs/ingest/README.md
"""

from __future__ import annotations

from pathlib import Path

from chalicelib.ingest.pipeline import INGEST_LIMITS as LIMITS
from chalicelib.ingest.schema import KIND_LABELS, Column, EntitySchema, Kind
from chalicelib.ingest.schemas import SCHEMAS
from chalicelib.spreadsheets.limits import thousands

SAMPLES = Path("docs/ingest/samples")
SAMPLE_ARGS = "--providers 3 --invoices-per-provider 6 --seed 7 --today 2024-12-31 --out docs/ingest/samples"
SAMPLE_COMMAND = f"python -m devstack.demodata {SAMPLE_ARGS}"
EXAMPLE_LINES = 3

INTRO = f"""\
# Cargue de datos de la EPS (ingestion)

<!-- Generated: python -m chalicelib.ingest.docs > docs/ingest/README.md (edit the schemas instead). -->

Los datos que el portal muestra (prestadores, facturas, pagos, glosas, autorizaciones) se cargan
desde extractos de los sistemas de la EPS. Un operador deja el archivo en el bucket de datos bajo
el prefijo `ingest/<entidad>/` (por ejemplo `ingest/invoices/facturas-2024-06.csv`); el proceso
valida cada fila, carga las válidas y deja un reporte con las rechazadas y su motivo.

## Reglas comunes

- **Formatos**: CSV en UTF-8 (con o sin BOM; separador `,` o `;`, se detecta solo) o XLSX (primera
  hoja). La primera fila son los nombres de las columnas; se comparan sin distinguir mayúsculas,
  tildes, espacios ni `_` (`NÚMERO_PAGO` = `Numero pago`). Una columna desconocida o una obligatoria
  ausente rechaza el archivo completo. Las columnas opcionales pueden omitirse. Filas vacías se ignoran.
- **Fechas**: `AAAA-MM-DD` o `DD/MM/AAAA` (nunca mes/día), hora de Colombia. En XLSX sirven las
  celdas con formato de fecha.
- **Valores**: pesos enteros: `1500000`, `1.500.000` o `1500000,00`; centavos distintos de cero se rechazan.
- **NIT**: con dígito de verificación (`900123456-8`, `900.123.456-8` o `9001234568`); se valida el dígito.
- **Números largos en XLSX** (sufijos, consecutivos, NIT): formatee la columna como texto, Excel
  pierde dígitos después del 15.
- **Ceros a la izquierda**: una hoja de cálculo que guarda un código como número le quita los ceros
  (`001` → `1`). Por eso los códigos de sucursal que son solo dígitos se completan a 3 dígitos
  (`1`, `01` y `001` son la sucursal `001`) y los sufijos de factura se comparan sin ceros a la
  izquierda (`0001` y `1` son la misma factura). Los demás códigos se guardan tal como vienen.
- **Prestador**: en todas las entidades, salvo la de prestadores, el NIT debe existir ya en el
  registro de prestadores; cargue primero `providers`, luego `invoices`, y después `payments` y
  `glosas` (que actualizan el valor pagado y el valor glosado de las facturas).
- **Rechazos**: una fila con errores no se carga y aparece en el reporte de rechazados (CSV para
  Excel, separador `;`) con su número de fila y la columna final "Motivo del rechazo". Una llave
  repetida dentro del mismo archivo se rechaza desde su segunda aparición.
- **Idempotencia**: cada entidad tiene una llave; cargar de nuevo un archivo no duplica nada y una
  fila corregida reemplaza a la anterior con la misma llave. Las filas que ya no vienen en el archivo
  no se borran.
- **Límites**: como máximo {LIMITS.describe()} filas de datos y {LIMITS.max_columns} columnas. En
  XLSX, además, la primera hoja con datos hasta {thousands(LIMITS.max_cells)} celdas (última fila × última
  columna con datos), {LIMITS.max_zip_entries} partes internas y
  {LIMITS.max_uncompressed_bytes // (1024 * 1024)} MB descomprimido; para más filas use CSV.
- **Archivos rechazados completos**: un archivo vacío, protegido con contraseña o de Excel 97-2003 (`.xls`) se
  rechaza diciéndolo; un libro cuya primera hoja está oculta se rechaza nombrándola (muéstrela o elimínela). Un
  archivo que solo trae el encabezado termina FALLIDO ("El archivo solo tiene el encabezado…"): no se carga nada,
  y suele ser el extracto equivocado.

Los archivos de ejemplo de `samples/` se generan con `{SAMPLE_COMMAND}`
(datos ficticios, pero consistentes entre sí).
"""


def render() -> str:
    parts = [INTRO]
    for schema in SCHEMAS.values():
        parts.append(_entity(schema))
    return "\n".join(parts)


def _entity(schema: EntitySchema) -> str:
    sample = f"samples/{schema.name}.csv"
    key_names = ", ".join(f"`{schema.column(f).name}`" for f in schema.key_fields)
    lines = [
        f"## `{schema.name}` — {schema.title}",
        "",
        schema.description,
        "",
        f"- Prefijo S3: `ingest/{schema.name}/` · ejemplo: [`{sample}`]({sample})",
        f"- Llave (única en el archivo): {key_names}",
        f"- En DynamoDB: {schema.key_description}",
        "",
        "| Columna | Tipo | Obligatoria | Longitud máx. | Notas |",
        "|---|---|---|---|---|",
        *(_column_row(c) for c in schema.columns),
        "",
        "Ejemplo:",
        "",
        "```csv",
        *_example(schema.name),
        "```",
        "",
    ]
    return "\n".join(lines)


def _column_row(column: Column) -> str:
    notes = column.description
    if column.kind is Kind.ENUM and column.choices:
        notes = "; ".join(f"`{code}` ({label})" for code, label in column.choices.items())
        notes = "Código o nombre: " + notes
    if column.aliases:
        notes = (notes + ". " if notes else "") + "También: " + ", ".join(f'"{a}"' for a in column.aliases)
    return (
        f"| {column.name} | {KIND_LABELS[column.kind]} | {'sí' if column.required else 'no'} | "
        f"{column.max_length or ''} | {notes} |"
    )


def _example(entity: str) -> list[str]:
    path = SAMPLES / f"{entity}.csv"
    if not path.exists():
        return ["(sin archivo de ejemplo)"]
    return path.read_text("utf-8").splitlines()[: EXAMPLE_LINES + 1]


if __name__ == "__main__":
    print(render(), end="")
