// Consulta Pagos (seed 002 §5): por rango de fechas, por número de pago, por factura; detalle en CSV.
import { download, get, type Schemas } from "../api";
import { route } from "../app";
import { button, formError, h, table, values } from "../dom";
import { date, integer, pesos, todayColombian } from "../format";
import { onSubmit, text } from "../forms";
import { helpLink } from "../help";
import { apiDate, dateField, fileButton, modeTabs, Pager } from "../query-ui";

const HEAD = ["NIT", "Tipo de pago", "Número cuenta de banco", "No. pago", "Fecha de pago", "Valor pagado"];

const detail = (numero: string) => fileButton("Detalle pago (CSV)", `del pago ${numero}`,
  () => download("/pagos/{numero_pago}/detalle", { params: { numero_pago: numero }, accept: "text/csv" }));

const paymentCells = (p: Schemas["PaymentView"]) => [p.nit, p.tipo_pago, p.numero_cuenta_banco ?? "", p.numero_pago,
  date(p.fecha_pago), pesos(p.valor_pagado)];

function byRange(results: HTMLElement): HTMLElement {
  const form = onSubmit(h("form", { class: "card" }, h("h2", {}, "Por rango de fechas"), formError(),
    h("div", { class: "grid" },
      dateField("fecha_inicio", "Fecha inicio", todayColombian(-365)),
      dateField("fecha_fin", "Fecha fin", todayColombian())),
    h("div", { class: "actions" }, button("Limpiar", () => { form.reset(); results.replaceChildren(); }, { kind: "secondary" }),
      button("Consultar", undefined, { type: "submit" }))), async () => {
    const v = values(form);
    const query = { fecha_inicio: apiDate("fecha_inicio", "Fecha Inicio", v.fecha_inicio),
      fecha_fin: apiDate("fecha_fin", "Fecha Fin", v.fecha_fin) };
    const body = h("div", {});
    let totals: HTMLElement | null = null;
    const pager = new Pager(async (cursor, limite) => {
      const page = await get("/pagos", { query: { ...query, limite, cursor } });
      if (!cursor) totals = h("p", { class: "totals" }, `${integer(page.total_registros)} pagos por ${pesos(page.total_valor_pagado)} en el rango`);
      body.replaceChildren(table("Pagos del rango de fechas", [...HEAD, "Detalle"],
        page.pagos.map((p) => [...paymentCells(p), detail(p.numero_pago)]), { actions: true }));
      return page.siguiente;
    });
    const controls = await pager.first();
    results.replaceChildren(h("h2", {}, "Resultados"), totals ?? "", body, controls);
  }, results);
  return form;
}

function byNumber(results: HTMLElement): HTMLElement {
  const form = onSubmit(h("form", { class: "card" }, h("h2", {}, "Por número de pago"), formError(),
    text("numero_pago", "Número de pago", { required: true, inputmode: "numeric" }),
    h("div", { class: "actions" }, button("Limpiar", () => { form.reset(); results.replaceChildren(); }, { kind: "secondary" }),
      button("Consultar", undefined, { type: "submit" }))), async () => {
    const numero = values(form).numero_pago ?? "";
    const p = await get("/pagos/{numero_pago}", { params: { numero_pago: numero || " " } });
    results.replaceChildren(h("h2", {}, "Resultados"), table("Pago consultado",
      [...HEAD, "Email soporte", "Fecha soporte", "Hora soporte", "Detalle"],
      [[...paymentCells(p), p.email_soporte ?? "", date(p.fecha_soporte), p.hora_soporte ?? "", detail(p.numero_pago)]],
      { actions: true }));
  }, results);
  return form;
}

function byInvoice(results: HTMLElement): HTMLElement {
  const form = onSubmit(h("form", { class: "card" }, h("h2", {}, "Por factura"), formError(),
    h("div", { class: "grid" }, text("prefijo", "Prefijo factura"), text("sufijo", "Sufijo factura")),
    h("div", { class: "actions" }, button("Limpiar", () => { form.reset(); results.replaceChildren(); }, { kind: "secondary" }),
      button("Consultar", undefined, { type: "submit" }))), async () => {
    const v = values(form);
    const body = h("div", {});
    const pager = new Pager(async (cursor, limite) => {
      const page = await get("/pagos/por-factura", { query: { prefijo: v.prefijo, sufijo: v.sufijo, limite, cursor } });
      body.replaceChildren(table("Pagos de la factura", [...HEAD, "Tipo documento", "Prefijo factura",
        "Sufijo factura aplicado", "Fecha factura", "Valor factura", "Valor aplicado", "IVA", "Retefuente", "Reteica",
        "Reteiva", "Otros", "Compañía", "No. radicado"], page.pagos.map((p) => [...paymentCells(p), p.tipo_documento ?? "",
        p.prefijo_factura, p.sufijo_factura_aplicado ?? "", date(p.fecha_factura), pesos(p.valor_factura),
        pesos(p.valor_aplicado), pesos(p.iva), pesos(p.retefuente), pesos(p.reteica), pesos(p.reteiva), pesos(p.otros),
        p.compania ?? "", p.no_radicado ?? ""])));
      return page.siguiente;
    });
    const controls = await pager.first();
    results.replaceChildren(h("h2", {}, "Resultados"), body, controls);
  }, results);
  return form;
}

route("/pagos", {
  title: "Consulta Pagos", menu: "PAGOS",
  render() {
    const panel = h("div", { role: "tabpanel" });
    const results = h("div", { class: "results", "aria-live": "polite" });
    const modes: Record<string, (r: HTMLElement) => HTMLElement> = { rango: byRange, numero: byNumber, factura: byInvoice };
    return h("section", {}, h("h1", {}, "Consulta Pagos"),
      modeTabs("Tipo de consulta", [["rango", "Por rango de fechas"], ["numero", "Por número de pago"], ["factura", "Por factura"]],
        (mode) => { results.replaceChildren(); panel.replaceChildren(modes[mode](results)); }),
      panel, results, helpLink("pagos"));
  },
});
