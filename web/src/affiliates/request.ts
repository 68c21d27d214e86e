// Autorizaciones Médicas › Registrar mi Solicitud (seed 003 §4.2.1): the NOTIFICACIÓN JURAMENTADA (Aceptar |
// Cancelar), the person (self or an own minor) and, with an active PAC, the plan; then DATOS BÁSICOS and ARCHIVOS
// CARGADOS, each file uploaded at once with its progress (checked here by size and first bytes as the API checks
// them again) and deletable before sending; Observaciones with its counter; Aceptar gives the presolicitud number.
// One idempotency key per request: a double click (or a retry after a lost answer) registers it once.
import { ApiError, url } from "../api";
import { go, route } from "../app";
import { button, formError, h, notice } from "../dom";
import { date } from "../format";
import { onSubmit } from "../forms";
import { progressBar } from "../upload";
import { affCall, type AffSchemas } from "./api";
import { fileKind } from "./documents";
import { checkbox, isChecked } from "./fields";
import { HOME } from "./frame";
import { affiliateSession } from "./session";

export const REQUEST = "/afiliados/autorizaciones/solicitud";
const ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";
const MEGABYTE = 1_048_576;

type Draft = AffSchemas["PresolicitudDraft"];
type Person = AffSchemas["PresolicitudPerson"];

const facts = (pairs: [string, string][]) =>
  h("dl", { class: "facts two" }, pairs.flatMap(([k, v]) => [h("dt", {}, `${k}:`), h("dd", {}, v)]));

const heading = () => [h("h1", {}, "REGISTRAR MI SOLICITUD"),
  h("p", {}, "Envía en línea tu solicitud médica para ser autorizada, ejemplo: Ordenes para especialistas, cirugías. "
    + "Puedes obtener tu autorización y la de tus beneficiarios menores de edad del Plan de atención complementario "
    + "PAC y del Plan de Beneficios en Salud PBS, excepto para los servicios no incluidos en el PBS.")];

/** Posts a file (base64 in JSON, as the API takes it) reporting the upload's progress on `bar`. */
function uploadWithProgress(draftId: string, body: AffSchemas["PresolicitudFileUpload"], bar: HTMLProgressElement): Promise<Draft> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url("/afiliados/solicitudes/borradores/{borrador}/archivos", { params: { borrador: draftId } }));
    const token = affiliateSession.token();
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener("load", () => {
      let answer: { code?: string; message?: string; errores?: { campo?: string; mensaje?: string }[] } = {};
      try { answer = JSON.parse(xhr.responseText); } catch { /* not JSON: the generic message */ }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(answer as Draft);
      if (xhr.status === 401 && token) affiliateSession.expired(answer.message);
      reject(new ApiError(xhr.status, answer.code ?? "ERROR", answer.message ?? "El archivo no pudo cargarse", answer.errores ?? []));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "RED", "El archivo no pudo cargarse: verifique su conexión")));
    xhr.send(JSON.stringify(body));
  });
}

function base64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(new Error("No fue posible leer el archivo; selecciónelo de nuevo"));
    reader.readAsDataURL(file);
  });
}

/** Step 1: NOTIFICACIÓN JURAMENTADA. */
async function termsStep(box: HTMLElement): Promise<void> {
  const t = await affCall("get", "/afiliados/solicitudes/terminos");
  const form = onSubmit(h("form", { class: "card" },
    h("h2", {}, t.titulo), h("h3", {}, t.subtitulo),
    t.parrafos.map((p) => h("p", {}, p)),
    h("ul", {}, t.servicios.map((s) => h("li", {}, s))),
    t.cierre.map((p) => h("p", {}, p)),
    h("p", {}, h("a", { href: t.enlace_mipres, target: "_blank", rel: "noopener" }, t.texto_enlace_mipres)),
    h("p", { class: "muted" }, t.actualizacion),
    h("p", {}, h("strong", {}, t.recordatorio)),
    formError(),
    checkbox("acepto", t.aceptacion),
    h("div", { class: "actions" }, button("Aceptar", undefined, { type: "submit" }),
      button("Cancelar", () => go(HOME), { kind: "secondary" }))), async () => {
    if (!isChecked(form, "acepto")) {
      throw new ApiError(422, "VALIDACION", "Para registrar su solicitud, lea y acepte la notificación juramentada",
        [{ campo: "acepto", mensaje: "Marque la casilla para aceptar la notificación juramentada" }]);
    }
    await affCall("post", "/afiliados/solicitudes/terminos", { body: { version: t.version, acepto: true } });
    await personStep(box);
  });
  box.replaceChildren(form);
}

