// Registro de usuario (seed 003 §2): 1 VALIDA tu identificación (robot check solved before any name shows),
// 2 REGISTRA tu correo electrónico (three identity questions, then email twice, celular and the terms),
// 3 INGRESA A tu oficina virtual (the password goes to the email; login is by document).
import { ApiError } from "../api";
import { go, route, setFlash } from "../app";
import { button, type Child, field, formError, h, notice, values } from "../dom";
import { onSubmit, text } from "../forms";
import { affCall, type AffAnswer } from "./api";
import type { DocumentoRef } from "./api-types";
import { CELULAR, checkbox, CORREO, documentoRef, isChecked, personDocumentField } from "./fields";
import { LOGIN } from "./frame";
import { solveChallenge } from "./pow";

export const NONE_OF_THEM = "Ninguna de las anteriores";
const WRONG_ANSWERS = "Las respuestas a tus preguntas de seguridad no son correctas. Inténtalo de nuevo. Por motivos "
  + "de seguridad, al tercer intento errado tu documento será bloqueado temporalmente.";

const steps = (current: number) => h("ol", { class: "steps", "aria-label": "Pasos del registro" },
  [["VALIDA", "tu identificación"], ["REGISTRA", "tu correo electrónico"], ["INGRESA", "A tu oficina virtual"]]
    .map(([verb, rest], i) => h("li", { "aria-current": i + 1 === current ? "step" : null },
      `${i + 1} `, h("strong", {}, verb), ` ${rest}`)));

const card = (step: number, ...children: Child[]) =>
  h("div", { class: "card" }, h("h1", { tabindex: "-1" }, "Crear mi cuenta"), steps(step), ...children);

function show(section: HTMLElement, content: HTMLElement): void {
  section.replaceChildren(content);
  section.querySelector<HTMLElement>("h1")?.focus();
}

/** Errors found before calling the API, each at its field (as the API's would be). */
function refuse(errores: { campo: string; mensaje: string }[]): void {
  if (errores.length) throw new ApiError(422, "VALIDACION", "Revisa los campos marcados", errores);
}

route("/afiliados/registro", {
  title: "Registro — Valida", public: true,
  async render() {
    const section = h("section", {});
    section.append(await validateStep(section));
    return section;
  },
});

async function validateStep(section: HTMLElement): Promise<HTMLElement> {
  const status = h("p", { class: "robot-status", role: "status" });
  const names = h("div", { class: "names" });
  let validated: { ref: DocumentoRef; answer: AffAnswer<"/afiliados/registro/validar", "post"> } | null = null;
  const next = button("Siguiente ›", () => {
    if (validated) show(section, questionsStep(section, validated.ref, validated.answer));
  });
  next.disabled = true;
  const form = onSubmit(h("form", {},
    h("h2", {}, "Ingresar tu documento de identidad:"),
    formError(),
    h("div", { class: "grid" }, await personDocumentField("Tipo de identificación"),
      text("numero_documento", "Número de documento", { required: true, inputmode: "numeric", autocomplete: "off" })),
    h("div", { class: "actions start" }, button("Validar", undefined, { type: "submit" })),
    h("h2", {}, "Código verificación:"), status, names), async () => {
    validated = null;
    next.disabled = true;
    names.replaceChildren();
    const ref = documentoRef(values(form));
    if (!ref.numero_documento) refuse([{ campo: "numero_documento", mensaje: "Ingresa el número de documento" }]);
    status.textContent = "Verificando que no eres un robot…";
    status.className = "robot-status busy";
    let answer: AffAnswer<"/afiliados/registro/validar", "post">;
    try {
      const challenge = await affCall("post", "/afiliados/registro/reto");
      const nonce = await solveChallenge(challenge.reto, challenge.dificultad);
      answer = await affCall("post", "/afiliados/registro/validar", { body: { ...ref, reto: challenge.reto, nonce } });
    } catch (error) {
      status.textContent = "";
      status.className = "robot-status";
      throw error;
    }
    status.textContent = "✓ No soy un robot: verificado";
    status.className = "robot-status ok";
    const n = answer;
    names.replaceChildren(h("h2", {}, "Nombres y apellidos:"), h("div", { class: "grid" },
      text("primer_nombre", "Primer Nombre", { value: n.primer_nombre, readonly: true }),
      text("segundo_nombre", "Segundo Nombre", { value: n.segundo_nombre ?? "", readonly: true }),
      text("primer_apellido", "Primer Apellido", { value: n.primer_apellido, readonly: true }),
      text("segundo_apellido", "Segundo Apellido", { value: n.segundo_apellido ?? "", readonly: true })),
    h("p", { class: "hint" }, "Si encuentras alguna inconsistencia en la información, comunícate a la línea de "
      + "atención al cliente 018000 938777 o a través del ", h("a", { href: "#/afiliados/contacto" },
      "formulario contáctenos"), " de nuestra página."));
    validated = { ref, answer };
    next.disabled = false;
  });
  return card(1, form, h("div", { class: "actions" },
    h("a", { href: `#${LOGIN}`, class: "button secondary" }, "‹ Atrás"), next));
}

