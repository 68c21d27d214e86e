// The operators' affiliate queues (issue 23, "for operators"): supports received (accept / return with a reason),
// IPS-change requests (approve / reject with a reason) and the correction of a mistyped registration email. Both
// queues are one screen shape: a page of requests, each with its positive decision and its negative one, which
// asks for the reason. Each decision is emailed to the affiliate and audited by the API.
import { ApiError } from "../api";
import { route } from "../app";
import { button, type Child, field, formError, h, notice, table, values } from "../dom";
import { dateTime } from "../format";
import { onSubmit, text } from "../forms";
import { AFFILIATE_REQUEST_STATES } from "../labels";
import { fileButton, Pager } from "../query-ui";
import { operatorCall, operatorDownload, type AffSchemas } from "./api";
import { documentoRef, personDocumentField } from "./fields";

const QUEUES: [string, string][] = [
  ["/operaciones/afiliados/documentos", "Documentos recibidos"],
  ["/operaciones/afiliados/cambios-ips", "Cambios de IPS"],
  ["/operaciones/afiliados/correo", "Corrección de correo"],
  ["/operaciones/afiliados/presolicitudes", "Presolicitudes"],
  ["/operaciones/afiliados/pagos-pendientes", "Pagos pendientes"],
];
const STATES: Record<string, string> = AFFILIATE_REQUEST_STATES;

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The queues' tabs and the export of pending novedades (portal edits the EPS has not applied yet). */
export const tabs = (current: string) => h("div", {},
  h("nav", { class: "tabs", "aria-label": "Colas de afiliados" }, h("ul", {},
    QUEUES.map(([path, label]) => h("li", {}, h("a", { href: `#${path}`, "aria-current": path === current ? "page" : null }, label))))),
  fileButton("Descargar novedades (XLSX)", "de datos de afiliados pendientes de aplicar",
    () => operatorDownload("/operaciones/afiliados/novedades", XLSX, { formato: "xlsx" })));

interface Queue<Item> {
  path: string;
  heading: string;
  caption: string;
  headers: string[];
  cells(item: Item): Child[];
  id(item: Item): string;
  who(item: Item): string;
  state(item: Item): string;
  open(item: Item): boolean;
  /** The states the list can show, the first being the API's default (what is waiting for a decision). */
  states: string[];
  accept: [string, string]; // [button label, decision code]
  refuse: [string, string, string]; // [button label, decision code, reason label]
  load(estado: string, cursor: string | undefined, limite: string): Promise<{ items: Item[]; siguiente: string | null }>;
  decide(id: string, decision: string, motivo: string | null): Promise<{ mensaje: string }>;
}

function queueScreen<Item>(q: Queue<Item>): () => Promise<HTMLElement> {
  return async () => {
    const list = h("div", { "aria-live": "polite" });
    const outcome = h("div", { "aria-live": "polite" });
    const reasonBox = h("div", {});
    const state = (item: Item) => STATES[q.state(item)] ?? q.state(item);
    const filter = field("estado", "Estado", { value: q.states[0],
      options: q.states.map((code) => ({ value: code, label: STATES[code] ?? code })) });
    const estado = filter.querySelector("select")!;
    estado.querySelector("option[value='']")?.remove();
    estado.addEventListener("change", () => void reload());
    const pager = new Pager(async (cursor, limite) => {
      const page = await q.load(estado.value, cursor, limite);
      list.replaceChildren(table(q.caption, [...q.headers, "Estado", "Acciones"], page.items.map((item) => [
        ...q.cells(item), state(item),
        q.open(item) ? h("div", { class: "row-actions" },
          actionButton(q.accept[0], q.who(item), async () => decided(await q.decide(q.id(item), q.accept[1], null))),
          actionButton(q.refuse[0], q.who(item), () => askReason(item), "secondary"))
          : "—",
      ]), { actions: true }));
      return page.siguiente;
    });
    let controls = await pager.first();
    const reload = async () => { const fresh = await pager.first(); controls.replaceWith(fresh); controls = fresh; };
    const decided = async (answer: { mensaje: string }) => {
      reasonBox.replaceChildren();
      outcome.replaceChildren(notice(answer.mensaje, "ok"));
      await reload();
    };
    const askReason = (item: Item) => {
      const form = onSubmit(h("form", { class: "card" },
        h("h2", {}, `${q.refuse[0]}: ${q.who(item)}`), formError(),
        text("motivo", q.refuse[2], { required: true, maxlength: 500 }),
        h("div", { class: "actions" }, button("Cancelar", () => reasonBox.replaceChildren(), { kind: "secondary" }),
          button(q.refuse[0], undefined, { type: "submit" }))), async () => {
        const motivo = values(form).motivo ?? "";
        if (!motivo) throw new ApiError(422, "VALIDACION", "Indique el motivo", [{ campo: "motivo", mensaje: "Indique el motivo" }]);
        await decided(await q.decide(q.id(item), q.refuse[1], motivo));
      });
      reasonBox.replaceChildren(form);
      form.querySelector("input")?.focus();
    };
    return h("section", {}, h("h1", {}, "Afiliados"), tabs(q.path), h("h2", {}, q.heading), outcome,
      h("div", { class: "queue-filter" }, filter, button("Actualizar", () => void reload(), { kind: "secondary small" })),
      list, controls, reasonBox);
  };
}

export function actionButton(label: string, who: string, onclick: () => void | Promise<void>, kind = "primary"): HTMLButtonElement {
  const b = button(label, async (e) => {
    const target = e.currentTarget as HTMLButtonElement;
    target.disabled = true;
    try {
      await onclick();
    } catch (error) {
      target.after(notice((error as Error).message, "error"));
      target.disabled = false;
    }
  }, { kind: `${kind} small` });
  b.append(h("span", { class: "sr-only" }, ` ${who}`));
  return b;
}