/** Step 2: the person (and the plan when they have an active PAC). */
async function personStep(box: HTMLElement): Promise<void> {
  const { personas } = await affCall("get", "/afiliados/solicitudes/personas");
  const plans = h("div", {});
  const choosePlans = (p: Person) => {
    plans.replaceChildren(p.planes.length < 2 ? "" : h("fieldset", { class: "question", "data-campo": "plan" },
      h("legend", {}, `Plan para la solicitud de ${p.nombre}`),
      h("div", { class: "options" }, p.planes.map((plan, i) => h("label", {},
        h("input", { type: "radio", name: "plan", value: plan, checked: i === 0 }), ` ${plan}`))),
      h("p", { class: "field-error" })));
  };
  const form = onSubmit(h("form", { class: "card" },
    h("h2", {}, "Seleccione el afiliado"),
    h("p", {}, "Seleccione la persona a la cual se le adjuntará la solicitud médica vigente y la historia clínica no "
      + "mayores a 30 días calendario."),
    formError(),
    h("fieldset", { class: "question", "data-campo": "ref" }, h("legend", {}, "Afiliado"),
      h("div", { class: "options" }, personas.map((p, i) => {
        const radio = h("input", { type: "radio", name: "ref", value: p.ref, checked: i === 0 });
        radio.addEventListener("change", () => choosePlans(p));
        return h("label", {}, radio, ` ${p.nombre} (${p.tipo_documento} ${p.numero_documento})`);
      })), h("p", { class: "field-error" })),
    plans,
    h("div", { class: "actions" }, button("Aceptar", undefined, { type: "submit" }),
      button("Cancelar", () => go(HOME), { kind: "secondary" }))), async () => {
    const ref = form.querySelector<HTMLInputElement>("input[name=ref]:checked")?.value ?? "";
    const plan = form.querySelector<HTMLInputElement>("input[name=plan]:checked")?.value ?? "PBS";
    const draft = await affCall("post", "/afiliados/solicitudes/borradores", { body: { ref, plan } });
    box.replaceChildren(draftStep(box, draft));
    box.querySelector("h2")?.focus();
  });
  if (personas[0]) choosePlans(personas[0]);
  box.replaceChildren(form);
}

