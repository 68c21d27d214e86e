// Indicadores (seed 002 §7): two sub-screens — Prestación efectiva (7.1) and Oportunidad prestación (7.2) — with
// the seed's multi-select filters ("Limpiar" clears them), totals and their two charts each, and the XLSX.
import { download, get, type Schemas } from "../api";
import { route } from "../app";
import { button, field, formError, h } from "../dom";
import { integer } from "../format";
import { chart } from "../chart";
import { chips } from "../chips";
import { onSubmit } from "../forms";
import { helpLink } from "../help";
import { AMBITOS, GRUPOS_SERVICIO } from "../labels";
import { fileButton } from "../query-ui";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const labelled = (table: Record<string, string>) => Object.entries(table).map(([value, label]) => ({ value, label }));
const decimal = (v: number | null, unit: string) => v === null ? "—" : `${String(v).replace(".", ",")} ${unit}`;

type View = "prestacion" | "oportunidad";
const VIEWS: Record<View, string> = { prestacion: "Prestación efectiva", oportunidad: "Oportunidad prestación" };

function report(r: Schemas["IndicatorReport"], view: View): HTMLElement[] {
  const t = r.totales;
  const facts = view === "prestacion"
    ? [["Autorizaciones direccionadas", integer(t.direccionadas)], ["Utilizadas", integer(t.utilizadas)],
      ["Prestación efectiva", decimal(t.porcentaje_prestacion_efectiva, "%")]]
    : [["Autorizaciones utilizadas", integer(t.utilizadas)], ["Oportunidad promedio", decimal(t.promedio_dias_oportunidad, "días")]];
  const charts = view === "prestacion"
    ? [chart(r.prestacion_efectiva as never), chart(r.tendencia as never, false)]
    : [chart(r.oportunidad as never), chart(r.oportunidad_por_grupo as never, false)];
  return [h("dl", { class: "facts totals" }, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    h("div", { class: "charts" }, charts)];
}

function subMenu(view: View): HTMLElement {
  return h("nav", { class: "tabs", "aria-label": "Indicadores" }, h("ul", {}, (Object.keys(VIEWS) as View[]).map((v) =>
    h("li", {}, h("a", { href: `#/indicadores/${v}`, "aria-current": v === view ? "page" : null }, VIEWS[v])))));
}

async function screen(view: View): Promise<HTMLElement> {
  const year = new Date().getFullYear();
  const first = await get("/indicadores", { query: { anio: String(year) } });
  const results = h("div", { "aria-live": "polite" }, ...report(first, view));
  const years = Array.from({ length: 6 }, (_, i) => String(year - i)).map((y) => ({ value: y, label: y }));
  const anio = field("anio", "Año", { required: true, options: years, value: String(first.filtros.anio) });
  const ambito = chips("ambito", "Ámbito", labelled(AMBITOS));
  const grupo = chips("grupo", "Grupo de servicio", labelled(GRUPOS_SERVICIO));
  const sucursal = chips("sucursal", "Sucursal", first.filtros.sucursales.map((s) => ({ value: s, label: s })));
  const query = () => ({ anio: anio.querySelector("select")!.value, ambito: ambito.values().join(","),
    grupo: grupo.values().join(","), sucursal: sucursal.values().join(",") });
  const form = onSubmit(h("form", { class: "card" }, h("h2", {}, "Filtros"), formError(),
    h("div", { class: "grid" }, anio), ambito.box, grupo.box, sucursal.box,
    h("div", { class: "actions" },
      button("Limpiar", () => {
        anio.querySelector("select")!.value = String(year);
        [ambito, grupo, sucursal].forEach((c) => c.clear());
      }, { kind: "secondary" }),
      fileButton("Descargar XLSX", "de los indicadores", () => download("/indicadores/archivo", { query: query(), accept: XLSX })),
      button("Consultar", undefined, { type: "submit" }))), async () => {
    results.replaceChildren(...report(await get("/indicadores", { query: query() }), view));
  }, results);
  return h("section", {}, subMenu(view), h("h1", {}, VIEWS[view]),
    h("p", {}, view === "prestacion"
      ? "Porcentaje de las autorizaciones direccionadas al prestador que se usaron, por mes del año elegido."
      : "Días promedio entre la generación de la autorización y su uso, por mes y por grupo de servicio."),
    form, results, helpLink("indicadores"));
}

route("/indicadores", { title: "Indicadores", menu: "INDICADORES", render: () => screen("prestacion") });
route("/indicadores/prestacion", { title: "Prestación efectiva", menu: "INDICADORES", render: () => screen("prestacion") });
route("/indicadores/oportunidad", { title: "Oportunidad prestación", menu: "INDICADORES", render: () => screen("oportunidad") });
