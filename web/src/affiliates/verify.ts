// «Verificar certificado», public (no login): whoever receives a PDF of the EPS types its code, opens the QR's
// link (#/verificar?codigo=…) or drops the PDF itself (compared by its SHA-256). The answer is the document's type,
// its date of issue and a masked holder: initials and the last three digits of the document.
import { ApiError } from "../api";
import { route, type Screen } from "../app";
import { formError, h, notice, values } from "../dom";
import { dateTime } from "../format";
import { onSubmit, text } from "../forms";
import { fileField } from "../upload";
import { affCall, type AffSchemas } from "./api";

const MAX_BYTES = 2 * 1_048_576;
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

function found(v: AffSchemas["VerificationView"]): HTMLElement {
  return h("div", { class: "notice ok", role: "status" },
    h("p", {}, h("strong", {}, "El documento fue expedido por la EPS.")),
    h("dl", { class: "verified" },
      h("dt", {}, "Tipo de documento"), h("dd", {}, v.tipo),
      h("dt", {}, "Fecha de expedición"), h("dd", {}, dateTime(v.fecha_expedicion)),
      h("dt", {}, "Titular"), h("dd", {}, v.titular),
      h("dt", {}, "Código de verificación"), h("dd", {}, v.codigo)));
}

function base64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(new Error("No fue posible leer el archivo; selecciónelo de nuevo"));
    reader.readAsDataURL(file);
  });
}

async function byFile(file: File): Promise<AffSchemas["VerificationView"]> {
  const head = new Uint8Array(await file.slice(0, PDF.length).arrayBuffer());
  if (file.size > MAX_BYTES) throw new ApiError(422, "VALIDACION", "El archivo supera el tamaño máximo de 2 MB");
  if (!PDF.every((b, i) => head[i] === b)) throw new ApiError(422, "VALIDACION", "El archivo debe ser un PDF expedido por la EPS");
  return affCall("post", "/verificacion/archivo", { body: { contenido: await base64(file) } });
}

async function screen(params: Record<string, string>): Promise<HTMLElement> {
  const result = h("div", { "aria-live": "polite", class: "verification" });
  const show = async (work: () => Promise<AffSchemas["VerificationView"]>) => {
    result.replaceChildren();
    try {
      result.replaceChildren(found(await work()));
    } catch (error) {
      result.replaceChildren(notice((error as Error).message, "error"));
    }
  };
  const byCode = onSubmit(h("form", { class: "card", "aria-labelledby": "t-codigo" },
    h("h2", { id: "t-codigo" }, "Con el código de verificación"),
    formError(),
    text("codigo", "Código de verificación", { required: true, value: params.codigo ?? "", autocomplete: "off",
      hint: "Está al pie de cada página del documento, junto al código QR" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Verificar"))), async () => {
    const codigo = values(byCode).codigo ?? "";
    if (!codigo) throw new ApiError(422, "VALIDACION", "Escriba el código", [{ campo: "codigo", mensaje: "Campo obligatorio" }]);
    await show(() => affCall("get", "/verificacion/{codigo}", { params: { codigo } }));
  });
  const picker = fileField("verificar-archivo", "Documento PDF", "El PDF tal como lo recibió (máximo 2 MB)",
    ".pdf,application/pdf", "contenido");
  picker.input.addEventListener("change", () => {
    const file = picker.input.files?.[0];
    if (file) void show(() => byFile(file));
  });
  const drop = h("div", { class: "card drop-zone", "aria-labelledby": "t-archivo" },
    h("h2", { id: "t-archivo" }, "Con el archivo PDF"),
    h("p", {}, "Arrastre aquí el PDF recibido o selecciónelo: se compara con los documentos que expidió la EPS."),
    picker.box);
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const file = e.dataTransfer?.files?.[0];
    if (file) void show(() => byFile(file));
  });
  if (params.codigo) void show(() => affCall("get", "/verificacion/{codigo}", { params: { codigo: params.codigo } }));
  return h("section", { class: "verify" }, h("h1", {}, "Verificar certificado"),
    h("p", {}, "Compruebe que un certificado o documento fue expedido por la EPS. No necesita ingresar a la Oficina "
      + "Virtual."),
    result, byCode, drop);
}

const VERIFY: Screen = { title: "Verificar certificado", public: true, shared: true, render: screen };
route("/verificar", VERIFY);
route("/verificar\\?codigo=:codigo", VERIFY);