/** Step 3: DATOS BÁSICOS, ARCHIVOS CARGADOS, Observaciones, Aceptar. */
function draftStep(box: HTMLElement, first: Draft): HTMLElement {
  let draft = first;
  const key = crypto.randomUUID();
  const max = draft.tamano_maximo_bytes;
  const rows = h("tbody", {});
  const result = h("div", { "aria-live": "polite" });
  const counter = h("span", { id: "observaciones-contador", "aria-live": "polite" }, `0/${draft.maximo_observaciones}`);
  const observaciones = h("textarea", { id: "observaciones", name: "observaciones", rows: "3",
    maxlength: String(draft.maximo_observaciones), "aria-describedby": "observaciones-contador observaciones-error" });
  observaciones.addEventListener("input", () => {
    counter.textContent = `${observaciones.value.length}/${draft.maximo_observaciones}`;
  });

  const render = () => rows.replaceChildren(...draft.tipos_soporte.map((tipo, i) => typeRow(tipo, i)));
  const typeRow = (tipo: string, i: number) => {
    const files = draft.archivos.filter((f) => f.tipo_soporte === tipo);
    const id = `archivo-${i}`;
    const full = files.length >= draft.maximo_archivos_por_tipo;
    const input = h("input", { type: "file", id, accept: ACCEPT, class: "file-input", disabled: full,
      "aria-describedby": `${id}-error` });
    const bar = progressBar(`Progreso de carga de ${tipo}`);
    bar.hidden = true;
    const error = h("p", { id: `${id}-error`, class: "field-error" });
    input.addEventListener("change", () => void (async () => {
      const file = input.files?.[0];
      if (!file) return;
      error.textContent = "";
      try {
        if (file.size > max) throw new Error(`El archivo supera el tamaño máximo de 2 MB (pesa ${(file.size / MEGABYTE).toFixed(2).replace(".", ",")} MB)`);
        if (!(await fileKind(file))) throw new Error("El archivo debe ser PDF, JPG o PNG");
        bar.hidden = false;
        bar.value = 0;
        draft = await uploadWithProgress(draft.borrador, { tipo_soporte: tipo as AffSchemas["PresolicitudFileUpload"]["tipo_soporte"],
          nombre_archivo: file.name, contenido: await base64(file) }, bar);
        render();
        result.replaceChildren(notice(`Archivo cargado: ${file.name}`, "ok"));
      } catch (e) {
        const apiError = e instanceof ApiError ? e : null;
        error.textContent = apiError?.errores[0]?.mensaje ?? (e as Error).message;
        bar.hidden = true;
        input.value = "";
      }
    })());
    const add = button("+", () => input.click(), { kind: "secondary small" });
    add.setAttribute("aria-label", `Adicionar archivo de ${tipo}`);
    add.disabled = full;
    return h("tr", { "data-tipo": tipo },
      h("th", { scope: "row" }, tipo),
      h("td", {}, add),
      h("td", {}, h("div", { class: "file-row" }, input,
        h("label", { for: id, class: "button secondary file-button" }, "+ Adjuntar",
          h("span", { class: "sr-only" }, ` archivo de ${tipo}`))), bar, error),
      h("td", {}, files.length ? h("ul", {}, files.map((f) => h("li", {}, f.nombre_archivo))) : "—"),
      h("td", {}, files.map((f) => {
        const remove = button(`Eliminar ${f.nombre_archivo}`, async () => {
          remove.disabled = true;
          try {
            draft = await affCall("delete", "/afiliados/solicitudes/borradores/{borrador}/archivos/{archivo}",
              { params: { borrador: draft.borrador, archivo: f.archivo } });
            render();
            result.replaceChildren(notice(`Archivo eliminado: ${f.nombre_archivo}`, "ok"));
          } catch (e) {
            remove.disabled = false;
            error.textContent = (e as Error).message;
          }
        }, { kind: "secondary small" });
        return remove;
      })));
  };
  render();

  const d = draft.datos_basicos;
  const form = onSubmit(h("form", { class: "card" },
    h("h2", { tabindex: "-1" }, "DATOS BÁSICOS"),
    facts([["Fecha", date(d.fecha)], ["Documento de Identidad", d.documento_identidad], ["Nombre", d.nombre],
      ["IPS Primaria", d.ips_primaria ?? "—"], ["Plan", d.plan], ["Recién nacido", d.recien_nacido],
      ["Derecho", d.derecho ?? "—"]]),
    h("h2", {}, "ARCHIVOS CARGADOS"),
    h("p", {}, `El sistema permite cargar los siguientes tipos de archivos ${draft.formatos.join(", ")} de tamaño máximo 2Mb. `
      + `Máximo ${draft.maximo_archivos_por_tipo} archivos por tipo de soporte.`),
    formError(),
    h("div", { class: "table-box" }, h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Archivos cargados" },
      h("table", {}, h("caption", {}, "Archivos cargados"),
        h("thead", {}, h("tr", {}, ["Tipo de soporte", "Adicionar", "Cargar Archivo", "Archivo Cargado", "Eliminar Archivos"]
          .map((t) => h("th", { scope: "col" }, t)))), rows))),
    h("div", { class: "field", "data-campo": "observaciones" },
      h("label", { for: "observaciones" }, "Observaciones (Máximo 300 caracteres)"), observaciones, counter,
      h("p", { id: "observaciones-error", class: "field-error" })),
    h("details", { class: "terms" }, h("summary", {}, "Si necesitas ayuda haz clic aquí."),
      h("ul", {},
        h("li", {}, "Escanea previamente la solicitud médica y la historia clínica no mayor a 30 días calendario."),
        h("li", {}, "La imagen debe ser clara y legible."),
        h("li", {}, "El tamaño máximo del archivo adjunto no debe superar los 2MB, y los formatos permitidos son: PDF, JPG o PNG."),
        h("li", {}, "Para adjuntar más archivos de un tipo de soporte haz clic en + (Adicionar); para corregir uno, "
          + "haz clic en Eliminar y adjúntalo de nuevo."),
        h("li", {}, "En observaciones puedes incluir la información que la EPS deba tener en cuenta para responder tu solicitud."))),
    h("div", { class: "actions" }, button("Aceptar", undefined, { type: "submit" })),
    result), async () => {
    const sent = await affCall("post", "/afiliados/solicitudes", { body: { borrador: draft.borrador, clave: key,
      observaciones: observaciones.value } });
    const done = h("section", { class: "card" }, h("h2", { tabindex: "-1" }, `Presolicitud ${sent.numero}`),
      notice(sent.mensaje, "ok"),
      h("p", {}, "La respuesta de la solicitud médica se dará a través de la Oficina Virtual y por correo electrónico "
        + "se le informarán los pasos a seguir."),
      h("div", { class: "actions" }, button("Registrar otra solicitud", () => void termsStep(box), { kind: "secondary" })));
    box.replaceChildren(done);
    done.querySelector("h2")?.focus();
  });
  return form;
}

route(REQUEST, { title: "Registrar mi Solicitud", async render() {
  const box = h("div", {});
  await termsStep(box);
  return h("section", {}, ...heading(), box);
} });
