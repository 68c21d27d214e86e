// Form pieces of the affiliates' screens.
import { get } from "../api";
import { field, h } from "../dom";
import type { TipoDocumento } from "./api-types";

let personTypes: { value: string; label: string }[] | null = null;

/** Tipo de identificación of a person (the providers' catalogue without NIT). */
export async function personDocumentField(label = "Tipo de documento", name = "tipo_documento"): Promise<HTMLElement> {
  personTypes ??= (await get("/catalogos/tipos-documento")).items.filter((i) => i.codigo !== "NI")
    .map((i) => ({ value: i.codigo, label: i.nombre }));
  return field(name, label, { required: true, options: personTypes, value: "CC" });
}

export const documentoRef = (v: Record<string, string>) =>
  ({ tipo_documento: (v.tipo_documento ?? "CC") as TipoDocumento, numero_documento: v.numero_documento ?? "" });

/** A labelled checkbox with a slot for its error (`data-campo`). */
export function checkbox(name: string, label: string | Node, value = "true"): HTMLElement {
  const id = `${name}-${value}`.replace(/\W/g, "-");
  return h("div", { class: "field check", "data-campo": name },
    h("input", { type: "checkbox", id, name, value, "aria-describedby": `${id}-error` }),
    h("label", { for: id }, label),
    h("p", { id: `${id}-error`, class: "field-error" }));
}

export const isChecked = (form: HTMLElement, name: string): boolean =>
  !!form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);

export const CELULAR = /^3\d{9}$/;
export const CORREO = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
