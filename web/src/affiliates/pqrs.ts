// Contáctenos (seed 003 §4.5–§4.6): Nueva solicitud (tipo + text up to 2,000 characters → radicado AAAA-NNNNNN),
// Consultar solicitud ("Número de solicitud" + Buscar → RESULTADO DE LA CONSULTA, the 1–5 stars once FINALIZADO)
// with the affiliate's own radicados, the Encuesta (the providers' survey, channel afiliados), and the public
// contact form for whoever cannot log in (linked from the login screen). The typed text stays on any error.
import "./pqrs.css";
import { route } from "../app";
import { button, fieldErrorSlot, formError, h, notice, table, uid, values } from "../dom";
import { date, dateTime } from "../format";
import { fieldError, onSubmit, text } from "../forms";
import { affCall, type AffSchemas } from "./api";
import { documentoRef, personDocumentField } from "./fields";
import { affiliateSection } from "./frame";
import { solveChallenge } from "./pow";

const PREFIX = "/afiliados/contactenos";
export const NEW = `${PREFIX}/nueva`;
export const SEARCH = `${PREFIX}/consulta`;
export const SURVEY = `${PREFIX}/encuesta`;
export const CONTACT = "/afiliados/contacto";
const MAX_TEXT = 2000;

affiliateSection({ prefix: PREFIX, label: "Contáctenos", items: [[NEW, "Nueva solicitud"], [SEARCH, "Consultar solicitud"],
  [SURVEY, "Encuesta"]] });

type Tipo = AffSchemas["NewPqrs"]["tipo"];
/** The catalogue (the API's enum: tsc fails if one is added there and not here). */
const TIPOS: Record<Tipo, string> = {
  FELICITACION: "Felicitación", QUEJA: "Queja", RECLAMO: "Reclamo", SUGERENCIA: "Sugerencia",
  INFORMACION_PARTICULAR: "Información particular", CONSULTA: "Consulta",
};
const tipoField = () => text("tipo", "Tipo de solicitud", { required: true,
  options: Object.entries(TIPOS).map(([value, label]) => ({ value, label })) });

const heading = () => [h("h1", {}, "CONTÁCTENOS"),
  h("p", {}, "Queremos escucharte, consulta la respuesta a tus solicitudes o ingrésalas a través del botón "
    + "“Nueva solicitud”.")];

/** The request's text with its live count; a labelled textarea with the API's error slot (`data-campo`). */
function textArea(name: string, label: string, max = MAX_TEXT): HTMLElement {
  const id = uid(name);
  const count = h("small", { id: `${id}-count`, class: "hint" }, `0 de ${max} caracteres`);
  const area = h("textarea", { id, name, required: true, maxlength: max, rows: 8,
    "aria-describedby": `${id}-count ${id}-error` });
  area.addEventListener("input", () => { count.textContent = `${area.value.length} de ${max} caracteres`; });
  return h("div", { class: "field", "data-campo": name },
    h("label", { for: id }, h("span", { "aria-hidden": "true" }, "* "), label), area, count, fieldErrorSlot(`${id}-error`));
}

const typed = (form: HTMLFormElement, name: string): string =>
  form.querySelector<HTMLTextAreaElement>(`textarea[name="${name}"]`)?.value.trim() ?? "";

/** Checked here as the API does (the API's message otherwise), so nothing is sent that must come back. */
function required(v: Record<string, string>, descripcion: string): void {
  if (!v.tipo) throw fieldError("tipo", "Seleccione el tipo de solicitud");
  if (!descripcion) throw fieldError("descripcion", "Campo obligatorio");
}

const newKey = (): string => crypto.randomUUID();

route(NEW, {
  title: "Nueva solicitud",
  render() {
    const result = h("div", { "aria-live": "polite" });
    let clave = newKey(); // one per filing: a double click or a retry after an error files one radicado
    const form = onSubmit(h("form", { class: "card" }, h("h2", {}, "Nueva solicitud"), formError(),
      h("p", { class: "hint" }, "Selecciona el motivo de tu contacto y cuéntanos tu necesidad."),
      tipoField(), textArea("descripcion", `Descripción de la solicitud (Máximo ${MAX_TEXT.toLocaleString("es-CO")} caracteres)`),
      h("div", { class: "actions" }, h("a", { href: `#${SEARCH}`, class: "button secondary" }, "Cancelar"),
        button("Enviar", undefined, { type: "submit" })), result), async () => {
      const v = values(form);
      const descripcion = typed(form, "descripcion");
      required(v, descripcion);
      const filed = await affCall("post", "/afiliados/pqrs", { body: { tipo: v.tipo as Tipo, descripcion, clave } });
      clave = newKey();
      form.reset();
      form.querySelector("textarea")?.dispatchEvent(new Event("input"));
      result.replaceChildren(notice(`${filed.mensaje}. Fecha máxima de respuesta: ${date(filed.fecha_vencimiento)}.`, "ok"),
        h("p", {}, h("a", { href: `#${SEARCH}` }, "Consultar mis solicitudes")));
    }, result);
    return h("section", {}, ...heading(), form);
  },
});

