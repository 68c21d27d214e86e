// Certificados en línea (seed 003 §4.3): Afiliación (PBS or PAC, of anyone in the group), Paz y salvo PBS for
// independientes and Retención en la fuente PAC. "Generar" downloads the PDF (with its verification code and QR)
// and the API mails a notice to the registered address.
import { saveAnswer, send } from "../api";
import { route } from "../app";
import { field, fieldErrorSlot, formError, h, notice, values, checked } from "../dom";
import { onSubmit } from "../forms";
import { affCall, type AffSchemas } from "./api";
import { affiliateSection } from "./frame";
import { affiliateSession } from "./session";

const PREFIX = "/afiliados/certificados";
const AFILIACION = `${PREFIX}/afiliacion`;
const PAZ_Y_SALVO = `${PREFIX}/paz-y-salvo`;
const RETENCION = `${PREFIX}/retencion`;
const MONTHS = ["Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio", "Agosto", "Septiembre", "Octubre",
  "Noviembre", "Diciembre"];
const ONLY_INDEPENDIENTES = "El certificado de paz y salvo PBS es solo para cotizantes independientes; los aportes de "
  + "un cotizante dependiente los paga su empleador.";
const credentials = { token: () => affiliateSession.token(), expired: (m: string) => affiliateSession.expired(m) };

type Tipo = "afiliacion" | "afiliacion-pac" | "paz-y-salvo" | "retencion-pac";
type Body = AffSchemas["CertificateRequest"];

/** Generates the PDF, saves it, and says so next to the form (the emailed notice included). */
async function generate(tipo: Tipo, body: Body, result: HTMLElement): Promise<void> {
  result.replaceChildren();
  const response = await send("post", `${PREFIX}/{tipo}`, { params: { tipo }, body, accept: "application/pdf" }, credentials);
  const name = await saveAnswer(response);
  result.replaceChildren(notice(`Se generó el certificado ${name}. Te enviamos una notificación a tu correo `
    + "electrónico registrado.", "ok"));
}

const page = () => affCall("get", PREFIX);

function screen(title: string, intro: string, ...content: (HTMLElement | null)[]): HTMLElement {
  return h("section", {}, h("h1", {}, title), h("p", {}, intro), ...content);
}

async function afiliacion(): Promise<HTMLElement> {
  const { personas } = await page();
  const result = h("div", { "aria-live": "polite" });
  const form = onSubmit(h("form", { class: "card" }, formError(),
    field("persona", "Persona", { required: true, value: personas[0]?.ref,
      options: personas.map((p) => ({ value: p.ref, label: `${p.nombre} (${p.relacion === "TITULAR" ? "Titular" : p.relacion})` })) }),
    field("plan", "Plan", { required: true, value: "PBS", options: [
      { value: "PBS", label: "Plan de Beneficios en Salud (PBS)" },
      { value: "PAC", label: "Plan de Atención Complementario (PAC)" }] }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Generar")),
    result), async () => {
    const v = values(form);
    await generate(v.plan === "PAC" ? "afiliacion-pac" : "afiliacion", { persona: v.persona ?? null }, result);
  });
  return screen("Certificado de afiliación", "Selecciona la persona que requiere el documento y haz clic en Generar. "
    + "El certificado se genera en PDF y se envía una notificación a tu correo electrónico registrado.", form);
}

async function pazYSalvo(): Promise<HTMLElement> {
  const p = await page();
  const intro = "Selecciona el mes y año a consultar; si quieres ver el historial de pagos, márcalo y haz clic en Generar.";
  if (!p.independiente) return screen("Paz y salvo PBS independientes", intro, notice(ONLY_INDEPENDIENTES, "info"));
  const [first, last] = [Number((p.afiliado_desde ?? p.periodo_actual).slice(0, 4)), Number(p.periodo_actual.slice(0, 4))];
  const years = Array.from({ length: last - first + 1 }, (_, i) => String(last - i));
  const result = h("div", { "aria-live": "polite" });
  const form = onSubmit(h("form", { class: "card" }, formError(),
    h("fieldset", { class: "field", "data-campo": "periodo" }, h("legend", {}, "Periodo"),
      h("div", { class: "grid" },
        field("mes", "Mes", { required: true, value: p.periodo_actual.slice(5),
          options: MONTHS.map((m, i) => ({ value: String(i + 1).padStart(2, "0"), label: m })) }),
        field("anio", "Año", { required: true, value: String(last), options: years.map((y) => ({ value: y, label: y })) })),
      fieldErrorSlot()),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "historial", value: "si" }),
      " Ver historial de pagos"),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Generar")),
    result), async () => {
    const v = values(form);
    const periodo = v.mes && v.anio ? `${v.anio}-${v.mes}` : null;
    await generate("paz-y-salvo", { periodo, historial: checked(form, "historial").length > 0 }, result);
  });
  return screen("Paz y salvo PBS independientes", intro, form);
}

async function retencion(): Promise<HTMLElement> {
  const p = await page();
  const current = Number(p.periodo_actual.slice(0, 4));
  const years = [...new Set([...Array.from({ length: 6 }, (_, i) => current - i), ...p.anios_pac])].sort((a, b) => b - a);
  const result = h("div", { "aria-live": "polite" });
  const form = onSubmit(h("form", { class: "card" }, formError(),
    field("anio", "Año", { required: true, value: String(p.anios_pac[0] ?? current),
      options: years.map((y) => ({ value: String(y), label: String(y) })) }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Generar")),
    result), async () => {
    const v = values(form);
    await generate("retencion-pac", { anio: v.anio ? Number(v.anio) : null }, result);
  });
  return screen("Retención en la fuente PAC", "Certificado de pagos del Plan de Atención Complementario (PAC) para "
    + "retención en la fuente. Selecciona el año y haz clic en Generar.", form);
}

affiliateSection({ prefix: PREFIX, label: "Certificados", items: [
  [AFILIACION, "Afiliación"], [PAZ_Y_SALVO, "Paz y salvo PBS independientes"], [RETENCION, "Retención en la fuente PAC"]] });
route(AFILIACION, { title: "Certificado de afiliación", render: afiliacion });
route(PAZ_Y_SALVO, { title: "Paz y salvo PBS independientes", render: pazYSalvo });
route(RETENCION, { title: "Retención en la fuente PAC", render: retencion });
