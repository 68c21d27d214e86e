// Mi cuenta › Actualizar datos (seed 003 §4.1.1): "Escoger beneficiario" (self and own minors; several at once get
// the same values), the fields of lines 490–521 (* required), the Ley 1581 de 2012 notice. A new email is confirmed
// at that address (the API mails a link: #/afiliados/correo/confirmar/<código>).
import { ApiError } from "../api";
import { route } from "../app";
import { field, formError, h, notice, values } from "../dom";
import { onSubmit, placeFields, text } from "../forms";
import { affCall, type AffSchemas } from "./api";
import { CELULAR, CORREO } from "./fields";
import { pendingNote } from "./home";
import { CONTACT_LABELS } from "./labels";

type Person = AffSchemas["ManagedPersonView"];
type Contact = AffSchemas["ContactView"];

const LEY_1581 = "Los datos personales suministrados serán tratados conforme a la Ley 1581 de 2012 (Ley de Protección "
  + "de Datos Personales) y serán utilizados de conformidad con las finalidades indicadas en la Política de Tratamiento "
  + "de Datos Personales de la EPS y las autorizaciones dadas por el titular.";
const INDIVIDUALLY = "En caso de seleccionar varias personas y no presenten los mismos datos de celular y correo "
  + "electrónico, por favor realizar la actualización de forma individual.";
const ETNIAS = ["Ninguno de los anteriores", "Indígena", "Rom (gitano)", "Raizal", "Palenquero",
  "Negro(a), mulato(a), afrocolombiano(a) o afrodescendiente"];
const ESCOLARIDADES = ["Ninguna", "Preescolar", "Primaria", "Secundaria", "Media", "Técnica", "Tecnológica",
  "Universitaria", "Posgrado"];

const choices = (list: string[], current?: string | null) =>
  [...list, ...(current && !list.some((o) => o.toLowerCase() === current.toLowerCase()) ? [current] : [])]
    .map((o) => ({ value: o, label: o }));

async function contactFields(c: Contact, required: Set<string>): Promise<HTMLElement> {
  const opts = (name: keyof Contact, extra: Parameters<typeof text>[2] = {}) =>
    ({ value: c[name] ?? "", required: required.has(name), ...extra });
  return h("div", {},
    h("div", { class: "grid" },
      field("etnia", "Etnia", { options: choices(ETNIAS, c.etnia), value: c.etnia ?? "", required: required.has("etnia") }),
      field("escolaridad", "Escolaridad", { options: choices(ESCOLARIDADES, c.escolaridad), value: c.escolaridad ?? "",
        required: required.has("escolaridad") })),
    h("h3", {}, "UBICACIÓN"),
    h("div", { class: "grid" },
      ...(await placeFields(c.departamento_residencia ?? "", c.ciudad_residencia ?? "", {
        departamento: ["departamento_residencia", "Departamento de residencia"],
        ciudad: ["ciudad_residencia", "Ciudad de Residencia"], required: true })),
      text("barrio", "Barrio residencia", opts("barrio")),
      text("direccion_residencia", "Dirección de Residencia", opts("direccion_residencia", { required: true, autocomplete: "street-address" })),
      text("direccion_correspondencia", "Dirección de Correspondencia", opts("direccion_correspondencia")),
      ...(await placeFields(c.departamento_correspondencia ?? "", c.ciudad_correspondencia ?? "", {
        departamento: ["departamento_correspondencia", "Departamento de Correspondencia"],
        ciudad: ["ciudad_correspondencia", "Ciudad de Correspondencia"], required: false }))),
    h("h3", {}, "PERSONALES"),
    h("div", { class: "grid" },
      text("correo", "Correo Electrónico", opts("correo", { type: "email", autocomplete: "email" })),
      text("correo_confirmacion", "Confirmación Correo Electrónico", { type: "email", value: c.correo ?? "",
        required: required.has("correo") }),
      text("correo_alternativo", "Correo alternativo", opts("correo_alternativo", { type: "email" })),
      text("localidad", "Localidad", opts("localidad")),
      text("telefono_residencia", "Teléfono de Residencia", opts("telefono_residencia", { type: "tel", inputmode: "numeric" })),
      text("telefono_adicional", "Teléfono Adicional", opts("telefono_adicional", { type: "tel", inputmode: "numeric" })),
      text("celular", "Teléfono Celular", opts("celular", { type: "tel", inputmode: "numeric", maxlength: 10 })),
      text("celular_alterno", "Teléfono Celular Alterno", opts("celular_alterno", { type: "tel", inputmode: "numeric", maxlength: 10 }))));
}