export const person = (x: { nombre: string; tipo_documento: string; numero_documento: string }) =>
  [x.nombre, h("br", {}), `${x.tipo_documento} ${x.numero_documento}`];

type Support = AffSchemas["SupportQueueItem"];
const supportsQueue = queueScreen<Support>({
    path: "/operaciones/afiliados/documentos", heading: "Documentos recibidos", caption: "Documentos enviados por afiliados",
    headers: ["Fecha", "Afiliado", "Tipo de soporte", "Archivo"],
    cells: (d) => [dateTime(d.fecha), person(d), d.tipo_soporte,
      h("a", { href: d.enlace, target: "_blank", rel: "noopener" }, d.nombre_archivo)],
    id: (d) => d.envio, who: (d) => `el ${d.tipo_soporte} de ${d.nombre}`, state: (d) => d.estado, open: (d) => d.estado === "RECIBIDO", states: ["RECIBIDO", "ACEPTADO", "DEVUELTO"],
    accept: ["Aceptar", "ACEPTAR"], refuse: ["Devolver", "DEVOLVER", "Motivo de la devolución"],
    load: async (estado, cursor, limite) => {
      const page = await operatorCall("get", "/operaciones/afiliados/documentos", { query: { estado, cursor, limite } });
      return { items: page.documentos, siguiente: page.siguiente };
    },
    decide: (id, decision, motivo) => operatorCall("post", "/operaciones/afiliados/documentos/{envio_id}/decision",
      { params: { envio_id: id }, body: { decision: decision as "ACEPTAR" | "DEVOLVER", motivo } }),
});
// The menu's "Afiliados" opens the first queue.
for (const path of ["/operaciones/afiliados", "/operaciones/afiliados/documentos"]) {
  route(path, { title: "Documentos de afiliados", operator: true, render: supportsQueue });
}

type IpsRequest = AffSchemas["IpsChangeQueueItem"];
route("/operaciones/afiliados/cambios-ips", { title: "Cambios de IPS", operator: true,
  render: queueScreen<IpsRequest>({
    path: "/operaciones/afiliados/cambios-ips", heading: "Solicitudes de cambio de IPS", caption: "Solicitudes de cambio de IPS",
    headers: ["Fecha", "Afiliado", "IPS actual", "IPS deseada", "Motivo", "Municipio"],
    cells: (r) => [dateTime(r.fecha), person(r), r.ips_actual ?? "—", r.ips_deseada, r.motivo_cambio,
      r.municipio_residencia ?? "—"],
    id: (r) => r.solicitud, who: (r) => `la solicitud de ${r.nombre}`, state: (r) => r.estado, open: (r) => r.estado === "EN_TRAMITE", states: ["EN_TRAMITE", "APROBADA", "RECHAZADA"],
    accept: ["Aprobar", "APROBAR"], refuse: ["Rechazar", "RECHAZAR", "Motivo del rechazo"],
    load: async (estado, cursor, limite) => {
      const page = await operatorCall("get", "/operaciones/afiliados/cambios-ips", { query: { estado, cursor, limite } });
      return { items: page.solicitudes, siguiente: page.siguiente };
    },
    decide: (id, decision, motivo) => operatorCall("post", "/operaciones/afiliados/cambios-ips/{solicitud_id}/decision",
      { params: { solicitud_id: id }, body: { decision: decision as "APROBAR" | "RECHAZAR", motivo } }),
  }) });

// Seed 003 line 296: an affiliate who mistyped the email at registration calls the line; the operator finds the
// person by document (POST: the number never goes in a URL) and writes the right address twice.
route("/operaciones/afiliados/correo", { title: "Corrección de correo", operator: true,
  async render() {
    const found = h("div", { "aria-live": "polite" });
    const search = onSubmit(h("form", { class: "card" }, formError(),
      h("div", { class: "grid" }, await personDocumentField(),
        text("numero_documento", "Número de documento", { required: true, inputmode: "numeric" })),
      h("div", { class: "actions" }, button("Buscar", undefined, { type: "submit" }))), async () => {
      const who = await operatorCall("post", "/operaciones/afiliados/buscar", { body: documentoRef(values(search)) });
      const result = h("div", { "aria-live": "polite" });
      const fix = onSubmit(h("form", { class: "card" },
        h("h2", {}, `Correo de ${who.nombre}`), h("p", {}, `Correo registrado: ${who.correo ?? "—"}`), formError(),
        h("div", { class: "grid" }, text("correo", "Correo electrónico correcto", { required: true, type: "email" }),
          text("correo_confirmacion", "Confirmación del correo electrónico", { required: true, type: "email" })),
        h("div", { class: "actions" }, button("Corregir correo", undefined, { type: "submit" })), result), async () => {
        const v = values(fix);
        const answer = await operatorCall("put", "/operaciones/afiliados/{ref}/correo", { params: { ref: who.ref },
          body: { correo: v.correo ?? "", correo_confirmacion: v.correo_confirmacion ?? "" } });
        result.replaceChildren(notice(answer.mensaje, "ok"));
      });
      found.replaceChildren(fix);
    }, found);
    return h("section", {}, h("h1", {}, "Afiliados"), tabs("/operaciones/afiliados/correo"),
      h("h2", {}, "Corrección del correo de registro"),
      h("p", {}, "Para el afiliado que registró un correo errado (línea 018000 938777). El cambio queda en la auditoría "
        + "y se avisa a la nueva dirección."), search, found);
  } });

