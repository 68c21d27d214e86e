// Straight to S3: the API hands a presigned POST form; the file never passes through the API.
import { h } from "./dom";

export interface UploadForm { url: string; campos: Record<string, unknown>; tamano_maximo_bytes: number }

/** Posts `file` with the form's fields (the file last, as S3 requires), reporting progress on `bar`. */
export function postToS3(form: UploadForm, file: File, bar: HTMLProgressElement): Promise<void> {
  return new Promise((resolve, reject) => {
    if (file.size > form.tamano_maximo_bytes) {
      reject(new Error(`El archivo supera el tamaño máximo de ${Math.round(form.tamano_maximo_bytes / 1_048_576)} MB`));
      return;
    }
    const data = new FormData();
    for (const [k, v] of Object.entries(form.campos)) data.append(k, String(v));
    data.append("file", file);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.url);
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        bar.value = 100;
        resolve();
      } else reject(new Error("El archivo no pudo cargarse. Registre la solicitud de nuevo"));
    });
    xhr.addEventListener("error", () => reject(new Error("El archivo no pudo cargarse: verifique su conexión")));
    xhr.send(data);
  });
}

export function progressBar(label: string): HTMLProgressElement {
  return h("progress", { max: "100", value: "0", "aria-label": label });
}

/** A file field whose button and "no file" text are Spanish (the browser's own input speaks its UI language:
 * "Choose File"). The real input stays focusable and labelled; only its drawing is replaced. */
export function fileField(id: string, label: string | Node, hint: string, accept = ".xlsx", name = "archivo"):
  { box: HTMLElement; input: HTMLInputElement; clear: () => void } {
  const input = h("input", { type: "file", id, name, accept, class: "file-input",
    "aria-describedby": `${id}-nombre ${id}-ayuda ${id}-error` });
  const chosen = h("span", { id: `${id}-nombre`, class: "file-name" }, "Ningún archivo seleccionado");
  const show = () => { chosen.textContent = input.files?.[0]?.name ?? "Ningún archivo seleccionado"; };
  input.addEventListener("change", show);
  const box = h("div", { class: "field", "data-campo": name },
    h("label", { for: id }, h("span", { "aria-hidden": "true" }, "* "), label),
    h("div", { class: "file-row" }, input,
      h("label", { for: id, class: "button secondary file-button", "aria-hidden": "true" }, "Seleccionar archivo"), chosen),
    h("small", { id: `${id}-ayuda`, class: "hint" }, hint),
    h("p", { id: `${id}-error`, class: "field-error" }));
  return { box, input, clear: () => { input.value = ""; show(); } };
}