/** The checks the API also makes, shown at the fields before sending (Spanish, one per field). */
function localErrors(v: Record<string, string>, required: Set<string>): { campo: string; mensaje: string }[] {
  const errors: { campo: string; mensaje: string }[] = [];
  for (const name of required) if (!v[name]) errors.push({ campo: name, mensaje: "Este campo es obligatorio" });
  for (const name of ["correo", "correo_alternativo"]) {
    if (v[name] && !CORREO.test(v[name])) errors.push({ campo: name, mensaje: "Ingrese un correo electrónico válido" });
  }
  if ((v.correo ?? "").toLowerCase() !== (v.correo_confirmacion ?? "").toLowerCase()) {
    errors.push({ campo: "correo_confirmacion", mensaje: "El correo electrónico y su confirmación no coinciden" });
  }
  for (const name of ["celular", "celular_alterno"]) {
    if (v[name] && !CELULAR.test(v[name])) errors.push({ campo: name, mensaje: "El celular debe tener 10 dígitos y empezar por 3" });
  }
  for (const name of ["telefono_residencia", "telefono_adicional"]) {
    if (v[name] && !/^\d{7,10}$/.test(v[name])) errors.push({ campo: name, mensaje: "El teléfono debe tener entre 7 y 10 dígitos" });
  }
  return errors;
}

const sameContact = (people: Person[]) => people.every((p) =>
  (p.datos.celular ?? "") === (people[0].datos.celular ?? "") && (p.datos.correo ?? "") === (people[0].datos.correo ?? ""));

