// The operators' PQRS desk (issue 24, "for operators"): the queue by state, the one due first on top, with the
// business days left and the overdue ones highlighted; "Responder" finalises the PQRS with the answer, which the API
// emails and audits; and the monthly on-time rate ("Oportunidad").
import "./pqrs.css";
import { route } from "../app";
import { button, field, fieldErrorSlot, formError, h, notice, table, uid } from "../dom";
import { date, dateTime } from "../format";
import { fieldError, onSubmit } from "../forms";
import { Pager } from "../query-ui";
import { operatorCall, type AffSchemas } from "./api";

const QUEUE = "/operaciones/pqrs";
const INDICATOR = "/operaciones/pqrs/indicador";
const MAX_ANSWER = 4000;
type Item = AffSchemas["QueueItem"];
type State = "EN GESTION" | "FINALIZADO";

const tabs = (current: string) => h("nav", { class: "tabs", "aria-label": "PQRS" }, h("ul", {},
  [[QUEUE, "Solicitudes"], [INDICATOR, "Oportunidad de respuesta"]].map(([path, label]) =>
    h("li", {}, h("a", { href: `#${path}`, "aria-current": path === current ? "page" : null }, label)))));

function daysLeft(item: Item): HTMLElement {
  if (item.estado === "FINALIZADO") return h("span", {}, "—");
  if (item.vencida) return h("span", { class: "overdue" }, `Vencida hace ${-item.dias_restantes} día(s) hábil(es)`);
  return h("span", {}, item.dias_restantes === 0 ? "Vence hoy" : `${item.dias_restantes} día(s) hábil(es)`);
}

function answerForm(item: Item, done: (mensaje: string) => Promise<void>, cancel: () => void): HTMLFormElement {
  const id = uid("respuesta");
  const area = h("textarea", { id, name: "respuesta", required: true, maxlength: MAX_ANSWER, rows: 8,
    "aria-describedby": `${id}-error` });
  const form = onSubmit(h("form", { class: "card" },
    h("h2", {}, `Responder la solicitud ${item.radicado}`), formError(),
    h("p", { class: "long-text" }, item.descripcion),
    h("div", { class: "field", "data-campo": "respuesta" },
      h("label", { for: id }, h("span", { "aria-hidden": "true" }, "* "), `Respuesta de EPS-SOS (máximo ${MAX_ANSWER} caracteres)`),
      area, fieldErrorSlot(`${id}-error`)),
    h("div", { class: "actions" }, button("Cancelar", cancel, { kind: "secondary" }),
      button("Enviar respuesta", undefined, { type: "submit" }))), async () => {
    const respuesta = area.value.trim();
    if (!respuesta) throw fieldError("respuesta", "Campo obligatorio");
    const answered = await operatorCall("post", "/operaciones/pqrs/{radicado}/respuesta", { params: { radicado: item.radicado },
      body: { respuesta } });
    await done(answered.mensaje);
  });
  return form;
}

route(QUEUE, { title: "PQRS", operator: true,
  async render() {
    const list = h("div", { "aria-live": "polite" });
    const outcome = h("div", { "aria-live": "polite" });
    const answerBox = h("div", {});
    const filter = field("estado", "Estado", { value: "EN GESTION", options: [
      { value: "EN GESTION", label: "EN GESTION" }, { value: "FINALIZADO", label: "FINALIZADO" }] });
    const estado = filter.querySelector("select")!;
    estado.querySelector("option[value='']")?.remove();
    estado.addEventListener("change", () => void reload());
    const pager = new Pager(async (cursor, limite) => {
      const page = await operatorCall("get", "/operaciones/pqrs", { query: { estado: estado.value as State, cursor, limite } });
      const shown = table("PQRS, la que vence primero arriba", ["Radicado", "Radicada", "Vence", "Días restantes", "Tipo",
        "Solicitante", "Descripción", estado.value === "FINALIZADO" ? "Respuesta" : "Acciones"], page.solicitudes.map((item) => [
        item.radicado, dateTime(item.fecha_radicacion), date(item.fecha_vencimiento), daysLeft(item), item.tipo_solicitud,
        item.solicitante, h("div", { class: "long-text" }, item.descripcion),
        item.estado === "FINALIZADO"
          ? h("div", { class: "long-text" }, item.respuesta ?? "", item.calificacion ? ` (calificación ${item.calificacion} de 5)` : "")
          : button("Responder", () => {
            answerBox.replaceChildren(answerForm(item, decided, () => answerBox.replaceChildren()));
            answerBox.querySelector("textarea")?.focus();
          }, { kind: "primary small" }),
      ]), { actions: estado.value !== "FINALIZADO" });
      page.solicitudes.forEach((item, i) => {
        if (item.vencida) shown.querySelectorAll("tbody tr")[i]?.classList.add("overdue-row");
      });
      list.replaceChildren(page.solicitudes.length ? shown : h("p", {}, "No hay solicitudes en este estado."));
      return page.siguiente;
    });
    let controls = await pager.first();
    const reload = async () => { const fresh = await pager.first(); controls.replaceWith(fresh); controls = fresh; };
    const decided = async (mensaje: string) => {
      answerBox.replaceChildren();
      outcome.replaceChildren(notice(mensaje, "ok"));
      await reload();
    };
    return h("section", {}, h("h1", {}, "PQRS"), tabs(QUEUE), outcome,
      h("div", { class: "queue-filter" }, filter, button("Actualizar", () => void reload(), { kind: "secondary small" })),
      list, controls, answerBox);
  } });

route(INDICATOR, { title: "Oportunidad de respuesta de PQRS", operator: true,
  async render() {
    const report = await operatorCall("get", "/operaciones/pqrs/indicador");
    const pct = (v: number | null) => v === null ? "Sin datos" : `${v.toLocaleString("es-CO")} %`;
    return h("section", {}, h("h1", {}, "PQRS"), tabs(INDICATOR),
      h("p", {}, "De las PQRS que vencen en cada mes y ya tienen resultado (respondidas, o vencidas sin respuesta), el "
        + "porcentaje respondido a tiempo. Plazos en días hábiles (Ley 1755 de 2015): 15; 10 para información; 30 para consultas."),
      table("Oportunidad mensual de respuesta", ["Mes", "Vencen", "A tiempo", "Tarde", "Vencidas sin respuesta", "Pendientes",
        "Oportunidad"], report.meses.map((m) => [m.mes, m.vencen, m.a_tiempo, m.tarde, m.vencidas_sin_respuesta, m.pendientes,
        pct(m.oportunidad)])));
  } });
