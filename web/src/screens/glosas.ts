// Gestión de glosas (seed 002 §8): por número de conciliación, por rango de fechas, por factura; detalle XLSX.
import { call, download, get, type Schemas } from "../api";
import { currentGeneration, route, stillShown } from "../app";
import { button, formError, h, notice, table, values } from "../dom";
import { date, dateTime, integer, pesos, todayColombian } from "../format";
import { fieldError, onSubmit, text } from "../forms";
import { helpLink } from "../help";
import { progressCell, stateCell } from "../job-cells";
import { FINISHED } from "../labels";
import { apiDate, dateField, fileButton, modeTabs } from "../query-ui";
import { fileField, postToS3, progressBar } from "../upload";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function caratula(list: Schemas["ConciliationList"]): HTMLElement {
  return table("Carátula de conciliaciones", ["Conciliación", "Fecha notificación", "Facturas", "Notas débito",
    "Detalles", "Valor glosado", "Detalle"], list.conciliaciones.map((c) => [c.conciliacion, date(c.fecha_notificacion),
    integer(c.cantidad_facturas), integer(c.cantidad_notas_debito), integer(c.cantidad_detalles), pesos(c.valor_glosado),
    fileButton("Descargar XLSX", `de la conciliación ${c.conciliacion}`,
      () => download("/glosas/conciliaciones/{conciliacion}/detalle", { params: { conciliacion: c.conciliacion }, accept: XLSX }))]),
  { actions: true });
}

function queryForm(title: string, fields: HTMLElement[], results: HTMLElement,
  run: (v: Record<string, string>) => Promise<Schemas["ConciliationList"]>): HTMLElement {
  const form = onSubmit(h("form", { class: "card" }, h("h2", {}, title), formError(), h("div", { class: "grid" }, ...fields),
    h("div", { class: "actions" }, button("Limpiar", () => { form.reset(); results.replaceChildren(); }, { kind: "secondary" }),
      button("Consultar", undefined, { type: "submit" }))), async () => {
    results.replaceChildren(h("h2", {}, "Resultados"), caratula(await run(values(form))));
  }, results);
  return form;
}

const POLL_MS = 1500;

function loadCounts(c: Schemas["GlosaLoadView"]): HTMLElement {
  return h("dl", { class: "counts" },
    [["Total", c.filas], ["Registradas", c.registradas], ["Tardías", c.tardias], ["Rechazadas", c.rechazadas],
      ["Sin respuesta", c.sin_respuesta]].map(([k, v]) => h("div", {}, h("dt", {}, String(k)), h("dd", {}, integer(Number(v))))));
}

/** §8.4 Cargue respuesta de glosas: the filled detail file, one load at a time per provider, and the history. */
function responseUpload(): HTMLElement {
  const asked = currentGeneration();
  const list = h("div", { "aria-live": "polite" });
  let timer: number | undefined;
  let polled = false;
  const refresh = async () => {
    window.clearTimeout(timer);
    // Stop once the user left the screen or this tab (the first call runs before the list is on screen).
    if (!stillShown(asked) || (polled && !list.isConnected)) return;
    polled = true;
    const page = await get("/glosas/cargas", { query: { limite: "10" } });
    // Counts in one cell so the result link fits beside them at 1366 px (and stays pinned on phones).
    list.replaceChildren(table("Cargas de respuestas", ["Nro proceso", "Fecha", "Archivo", "Estado", "Progreso",
      "Resultado", "Filas", "Archivo resultado"],
    page.cargas.map((c) => [c.numero_proceso === null || c.numero_proceso === undefined ? "" : String(c.numero_proceso),
      dateTime(c.fecha), c.archivo, stateCell(c.estado, c.error), progressCell(c.estado, c.progreso, c.archivo),
      c.resultado ?? "", loadCounts(c),
      c.resultado_url ? h("a", { href: c.resultado_url, class: "button secondary small", rel: "noopener" }, "Descargar resultado",
        h("span", { class: "sr-only" }, ` de la carga ${c.numero_proceso ?? ""}`)) : ""]), { actions: true }));
    if (page.cargas.some((c) => !FINISHED.includes(c.estado))) timer = window.setTimeout(() => void refresh(), POLL_MS);
  };
  const picker = fileField("archivo-glosas", "Archivo de respuestas (*.xlsx)",
    "El detalle de la conciliación descargado, con las columnas de respuesta diligenciadas. Solo se procesa una carga a la vez.");
  const input = picker.input;
  const bar = progressBar("Carga del archivo de respuestas");
  const status = h("div", { "aria-live": "polite" });
  const form = onSubmit(h("form", { class: "card" }, h("h2", {}, "Cargue respuesta de glosas"), formError(),
    picker.box,
    h("div", { class: "actions" }, button("Cargar archivo", undefined, { type: "submit" })),
    h("div", { class: "upload" }, bar), status), async () => {
    const file = input.files?.[0];
    if (!file) throw fieldError("archivo", "Seleccione el archivo de respuestas");
    bar.value = 0;
    const registered = await call("post", "/glosas/cargas", { body: { archivo: file.name } }); // 409 CARGA_EN_PROCESO: shown on the form
    status.replaceChildren(notice(registered.mensaje, "info"));
    await postToS3(registered.carga as never, file, bar);
    status.append(notice("Archivo cargado. El resultado del cargue aparece en la lista y llega a su correo.", "ok"));
    picker.clear();
    await refresh();
  });
  const box = h("div", {}, form, h("h2", {}, "Cargas realizadas"),
    button("Actualizar", () => void refresh(), { kind: "secondary small" }), list);
  void refresh().catch((error: Error) => list.replaceChildren(notice(error.message, "error")));
  return box;
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
        dateField("fecha_inicio", "Fecha inicio", todayColombian(-365)),
        dateField("fecha_fin", "Fecha fin", todayColombian())], results,
      (v) => get("/glosas/conciliaciones", { query: {
        fecha_inicio: apiDate("fecha_inicio", "Fecha Inicio", v.fecha_inicio), fecha_fin: apiDate("fecha_fin", "Fecha Fin", v.fecha_fin) } })),
      factura: () => queryForm("Por número de factura", [text("prefijo", "Prefijo factura"), text("sufijo", "Sufijo factura")],
        results, (v) => get("/glosas/por-factura", { query: { prefijo: v.prefijo, sufijo: v.sufijo } })),
      respuesta: responseUpload,
    };
    return h("section", {}, h("h1", {}, "Gestión de glosas"),
      modeTabs("Tipo de consulta", [["conciliacion", "Por número de conciliación"], ["fechas", "Por rango de fechas"],
        ["factura", "Por número de factura"], ["respuesta", "Cargar respuesta"]], (mode) => { results.replaceChildren(); panel.replaceChildren(modes[mode]()); }),
      panel, results, helpLink("glosas"));
  },
});
