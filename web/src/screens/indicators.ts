// Indicadores (seed 002 §7): filters and the four charts — prestación efectiva, tendencia, oportunidad, por grupo.
import { download, get, type Schemas } from "../api";
import { route } from "../app";
import { button, field, formError, h, values } from "../dom";
import { integer } from "../format";
import { chart } from "../chart";
import { onSubmit } from "../forms";
import { fileButton } from "../query-ui";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const opts = (items: string[]) => items.map((v) => ({ value: v, label: v }));

function report(r: Schemas["IndicatorReport"]): HTMLElement[] {
  const t = r.totales;
  return [
    h("dl", { class: "facts totals" },
      h("dt", {}, "Autorizaciones direccionadas"), h("dd", {}, integer(t.direccionadas)),
      h("dt", {}, "Utilizadas"), h("dd", {}, integer(t.utilizadas)),
      h("dt", {}, "Prestación efectiva"), h("dd", {}, t.porcentaje_prestacion_efectiva === null ? "—" : `${String(t.porcentaje_prestacion_efectiva).replace(".", ",")} %`),
      h("dt", {}, "Oportunidad promedio"), h("dd", {}, t.promedio_dias_oportunidad === null ? "—" : `${String(t.promedio_dias_oportunidad).replace(".", ",")} días`)),
    h("div", { class: "charts" }, chart(r.prestacion_efectiva as never), chart(r.tendencia as never, false),
      chart(r.oportunidad as never), chart(r.oportunidad_por_grupo as never, false)),
  ];
}

route("/indicadores", {
  title: "Indicadores", menu: "INDICADORES",
  async render() {
    const year = new Date().getFullYear();
    const first = await get("/indicadores", { query: { anio: String(year) } });
    const f = first.filtros;
    const results = h("div", { "aria-live": "polite" }, ...report(first));
    const form = onSubmit(h("form", { class: "card" }, h("h2", {}, "Filtros"), formError(),
      h("div", { class: "grid" },
        field("anio", "Año", { required: true, options: opts(Array.from({ length: 6 }, (_, i) => String(year - i))), value: String(f.anio) }),
        field("ambito", "Ámbito", { options: opts(f.ambitos) }),
        field("grupo", "Grupo de servicio", { options: opts(f.grupos) }),
        field("sucursal", "Sucursal", { options: opts(f.sucursales) })),
      h("div", { class: "actions" },
        fileButton("Descargar XLSX", "de los indicadores", () => download("/indicadores/archivo",
          { query: values(form), accept: XLSX })),
        button("Consultar", undefined, { type: "submit" }))), async () => {
      results.replaceChildren(...report(await get("/indicadores", { query: values(form) })));
    });
    return h("section", {}, h("h1", {}, "Indicadores"),
      h("p", {}, "Prestación efectiva de los servicios a partir de la trazabilidad de las autorizaciones direccionadas."),
      form, results);
  },
});
