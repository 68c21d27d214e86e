// Shared form pieces: submitting with field errors, the catalogues the forms use.
import { ApiError, get } from "./api";
import { clearErrors, field, type FieldOptions, h, showErrors } from "./dom";

/** Runs `action` on submit: busy state, and the API's errors placed next to their fields. `results` (the answer
 * of an earlier submit) is emptied when this one fails, so old results never sit under a new error. */
export function onSubmit(form: HTMLFormElement, action: () => Promise<void>, results?: HTMLElement): HTMLFormElement {
  form.noValidate = true; // the API's Spanish messages are shown instead of the browser's bubbles
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const submit = form.querySelector<HTMLButtonElement>("button[type=submit]");
    clearErrors(form);
    if (submit) submit.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      await action();
    } catch (error) {
      results?.replaceChildren();
      if (error instanceof ApiError) showErrors(form, error.message, error.errores);
      else showErrors(form, (error as Error).message);
    } finally {
      if (submit) submit.disabled = false;
      form.removeAttribute("aria-busy");
    }
  });
  return form;
}

/** A client-side check shown exactly like an API field error. */
export function fieldError(campo: string, mensaje: string): ApiError {
  return new ApiError(422, "VALIDACION", "La solicitud tiene datos inválidos", [{ campo, mensaje }]);
}

let documentTypes: { value: string; label: string }[] | null = null;
export async function documentTypeField(name: string, label: string, value = "CC", readonly = false):
  Promise<HTMLElement> {
  documentTypes ??= (await get("/catalogos/tipos-documento")).items.map((i) => ({ value: i.codigo, label: i.nombre }));
  return field(name, label, { required: true, options: documentTypes, value, readonly });
}

let departamentos: { codigo: string; nombre: string }[] | null = null;
/** The names and labels of a departamento → ciudad pair (a form may hold two: residencia, correspondencia). */
export interface PlacePair { departamento: [string, string]; ciudad: [string, string]; required: boolean }
const PLACE: PlacePair = { departamento: ["departamento", "Departamento"], ciudad: ["ciudad", "Ciudad"], required: true };

const folded = (name: string): string => name.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase().trim();
/** The catalogue's spelling of `name` (data written "VALLE DEL CAUCA" or "Bogotá, D.C." matches its entry). */
const sameName = (names: string[], name: string): string => names.find((n) => folded(n) === folded(name)) ?? name;

/** Departamento → ciudad lists (DANE); the API takes names. */
export async function placeFields(departamento = "", ciudad = "", pair: PlacePair = PLACE): Promise<HTMLElement[]> {
  departamentos ??= (await get("/catalogos/departamentos")).items;
  const dep = field(pair.departamento[0], pair.departamento[1], {
    required: pair.required, value: sameName(departamentos.map((d) => d.nombre), departamento),
    options: departamentos.map((d) => ({ value: d.nombre, label: d.nombre })),
  });
  const city = field(pair.ciudad[0], pair.ciudad[1], { required: pair.required, options: [] });
  const depSelect = dep.querySelector("select")!;
  const citySelect = city.querySelector("select")!;
  const load = async (selected: string) => {
    const code = departamentos!.find((d) => d.nombre === depSelect.value)?.codigo;
    citySelect.replaceChildren(h("option", { value: "" }, "Seleccione…"));
    if (!code) return;
    const cities = (await get("/catalogos/departamentos/{code}/ciudades", { params: { code } })).items;
    const chosen = sameName(cities.map((c) => c.nombre), selected);
    citySelect.append(...cities.map((c) => h("option", { value: c.nombre, selected: c.nombre === chosen }, c.nombre)));
  };
  depSelect.addEventListener("change", () => void load(""));
  if (departamento) await load(ciudad);
  return [dep, city];
}

export const text = (name: string, label: string, opts: FieldOptions = {}): HTMLElement => field(name, label, opts);

/** The person fields shared by registration and the delegate form (seed §2.2 and §4.1.2). */
export async function personFields(v: Record<string, string | null | undefined> = {}, editing = false):
  Promise<HTMLElement[]> {
  const val = (k: string) => v[k] ?? "";
  return [
    await documentTypeField("tipo_documento", editing ? "Tipo documento del usuario" : "Tipo documento del solicitante",
      val("tipo_documento") || "CC", editing),
    text("numero_documento", "Número documento", { required: true, value: val("numero_documento"), readonly: editing,
      inputmode: "numeric" }),
    text("primer_nombre", "Primer nombre", { required: true, value: val("primer_nombre") }),
    text("segundo_nombre", "Segundo nombre", { value: val("segundo_nombre") }),
    text("primer_apellido", "Primer apellido", { required: true, value: val("primer_apellido") }),
    text("segundo_apellido", "Segundo apellido", { value: val("segundo_apellido") }),
    text("cargo", "Cargo desempeñado", { required: true, value: val("cargo") }),
    text("area", "Área", { required: true, value: val("area") }),
    ...(await placeFields(val("departamento"), val("ciudad"))),
    text("telefono", "Teléfono", { value: val("telefono"), inputmode: "tel", type: "tel" }),
    text("extension", "Extensión", { value: val("extension"), inputmode: "numeric" }),
    text("celular", "Teléfono celular", { required: true, value: val("celular"), inputmode: "tel", type: "tel" }),
    text("correo", "Correo electrónico corporativo", { required: !editing, value: val("correo"), type: "email",
      readonly: editing, autocomplete: "email" }),
    editing ? null : text("correo_confirmacion", "Verifica tu correo electrónico", { required: true, type: "email" }),
  ].filter((x): x is HTMLElement => x !== null);
}
