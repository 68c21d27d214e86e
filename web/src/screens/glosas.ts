// Gestión de glosas (seed 002 §8): por número de conciliación, por rango de fechas, por factura; detalle XLSX.
import { call, download, get, saveFrom, type Schemas } from "../api";
import { route } from "../app";
import { button, formError, h, table, values } from "../dom";
import { date, integer, pesos, todayColombian } from "../format";
import { onSubmit, text } from "../forms";
import { helpLink } from "../help";
import { type Column, jobColumns, resultColumn } from "../job-cells";
import { apiDate, dateField, fileButton, modeTabs } from "../query-ui";
import { uploadScreen } from "../upload-screen";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function caratula(list: Schemas["ConciliationList"]): HTMLElement {
  return table("Carátula de conciliaciones", ["Conciliación", "Fecha notificación", "Facturas", "Notas débito",
    "Detalles", "Valor glosado", "Detalle"], list.conciliaciones.map((c) => [c.conciliacion, date(c.fecha_notificacion),
    integer(c.cantidad_facturas), integer(c.cantidad_notas_debito), integer(c.cantidad_detalles), pesos(c.valor_glosado),
    detailButton(c.conciliacion)]), { actions: true });
}

type DetailJob = Schemas["GlosaDetailFileJob"];
const POLL_MS = 3000;
const POLL_LIMIT = 400; // 20 minutes: the job is started again by a new request after that

/** A conciliation too large for one answer (202): its job is polled, in a live region, until it has the link. */
async function followDetailJob(after: HTMLElement, job: DetailJob): Promise<void> {
  const status = h("p", { class: "notice info", role: "status", "aria-live": "polite" }, job.mensaje);
  after.after(status);
  for (let polls = 0; job.estado === "GENERANDO_RESULTADO" && polls < POLL_LIMIT; polls++) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    job = await get("/glosas/descargas/{descarga_id}", { params: { descarga_id: job.descarga_id } });
  }
  status.replaceChildren(job.mensaje);
  if (job.url) {
    const { url, nombre_archivo: name } = job;
    const save = button("Descargar", () => saveFrom(url, name), { kind: "secondary small" });
    save.append(h("span", { class: "sr-only" }, ` ${name}`));
    status.append(" ", save);
  }
}

function detailButton(conciliacion: string): HTMLButtonElement {
  const b: HTMLButtonElement = fileButton("Descargar XLSX", `de la conciliación ${conciliacion}`,
    () => download("/glosas/conciliaciones/{conciliacion}/detalle", { params: { conciliacion }, accept: XLSX,
      accepted: (job) => followDetailJob(b, job as DetailJob) }));
  return b;
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

type Load = Schemas["GlosaLoadView"];

function loadCounts(c: Load): HTMLElement {
  return h("dl", { class: "counts" },
    [["Total", c.filas], ["Registradas", c.registradas], ["Tardías", c.tardias], ["Rechazadas", c.rechazadas],
      ["Sin respuesta", c.sin_respuesta]].map(([k, v]) => h("div", {}, h("dt", {}, String(k)), h("dd", {}, integer(Number(v))))));
}

const LOAD_COLUMNS: Column<Load>[] = [["Nro proceso", (c) => String(c.numero_proceso ?? "")], ...jobColumns<Load>(),
  ["Resultado", (c) => c.resultado ?? ""],
  ["Filas", loadCounts], // the counts in one cell, so the result link fits beside them at 1366 px (and stays pinned on phones)
  resultColumn("Archivo resultado", (c) => ` de la carga ${c.numero_proceso ?? ""}`)];

/** §8.4 Cargue respuesta de glosas: the filled detail file, one load at a time per provider, and the history. */
function responseUpload(): HTMLElement {
  const upload = uploadScreen<Load>({
    file: { id: "archivo-glosas", label: "Archivo de respuestas (*.xlsx)",
      hint: "El detalle de la conciliación descargado, con las columnas de respuesta diligenciadas. Solo se procesa una carga a la vez.",
      missing: "Seleccione el archivo de respuestas" },
    form: { heading: "Cargue respuesta de glosas", submit: "Cargar archivo", progress: "Carga del archivo de respuestas",
      uploaded: "Archivo cargado. El resultado del cargue aparece en la lista y llega a su correo." },
    list: { heading: "Cargas realizadas", caption: "Cargas de respuestas", columns: LOAD_COLUMNS,
      unavailable: "No fue posible consultar las cargas" },
    jobs: async () => ({ rows: (await get("/glosas/cargas", { query: { limite: "10" } })).cargas }),
    register: (archivo) => call("post", "/glosas/cargas", { body: { archivo } }), // 409 CARGA_EN_PROCESO: on the form
  });
  return h("div", {}, upload.form, ...upload.history);
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