type View = AffSchemas["PqrsView"];
const starsText = (n: number) => `${"★".repeat(n)}${"☆".repeat(5 - n)}`;

function resultView(pqrs: View, again: (radicado: string) => Promise<void>): HTMLElement {
  const box = h("section", { class: "card result", "aria-labelledby": "t-resultado" },
    h("h2", { id: "t-resultado" }, "RESULTADO DE LA CONSULTA"),
    h("dl", {},
      h("dt", {}, "Número de solicitud:"), h("dd", {}, pqrs.radicado),
      h("dt", {}, "Tipo de solicitud:"), h("dd", {}, pqrs.tipo_solicitud),
      h("dt", {}, "Estado:"), h("dd", {}, pqrs.estado),
      h("dt", {}, "Fecha de radicación:"), h("dd", {}, dateTime(pqrs.fecha_radicacion)),
      h("dt", {}, "Descripción de la solicitud:"), h("dd", {}, pqrs.descripcion),
      h("dt", {}, "Respuesta de EPS-SOS:"), h("dd", {}, pqrs.respuesta)));
  if (pqrs.calificacion) {
    box.append(h("p", {}, "Tu calificación: ", h("span", { class: "rated", "aria-hidden": "true" }, starsText(pqrs.calificacion)),
      h("span", { class: "sr-only" }, `${pqrs.calificacion} de 5 estrellas`)));
  } else if (pqrs.puede_calificar) {
    const rating = onSubmit(h("form", {}, formError(),
      h("fieldset", { class: "stars", "data-campo": "estrellas" },
        h("legend", {}, "Califica tu nivel de satisfacción con la respuesta recibida:"),
        h("div", { class: "options" }, [1, 2, 3, 4, 5].map((n) => h("label", { class: "check" },
          h("input", { type: "radio", name: "estrellas", value: String(n) }),
          h("span", { class: "star", "aria-hidden": "true" }, starsText(n).slice(0, n)),
          h("span", { class: "sr-only" }, `${n} de 5 estrellas`)))),
        h("p", { class: "hint" }, "1 es la calificación más baja y 5 la más alta"), fieldErrorSlot()),
      h("div", { class: "actions start" }, button("Calificar", undefined, { type: "submit" }))), async () => {
      const picked = rating.querySelector<HTMLInputElement>("input[name=estrellas]:checked");
      if (!picked) throw fieldError("estrellas", "Seleccione de 1 a 5 estrellas");
      await affCall("post", "/afiliados/pqrs/{radicado}/calificacion", { params: { radicado: pqrs.radicado },
        body: { estrellas: Number(picked.value) } });
      await again(pqrs.radicado);
    });
    box.append(rating);
  }
  return box;
}

route(SEARCH, {
  title: "Consultar solicitud",
  async render() {
    const result = h("div", { "aria-live": "polite" });
    const show = async (radicado: string) => {
      const pqrs = await affCall("get", "/afiliados/pqrs/{radicado}", { params: { radicado } });
      result.replaceChildren(resultView(pqrs, show));
      if (pqrs.calificacion) result.prepend(notice("Gracias por calificar la respuesta", "ok"));
    };
    const search = onSubmit(h("form", { class: "card", role: "search" }, formError(),
      h("div", { class: "search-row" },
        text("radicado", "Número de solicitud:", { required: true, placeholder: `${new Date().getFullYear()}-`,
          hint: "Como aparece en el correo de confirmación: AAAA-NNNNNN" }),
        button("Buscar", undefined, { type: "submit" }),
        h("a", { href: `#${NEW}`, class: "button secondary" }, "+ Nueva solicitud"))), async () => {
      const radicado = values(search).radicado ?? "";
      if (!/^\d{4}-\d{6}$/.test(radicado)) throw fieldError("radicado", "Escriba el número como AAAA-NNNNNN");
      await show(radicado);
    }, result);
    const mine = (await affCall("get", "/afiliados/pqrs")).solicitudes;
    const list = mine.length
      ? table("Mis solicitudes (las 50 más recientes)", ["Número de solicitud", "Tipo de solicitud", "Estado", "Fecha"], mine.map((s) => [
        button(s.radicado, () => {
          search.querySelector<HTMLInputElement>("input[name=radicado]")!.value = s.radicado;
          void show(s.radicado).then(() => result.querySelector<HTMLElement>("h2")?.focus());
        }, { kind: "link small" }),
        s.tipo_solicitud, s.estado, dateTime(s.fecha_radicacion)]))
      : h("p", {}, "Aún no tienes solicitudes.");
    return h("section", {}, ...heading(), search, result, h("h2", {}, "Mis solicitudes"), list);
  },
});

