// Mi cuenta › Actualizar documentos (seed 003 §4.1.2): the supports the EPS waits for (Tipo de Soporte | Nombre),
// a PDF/JPG/PNG of at most 2 MB for each, checked here by its first bytes and size as the API checks them again;
// "Enviar documentos" sends them (the API takes two files per request) and mails a confirmation.
import { ApiError } from "../api";
import { route } from "../app";
import { formError, h, notice, table } from "../dom";
import { date } from "../format";
import { onSubmit } from "../forms";
import { fileField } from "../upload";
import { affCall, type AffSchemas } from "./api";

const PER_REQUEST = 2;
const ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";
const SIGNATURES: [string, number[]][] = [
  ["PDF", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["PNG", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["JPG", [0xff, 0xd8, 0xff]],
];
const STATES: Record<string, string> = {
  PENDIENTE: "Pendiente", RECIBIDO: "Recibido (en revisión)", DEVUELTO: "Devuelto: envíelo de nuevo", ACEPTADO: "Aceptado",
};

/** "PDF" | "PNG" | "JPG" by the file's first bytes, or null (the name's extension is not trusted). */
export async function fileKind(file: Blob): Promise<string | null> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  return SIGNATURES.find(([, bytes]) => bytes.every((b, i) => head[i] === b))?.[0] ?? null;
}

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(2).replace(".", ",")} MB`;

function base64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(new Error("No fue posible leer el archivo; selecciónelo de nuevo"));
    reader.readAsDataURL(file);
  });
}

type Pending = AffSchemas["PendingSupportView"];
const sendable = (d: Pending) => (d.estado ?? "PENDIENTE") === "PENDIENTE" || d.estado === "DEVUELTO";

async function screen(): Promise<HTMLElement> {
  const page = await affCall("get", "/afiliados/documentos");
  const max = page.tamano_maximo_bytes || 2 * 1_048_576;
  const result = h("div", { "aria-live": "polite" });
  const pickers = new Map<number, { input: HTMLInputElement; clear: () => void; doc: Pending }>();
  const rows = page.documentos.map((d, i) => {
    let cell: HTMLElement | string = STATES[d.estado ?? "PENDIENTE"] ?? d.estado ?? "";
    if (sendable(d)) {
      const picker = fileField(`soporte-${i}`, h("span", {}, "Archivo", h("span", { class: "sr-only" },
        ` de ${d.tipo_soporte} de ${d.nombre}`)), "PDF, JPG o PNG; máximo 2 MB", ACCEPT, `soporte-${i}`);
      pickers.set(i, { ...picker, doc: d });
      cell = h("div", {}, d.estado === "DEVUELTO" ? h("p", { class: "returned" }, `Devuelto: ${d.motivo ?? ""}`) : null,
        picker.box);
    }
    return [d.tipo_soporte, d.nombre, date(d.fecha), cell];
  });
  const form = onSubmit(h("form", { class: "card" },
    h("p", {}, "Escanea los documentos en formato ", h("strong", {}, "PDF, JPG o PNG"), "; cada uno de máximo ",
      h("strong", {}, "2 MB"), ". Selecciona el archivo de cada soporte y haz clic en ", h("strong", {}, "Enviar documentos"), "."),
    formError(),
    table("Documentos pendientes por actualizar", ["Tipo de Soporte", "Nombre", "Fecha", "Archivo"], rows),
    pickers.size ? h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Enviar documentos")) : null,
    result), async () => {
    result.replaceChildren();
    const chosen = [...pickers.entries()].filter(([, p]) => p.input.files?.[0]);
    if (!chosen.length) {
      throw new ApiError(422, "VALIDACION", "Seleccione al menos un archivo",
        [{ campo: `soporte-${[...pickers.keys()][0]}`, mensaje: "Seleccione el archivo del soporte" }]);
    }
    const errors: { campo: string; mensaje: string }[] = [];
    for (const [i, p] of chosen) {
      const file = p.input.files![0];
      if (file.size > max) errors.push({ campo: `soporte-${i}`, mensaje: `El archivo supera el tamaño máximo de 2 MB (pesa ${megabytes(file.size)})` });
      else if (!(await fileKind(file))) errors.push({ campo: `soporte-${i}`, mensaje: "El archivo debe ser PDF, JPG o PNG" });
    }
    if (errors.length) throw new ApiError(422, "VALIDACION", "Revise los archivos marcados", errors);
    const archivos = await Promise.all(chosen.map(async ([, p]) => ({ ref: p.doc.ref, tipo_soporte: p.doc.tipo_soporte,
      nombre_archivo: p.input.files![0].name, contenido: await base64(p.input.files![0]) })));
    let message = "";
    for (let k = 0; k < archivos.length; k += PER_REQUEST) {
      message = (await affCall("post", "/afiliados/documentos", { body: { archivos: archivos.slice(k, k + PER_REQUEST) } })).mensaje;
      chosen.slice(k, k + PER_REQUEST).forEach(([, p]) => p.clear());
    }
    const fresh = await screen();
    fresh.querySelector("form [aria-live]")?.replaceChildren(notice(message, "ok"));
    form.closest("section")?.replaceWith(fresh);
  });
  return h("section", {}, h("h1", {}, "Actualizar documentos"), form);
}

route("/afiliados/cuenta/documentos", { title: "Actualizar documentos", render: screen });
