// Gestión de glosas (seed 002 §8): por número de conciliación, por rango de fechas, por factura; detalle XLSX.
import { download, get, type Schemas } from "../api";
import { route } from "../app";
import { button, formError, h, table, values } from "../dom";
import { date, integer, pesos, todayColombian } from "../format";
import { onSubmit, text } from "../forms";
import { apiDate, fileButton, modeTabs } from "../query-ui";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function caratula(list: Schemas["ConciliationList"]): HTMLElement {
  return table("Carátula de conciliaciones", ["Conciliación", "Fecha notificación", "Facturas", "Notas débito",
    "Detalles", "Valor glosado", "Detalle"], list.conciliaciones.map((c) => [c.conciliacion, date(c.fecha_notificacion),
    integer(c.cantidad_facturas), integer(c.cantidad_notas_debito), integer(c.cantidad_detalles), pesos(c.valor_glosado),
    fileButton("Descargar XLSX", `de la conciliación ${c.conciliacion}`,
      () => download("/glosas/conciliaciones/{conciliacion}/detalle", { params: { conciliacion: c.conciliacion }, accept: XLSX }))]));
}

function queryForm(title: string, fields: HTMLElement[], results: HTMLElement,
  run: (v: Record<string, string>) => Promise<Schemas["ConciliationList"]>): HTMLElement {
  const form = onSubmit(h("form", { class: "card" }, h("h2", {}, title), formError(), h("div", { class: "grid" }, ...fields),
    h("div", { class: "actions" }, button("Limpiar", () => { form.reset(); results.replaceChildren(); }, { kind: "secondary" }),
      button("Consultar", undefined, { type: "submit" }))), async () => {
    results.replaceChildren(h("h2", {}, "Resultados"), caratula(await run(values(form))));
  });
  return form;
}

route("/glosas", {
  title: "Gestión de glosas", menu: "GLOSAS",
  render() {
    const panel = h("div", { role: "tabpanel" });
    const results = h("div", { class: "results", "aria-live": "polite" });
    const modes: Record<string, () => HTMLElement> = {
      conciliacion: () => queryForm("Por número de conciliación",
        [text("conciliacion", "Número de conciliación", { required: true })], results,
        (v) => get("/glosas/conciliaciones/{conciliacion}", { params: { conciliacion: v.conciliacion || " " } })),
      fechas: () => queryForm("Por rango de fechas", [
        text("fecha_inicio", "Fecha inicio", { required: true, value: todayColombian(-365), hint: "DD/MM/AAAA" }),
        text("fecha_fin", "Fecha fin", { required: true, value: todayColombian(), hint: "DD/MM/AAAA" })], results,
      (v) => get("/glosas/conciliaciones", { query: {
        fecha_inicio: apiDate("fecha_inicio", "Fecha Inicio", v.fecha_inicio), fecha_fin: apiDate("fecha_fin", "Fecha Fin", v.fecha_fin) } })),
      factura: () => queryForm("Por número de factura", [text("prefijo", "Prefijo factura"), text("sufijo", "Sufijo factura")],
        results, (v) => get("/glosas/por-factura", { query: { prefijo: v.prefijo, sufijo: v.sufijo } })),
    };
    return h("section", {}, h("h1", {}, "Gestión de glosas"),
      modeTabs("Tipo de consulta", [["conciliacion", "Por número de conciliación"], ["fechas", "Por rango de fechas"],
        ["factura", "Por número de factura"]], (mode) => { results.replaceChildren(); panel.replaceChildren(modes[mode]()); }),
      panel, results);
  },
});
