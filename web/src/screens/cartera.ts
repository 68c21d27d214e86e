// Consulta cartera (seed 002 §6): template, request (daily quota), upload to S3 with progress, live request list.
import { ApiError, call, download, get, type Schemas } from "../api";
import { currentGeneration, route, stillShown } from "../app";
import { button, formError, h, notice, table } from "../dom";
import { dateTime, integer } from "../format";
import { fieldError, onSubmit } from "../forms";
import { fileButton } from "../query-ui";
import { helpLink } from "../help";
import { progressCell, stateCell } from "../job-cells";
import { FINISHED } from "../labels";
import { fileField, postToS3, progressBar } from "../upload";

const POLL_MS = 1500;

function requestRows(items: Schemas["CarteraRequestView"][]): HTMLElement {
  return table("Solicitudes de cartera", ["Fecha", "Archivo", "Estado", "Progreso", "Filas", "Filas con errores", "Resultado"],
    items.map((s) => [dateTime(s.fecha), s.archivo, stateCell(s.estado, s.error), progressCell(s.estado, s.progreso, s.archivo),
      integer(s.filas), integer(s.filas_con_errores),
      s.resultado_url ? h("a", { href: s.resultado_url, class: "button secondary small", rel: "noopener" }, "Descargar resultado",
        h("span", { class: "sr-only" }, ` de ${s.archivo}`)) : ""]), { actions: true });
}

const quotaText = (left: number, perDay: number) =>
  left > 0 ? `Consultas disponibles hoy: ${left} de ${perDay}.` : `Ya usó las ${perDay} consultas de hoy: podrá registrar otra mañana.`;

route("/cartera", {
  title: "Consulta cartera", menu: "CARTERA",
  async render() {
    const asked = currentGeneration();
    const list = h("div", { "aria-live": "polite", "aria-busy": "false" });
    let timer: number | undefined;
    let perDay = 3;
    const refresh = async () => {
      window.clearTimeout(timer);
      if (!stillShown(asked)) return;
      const page = await get("/cartera/solicitudes", { query: { limite: "10" } });
      list.replaceChildren(requestRows(page.solicitudes));
      perDay = page.consultas_por_dia;
      quota.textContent = quotaText(page.consultas_restantes_hoy, perDay);
      if (page.solicitudes.some((s) => !FINISHED.includes(s.estado))) timer = window.setTimeout(() => void refresh(), POLL_MS);
    };
    const quota = h("p", { class: "quota", role: "status" });
    const picker = fileField("archivo-cartera", "Seleccione el archivo con las facturas (*.xlsx)",
      "Cantidad máxima de registros por archivo 50.000; máximo 3 consultas diarias por prestador.");
    const input = picker.input;
    const bar = progressBar("Carga del archivo");
    const status = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", { class: "card" }, h("h2", {}, "Facturas"), formError(),
      quota, picker.box,
      h("div", { class: "actions" },
        button("Eliminar archivo", picker.clear, { kind: "secondary" }),
        button("Registrar solicitud", undefined, { type: "submit" })),
      h("div", { class: "upload" }, bar), status), async () => {
      const file = input.files?.[0];
      if (!file) throw fieldError("archivo", "Seleccione el archivo con las facturas");
      bar.value = 0;
      const registered = await call("post", "/cartera/solicitudes", { body: { archivo: file.name } });
      status.replaceChildren(notice(registered.mensaje, "info"));
      quota.textContent = quotaText(registered.consultas_restantes_hoy, perDay);
      await refresh();
      await postToS3(registered.carga as never, file, bar);
      status.append(notice("Archivo cargado. La solicitud se procesa y la lista de solicitudes se actualiza sola.", "ok"));
      picker.clear();
      await refresh();
    });
    try {
      await refresh();
    } catch (error) {
      list.replaceChildren(notice(error instanceof ApiError ? error.message : "No fue posible consultar las solicitudes", "error"));
    }
    return h("section", {}, h("h1", {}, "Consulta cartera"),
      h("p", {}, "Consulte el estado actual de cartera de facturas específicas con la plantilla definida."),
      h("p", {}, fileButton("Descargar plantilla", "XLSX de la consulta de cartera",
        () => download("/cartera/plantilla", { accept: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }))),
      form, helpLink("cartera"), h("h2", {}, "Solicitudes"),
      button("Actualizar", () => void refresh(), { kind: "secondary small" }), list);
  },
});
