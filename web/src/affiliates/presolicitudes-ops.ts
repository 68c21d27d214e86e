// The operators' presolicitudes queue (issue 24): what affiliates registered in "Registrar mi Solicitud", oldest
// first. An operator takes one (EN REVISION, theirs), sends it to process (EN PROCESO) or returns it with an
// observation (e.g. documents over 30 calendar days). Each attachment opens through a short link the API logs;
// each action is emailed to the affiliate and audited by the API.
import { ApiError } from "../api";
import { route } from "../app";
import { button, field, formError, h, notice, table, values } from "../dom";
import { dateTime } from "../format";
import { onSubmit } from "../forms";
import { Pager } from "../query-ui";
import { operatorCall, type AffSchemas } from "./api";
import { actionButton, person, tabs } from "./operations";

const PATH = "/operaciones/afiliados/presolicitudes";
const STATES: [string, string][] = [
  ["RADICADA", "Radicada"], ["EN REVISION", "En revisión"], ["EN PROCESO", "En proceso"], ["DEVUELTA", "Devuelta"],
];
const LABEL = Object.fromEntries(STATES);
const SUGGESTION = "Documentos con más de 30 días calendario";

type Item = AffSchemas["PresolicitudQueueItem"];
type Action = AffSchemas["PresolicitudDecisionBody"]["accion"];

async function openAttachment(item: Item, archivo: string): Promise<void> {
  const link = await operatorCall("get", "/operaciones/afiliados/presolicitudes/{presolicitud}/archivos/{archivo}",
    { params: { presolicitud: item.presolicitud, archivo } });
  window.open(link.url, "_blank", "noopener");
}

async function screen(): Promise<HTMLElement> {
  const list = h("div", { "aria-live": "polite" });
  const outcome = h("div", { "aria-live": "polite" });
  const reasonBox = h("div", {});
  const filter = field("estado", "Estado", { value: STATES[0][0], options: STATES.map(([value, label]) => ({ value, label })) });
  const estado = filter.querySelector("select")!;
  estado.querySelector("option[value='']")?.remove();
  estado.addEventListener("change", () => void reload());

  const act = async (item: Item, accion: Action, observacion: string | null = null, show = estado.value) => {
    const answer = await operatorCall("post", "/operaciones/afiliados/presolicitudes/{presolicitud}/decision",
      { params: { presolicitud: item.presolicitud }, body: { accion, observacion } });
    reasonBox.replaceChildren();
    estado.value = show;
    await reload();
    outcome.replaceChildren(notice(`${item.numero}: ${answer.mensaje}`, "ok"));
  };
  const askObservation = (item: Item) => {
    const form = onSubmit(h("form", { class: "card" },
      h("h2", {}, `Devolver la presolicitud ${item.numero} de ${item.nombre}`), formError(),
      field("observacion", "Observación de la devolución", { required: true, maxlength: 300,
        hint: `Por ejemplo: ${SUGGESTION}` }),
      h("div", { class: "actions" }, button("Cancelar", () => reasonBox.replaceChildren(), { kind: "secondary" }),
        button("Devolver", undefined, { type: "submit" }))), async () => {
      const observacion = values(form).observacion ?? "";
      if (!observacion) {
        throw new ApiError(422, "VALIDACION", "Indique la observación",
          [{ campo: "observacion", mensaje: "Indique la observación de la devolución" }]);
      }
      await act(item, "DEVOLVER", observacion);
    });
    reasonBox.replaceChildren(form);
    form.querySelector("input")?.focus();
  };
  const actions = (item: Item) => {
    const who = `la presolicitud ${item.numero}`;
    if (item.estado !== "RADICADA" && item.estado !== "EN REVISION") return "—";
    return h("div", { class: "row-actions" },
      item.estado === "RADICADA" ? actionButton("Tomar", who, () => act(item, "TOMAR", null, "EN REVISION")) : null,
      actionButton("En proceso", who, () => act(item, "EN_PROCESO"), "secondary"),
      actionButton("Devolver", who, () => askObservation(item), "secondary"));
  };
  let asked = 0; // a list asked for later (another state chosen meanwhile) is never replaced by an older answer
  const pager = new Pager(async (cursor, limite) => {
    const mine = ++asked;
    const page = await operatorCall("get", PATH, { query: { estado: estado.value, cursor, limite } });
    if (mine !== asked) return page.siguiente;
    list.replaceChildren(table("Presolicitudes registradas por afiliados",
      ["Fecha", "No. Presolicitud", "Afiliado", "Plan", "Archivos", "Observaciones", "Estado", "Acciones"],
      page.presolicitudes.map((item) => [
        dateTime(item.fecha), item.numero, person(item), item.plan,
        h("ul", { class: "plain" }, item.archivos.map((f) => h("li", {},
          button(f.nombre_archivo, () => void openAttachment(item, f.archivo), { kind: "link" }),
          h("span", { class: "muted" }, ` ${f.tipo_soporte}`)))),
        [item.observaciones || "—", item.observacion ? [h("br", {}), h("strong", {}, "Devolución: "), item.observacion] : null],
        LABEL[item.estado] ?? item.estado,
        actions(item),
      ]), { actions: true }));
    return page.siguiente;
  });
  let controls = await pager.first();
  const reload = async () => {
    const mine = asked + 1; // the number the pager's load takes
    const fresh = await pager.first();
    if (mine !== asked) return;
    controls.replaceWith(fresh);
    controls = fresh;
  };
  return h("section", {}, h("h1", {}, "Afiliados"), tabs(PATH), h("h2", {}, "Presolicitudes"), outcome,
    h("div", { class: "queue-filter" }, filter, button("Actualizar", () => void reload(), { kind: "secondary small" })),
    list, controls, reasonBox);
}

route(PATH, { title: "Presolicitudes de afiliados", operator: true, render: screen });