route(SURVEY, {
  title: "Encuesta",
  async render() {
    const offer = await affCall("get", "/afiliados/encuesta");
    const section = h("section", {}, h("h1", {}, "Encuesta de satisfacción"),
      h("p", {}, "Califica tu experiencia con este canal de autogestión: nos ayuda a mejorar la atención."));
    if (!offer.puede_responder) {
      section.append(notice(`Ya respondiste la encuesta de este mes.${offer.proxima_fecha
        ? ` Podrás responderla de nuevo desde el ${date(offer.proxima_fecha)}.` : ""}`, "info"));
      return section;
    }
    const form = onSubmit(h("form", { class: "card" }, formError(),
      offer.preguntas.map((q) => h("fieldset", { class: "question", "data-campo": q.clave },
        h("legend", {}, q.pregunta), q.ayuda ? h("p", { class: "hint" }, q.ayuda) : null,
        h("div", { class: "options" }, q.opciones.map((o) => h("label", { class: "check" },
          h("input", { type: "radio", name: q.clave, value: o.valor }), ` ${o.etiqueta}`))),
        fieldErrorSlot())),
      h("div", { class: "actions" },
        button("Omitir", async () => {
          const receipt = await affCall("post", "/afiliados/encuesta/omitir");
          form.replaceWith(notice(receipt.mensaje, "info"));
        }, { kind: "secondary" }),
        button("Enviar", undefined, { type: "submit" }))), async () => {
      const answers: Record<string, string> = {};
      for (const q of offer.preguntas) {
        const picked = form.querySelector<HTMLInputElement>(`input[name="${q.clave}"]:checked`);
        if (!picked) throw fieldError(q.clave, "Seleccione una respuesta");
        answers[q.clave] = picked.value;
      }
      type Body = AffSchemas["SurveyAnswerBody"];
      const receipt = await affCall("post", "/afiliados/encuesta/respuesta", { body: {
        satisfaccion: answers.satisfaccion as Body["satisfaccion"], facilidad: answers.facilidad as Body["facilidad"],
        recomendacion: Number(answers.recomendacion), resuelto: answers.resuelto as Body["resuelto"],
      } });
      form.replaceWith(notice(receipt.mensaje, "ok"));
    });
    section.append(form);
    return section;
  },
});

// The login screen's "formulario contáctenos" (seed 003 lines 182, 311): public, with the registration's «No soy un
// robot» solved in the browser on submit; the answer is the same whatever document is written.
route(CONTACT, {
  title: "Contáctenos", public: true,
  async render() {
    const result = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", { class: "card", "aria-labelledby": "t-contacto" },
      h("h1", { id: "t-contacto" }, "Contáctenos"),
      h("p", {}, "¿No puedes ingresar a la Oficina Virtual o encontraste datos errados? Escríbenos: te responderemos al "
        + "correo electrónico que indiques. También puedes llamar a la línea 018000 938777."),
      formError(),
      h("div", { class: "grid" }, await personDocumentField(),
        text("numero_documento", "Número de documento", { required: true, inputmode: "numeric" }),
        text("nombres", "Nombres y apellidos", { required: true, autocomplete: "name" }),
        text("correo", "Correo electrónico", { required: true, type: "email", autocomplete: "email" }),
        text("celular", "Teléfono celular", { type: "tel", inputmode: "numeric", autocomplete: "tel" }),
        tipoField()),
      textArea("descripcion", `Mensaje (Máximo ${MAX_TEXT.toLocaleString("es-CO")} caracteres)`),
      h("p", { class: "hint" }, "Al enviar, tu navegador resuelve una verificación «No soy un robot» (unos segundos)."),
      h("div", { class: "actions" }, h("a", { href: "#/afiliados/ingresar", class: "button secondary" }, "Volver"),
        button("Enviar", undefined, { type: "submit" })), result), async () => {
      const v = values(form);
      const descripcion = typed(form, "descripcion");
      for (const name of ["numero_documento", "nombres", "correo"]) if (!v[name]) throw fieldError(name, "Campo obligatorio");
      required(v, descripcion);
      const challenge = await affCall("post", "/afiliados/registro/reto");
      const nonce = await solveChallenge(challenge.reto, challenge.dificultad);
      const answer = await affCall("post", "/contacto", { body: { ...documentoRef(v), nombres: v.nombres ?? "",
        correo: v.correo ?? "", celular: v.celular || null, tipo: v.tipo as Tipo, descripcion, reto: challenge.reto, nonce } });
      form.reset();
      result.replaceChildren(notice(answer.mensaje, "ok"));
    }, result);
    return h("section", {}, form);
  },
});