route("/afiliados/cuenta/datos", {
  title: "Actualizar datos",
  async render() {
    const page = await affCall("get", "/afiliados/datos");
    const required = new Set(page.obligatorios.length ? page.obligatorios
      : ["departamento_residencia", "ciudad_residencia", "direccion_residencia"]);
    const byRef = new Map(page.personas.map((p) => [p.ref, p]));
    const result = h("div", { "aria-live": "polite" });
    const selectedList = h("ul", { class: "selected" });
    const warning = h("div", { "aria-live": "polite" });
    const fieldsBox = h("div", {});
    let dirty = false;
    const selected = () => Array.from(form.querySelectorAll<HTMLInputElement>('input[name="personas"]:checked'))
      .map((c) => byRef.get(c.value)!).filter(Boolean);
    const fill = async (person: Person | undefined) => {
      const fields = await contactFields(person?.datos ?? {}, required);
      if (dirty) return; // typed while the fields were being built: what the person typed wins
      fieldsBox.replaceChildren(fields);
    };
    const onPick = async () => {
      const people = selected();
      selectedList.replaceChildren(...people.map((p) => h("li", {}, `${p.nombre} (${p.tipo_documento} ${p.numero_documento})`)));
      warning.replaceChildren(people.length > 1 && !sameContact(people) ? notice(INDIVIDUALLY, "error") : "");
      if (!dirty && people.length) await fill(people[0]);
    };
    const chooser = h("fieldset", { class: "field beneficiaries", "data-campo": "personas", "aria-describedby": "personas-error" },
      h("legend", {}, h("span", { "aria-hidden": "true" }, "* "), "Escoger beneficiario"),
      h("div", { class: "options" }, page.personas.map((p, i) => h("label", { class: "check" },
        h("input", { type: "checkbox", name: "personas", value: p.ref, checked: p.titular || (i === 0 && !page.personas.some((x) => x.titular)) }),
        `${p.nombre}${p.titular ? " (titular)" : ""}`))),
      h("p", { id: "personas-error", class: "field-error" }));
    chooser.addEventListener("change", () => void onPick());
    const form: HTMLFormElement = onSubmit(h("form", { class: "card" },
      h("h2", {}, "DATOS DE CONTACTO"),
      h("p", {}, "Selecciona a la(s) persona(s) a quien deseas actualizar los datos. Puede elegir varias personas si "
        + "prefiere que registren los mismos datos."),
      formError(), chooser, warning,
      page.personas.map((p) => pendingNote(p.novedades_pendientes)),
      h("h2", {}, "ACTUALIZAR DATOS PERSONALES"),
      h("p", {}, "La información que ingreses modificará todos los datos de la(s) persona(s) que haya(s) seleccionado. "
        + `${INDIVIDUALLY} Los campos con (*) son obligatorios.`),
      h("p", { class: "muted" }, "Personas seleccionadas:"), selectedList,
      fieldsBox,
      h("p", { class: "legal" }, page.aviso || LEY_1581),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Actualizar datos")),
      result), async () => {
      result.replaceChildren();
      const people = selected();
      const v = values(form);
      const errors = localErrors(v, required);
      if (!people.length) errors.unshift({ campo: "personas", mensaje: "Seleccione al menos una persona" });
      else if (people.length > 1 && !sameContact(people)) errors.unshift({ campo: "personas", mensaje: INDIVIDUALLY });
      if (errors.length) throw new ApiError(422, "VALIDACION", "Revise los campos marcados", errors);
      const blank = (k: string) => v[k] ?? null;
      const answer = await affCall("put", "/afiliados/datos", { body: {
        personas: people.map((p) => p.ref),
        departamento_residencia: v.departamento_residencia ?? "", ciudad_residencia: v.ciudad_residencia ?? "",
        direccion_residencia: v.direccion_residencia ?? "",
        ...Object.fromEntries(Object.keys(CONTACT_LABELS).filter((k) => !["departamento_residencia", "ciudad_residencia",
          "direccion_residencia"].includes(k)).map((k) => [k, blank(k)])),
        correo_confirmacion: blank("correo_confirmacion"),
      } });
      result.replaceChildren(notice(answer.mensaje, "ok"), answer.correo_por_confirmar
        ? notice(`Enviamos un enlace a ${answer.correo_por_confirmar}: el nuevo correo quedará registrado cuando lo abras.`, "info")
        : "");
    });
    form.addEventListener("input", (e) => { if (!(e.target as HTMLElement).closest(".beneficiaries")) dirty = true; });
    await onPick();
    return h("section", {}, h("h1", {}, "DATOS PERSONALES"),
      h("p", {}, "Mantener actualizados tus datos personales nos permite tenerte informado sobre promociones y nuevos "
        + "servicios. Actualiza tus datos y de los beneficiarios menores de edad cuando haya un cambio en tu modo de vida."),
      form);
  },
});

route("/afiliados/correo/confirmar/:codigo", {
  // The API takes the code only from the session that asked for the change: without one, login comes first.
  title: "Confirmar correo electrónico",
  async render({ codigo }) {
    const section = h("section", { class: "card narrow" }, h("h1", {}, "Confirmar correo electrónico"));
    try {
      const answer = await affCall("post", "/afiliados/correo/confirmar", { body: { codigo } });
      history.replaceState(null, "", "#/afiliados/inicio"); // the used code leaves the address bar
      section.append(notice(answer.mensaje, "ok"));
    } catch (error) {
      section.append(notice((error as Error).message, "error"));
    }
    section.append(h("p", {}, h("a", { href: "#/afiliados/inicio" }, "Ir al inicio")));
    return section;
  },
});