function questionsStep(section: HTMLElement, ref: DocumentoRef,
  valid: AffAnswer<"/afiliados/registro/validar", "post">): HTMLElement {
  const fieldsets = valid.preguntas.map((q, i) => {
    const options = q.opciones.includes(NONE_OF_THEM) ? q.opciones : [...q.opciones, NONE_OF_THEM];
    const errorId = `pregunta-${q.clave}-error`;
    return h("fieldset", { class: "field question", "data-campo": q.clave, "aria-describedby": errorId },
      h("legend", {}, `${i + 1}. ${q.pregunta}`),
      h("div", { class: "options" }, options.map((o, j) => h("label", { class: "check" },
        h("input", { type: "radio", name: q.clave, value: o, required: true, id: `pregunta-${q.clave}-${j}` }), o))),
      h("p", { id: errorId, class: "field-error" }));
  });
  const form = onSubmit(h("form", {},
    h("h2", {}, "Preguntas de seguridad"),
    h("p", {}, "Responde las tres preguntas seleccionando una única respuesta en cada una."),
    formError(), ...fieldsets,
    h("div", { class: "actions" }, button("‹ Atrás", () => go(LOGIN), { kind: "secondary" }),
      button("Siguiente ›", undefined, { type: "submit" }))), async () => {
    const chosen = (clave: string) =>
      form.querySelector<HTMLInputElement>(`input[name="${CSS.escape(clave)}"]:checked`)?.value ?? "";
    refuse(valid.preguntas.filter((q) => !chosen(q.clave))
      .map((q) => ({ campo: q.clave, mensaje: "Selecciona una respuesta" })));
    const respuestas = { direccion: chosen("direccion"), fecha_nacimiento: chosen("fecha_nacimiento"),
      telefono: chosen("telefono") };
    let ticket: string;
    try {
      ticket = (await affCall("post", "/afiliados/registro/respuestas", { body: { ticket: valid.ticket, respuestas } })).ticket;
    } catch (error) {
      // The third wrong try blocks the document for 24 h: back to the login with the API's words.
      if (error instanceof ApiError && error.code === "DOCUMENT_BLOCKED") {
        setFlash(error.message, "error");
        go(LOGIN);
        return;
      }
      if (error instanceof ApiError && error.status !== 0 && !error.errores.length) {
        throw new ApiError(error.status, error.code, `ESTIMADO USUARIO: ${error.message || WRONG_ANSWERS}`);
      }
      throw error;
    }
    show(section, await contactStep(section, ref, ticket));
  });
  return card(2, form);
}

async function contactStep(section: HTMLElement, ref: DocumentoRef, ticket: string): Promise<HTMLElement> {
  const terms = await affCall("get", "/afiliados/registro/terminos");
  const form = onSubmit(h("form", {},
    h("h2", {}, "Registra tu correo electrónico"),
    h("p", {}, "A este correo se enviará la respuesta a tus solicitudes de Autorizaciones médicas, PQRS, Certificados, "
      + "etc. Ingresarás a la Oficina Virtual con tu tipo y número de documento."),
    formError(),
    h("div", { class: "grid" },
      text("correo", "Correo electrónico", { required: true, type: "email", autocomplete: "email" }),
      text("correo_confirmacion", "Confirma tu correo electrónico", { required: true, type: "email", autocomplete: "off" }),
      field("celular", "Número de celular", { required: true, type: "tel", inputmode: "numeric", autocomplete: "tel",
        maxlength: 10, hint: "10 dígitos, empieza por 3" })),
    h("details", { class: "terms" }, h("summary", {}, `Leer los ${terms.titulo} (versión ${terms.version})`),
      h("ol", {}, terms.clausulas.map((c) => h("li", {}, c)))),
    checkbox("acepta_terminos", "He leído y acepto la política de términos y condiciones de uso"),
    h("div", { class: "actions" }, button("‹ Atrás", () => go(LOGIN), { kind: "secondary" }),
      button("Regístrate", undefined, { type: "submit" }))), async () => {
    const v = values(form);
    const acepta = isChecked(form, "acepta_terminos");
    const correo = v.correo ?? "";
    refuse([
      !CORREO.test(correo) && { campo: "correo", mensaje: "Ingresa un correo electrónico válido" },
      correo.toLowerCase() !== (v.correo_confirmacion ?? "").toLowerCase()
        && { campo: "correo_confirmacion", mensaje: "Los correos electrónicos no coinciden" },
      !CELULAR.test(v.celular ?? "") && { campo: "celular", mensaje: "El celular debe tener 10 dígitos y empezar por 3" },
      !acepta && { campo: "acepta_terminos", mensaje: "Debes aceptar los términos y condiciones de uso" },
    ].filter((e): e is { campo: string; mensaje: string } => !!e));
    const answer = await affCall("post", "/afiliados/registro/finalizar", { body: {
      ticket, correo, correo_confirmacion: v.correo_confirmacion ?? "", celular: v.celular ?? "",
      acepta_terminos: acepta, version_terminos: terms.version,
    } });
    show(section, card(3, notice(answer.mensaje, "ok"),
      h("dl", { class: "facts" }, h("dt", {}, "Usuario"), h("dd", {}, answer.usuario || ref.numero_documento)),
      h("p", {}, "Enviamos tu contraseña al correo electrónico registrado. Ingresa con tu tipo y número de documento; "
        + "por seguridad, la primera vez te pediremos cambiarla."),
      h("p", {}, h("a", { href: `#${LOGIN}`, class: "button primary" }, "Ingresar a tu oficina virtual"))));
  });
  return card(2, form);
}
