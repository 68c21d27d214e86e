// Autorizaciones Médicas (seed 003 §4.2): Consultar Estado de mi Solicitud (§4.2.2: the person's OPS and portal
// presolicitudes, 10 per page, "No. Presolicitud" and "Filtro por meses", Copia when ENTREGADA, Pagar when the
// API says so) and Consultar Estado de mi Solicitud MIPRES (§4.2.3). Registrar mi Solicitud and the copays'
// history are other modules' tabs of this same section.
import { saveAnswer, send } from "../api";
import { route } from "../app";
import { button, type Child, field, formError, h, notice, table } from "../dom";
import { date, monthLabel, pesos } from "../format";
import { onSubmit } from "../forms";
import { affCall, type AffSchemas } from "./api";
import { affiliateSection } from "./frame";
import { affiliateSession } from "./session";

const PREFIX = "/afiliados/autorizaciones";
export const REQUEST = `${PREFIX}/solicitud`;
export const STATUS = `${PREFIX}/estado`;
export const MIPRES = `${PREFIX}/mipres`;
export const PAYMENTS = `${PREFIX}/pagos`;
/** Where "Pagar" leads: the payments' module starts the payment of this OPS. */
export const payOps = (numero: string) => `${PAYMENTS}/pagar/${encodeURIComponent(numero)}`;

affiliateSection({ prefix: PREFIX, label: "Autorizaciones", items: [
  [REQUEST, "Registrar mi Solicitud"],
  [STATUS, "Consultar Estado de mi Solicitud"],
  [MIPRES, "Consultar Estado de mi Solicitud MIPRES"],
  [PAYMENTS, "Histórico C. Moderadoras y Copagos"],
] });

type Basics = AffSchemas["AffiliateBasics"];
type Person = AffSchemas["PersonOption"];
const credentials = { token: () => affiliateSession.token(), expired: (m: string) => affiliateSession.expired(m) };

function basics(b: Basics): HTMLElement {
  const pairs: [string, string][] = [["Fecha", date(b.fecha)], ["Número de Identificación", `${b.tipo_documento} ${b.numero_documento}`],
    ["Nombres y Apellidos", b.nombre], ["IPS Primaria", b.ips_primaria ?? "—"], ["Derecho", b.derecho ?? "—"]];
  return h("section", { class: "card", "aria-labelledby": "t-basicos" },
    h("h2", { id: "t-basicos" }, "DATOS BÁSICOS DEL AFILIADO"),
    h("dl", { class: "facts two" }, pairs.flatMap(([k, v]) => [h("dt", {}, `${k}:`), h("dd", {}, v)])));
}

function personPicker(people: Person[], current: string, onChange: (ref: string) => void): HTMLElement {
  const pick = field("persona", "AFILIADO", { value: current, options: people.map((p) => ({ value: p.ref, label: p.nombre })) });
  pick.querySelector("select")!.addEventListener("change", (e) => onChange((e.target as HTMLSelectElement).value));
  return pick;
}

/** The last 12 months (Bogotá), newest first, for "Filtro por meses". */
function lastMonths(now = Date.now()): string[] {
  const d = new Date(now - 5 * 3600_000);
  return Array.from({ length: 12 }, (_, i) => {
    const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1));
    return `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, "0")}`;
  });
}

async function downloadCopy(numero: string, status: HTMLElement): Promise<void> {
  status.replaceChildren();
  try {
    const name = await saveAnswer(await send("get", `${PREFIX}/${encodeURIComponent(numero)}/copia`,
      { accept: "application/pdf" }, credentials));
    status.replaceChildren(notice(`Copia descargada: ${name}`, "ok"));
  } catch (error) {
    status.replaceChildren(notice((error as Error).message, "error"));
  }
}

function actionsOf(row: AffSchemas["OpsRowView"], status: HTMLElement): Child {
  const found: Child[] = [];
  if (row.acciones.includes("COPIA") && row.no_autorizacion) {
    const numero = row.no_autorizacion;
    const copy = button("Copia", () => void downloadCopy(numero, status), { kind: "secondary small" });
    copy.setAttribute("aria-label", `Copia de la autorización ${numero}`);
    found.push(copy);
  }
  if (row.acciones.includes("PAGAR") && row.no_autorizacion) {
    found.push(h("a", { href: `#${payOps(row.no_autorizacion)}`, class: "button primary small",
      "aria-label": `Pagar ${pesos(row.valor_cuota)} de la autorización ${row.no_autorizacion}` }, "Pagar"));
  }
  return found.length ? h("div", { class: "row-actions" }, found) : "";
}

interface Filters { persona?: string; presolicitud?: string; mes?: string; pagina: number }

async function statusScreen(filters: Filters): Promise<HTMLElement> {
  const query: Record<string, string | undefined> = { afiliado: filters.persona, presolicitud: filters.presolicitud || undefined,
    mes: filters.mes || undefined, pagina: String(filters.pagina) };
  const page = await affCall("get", "/afiliados/autorizaciones", { query });
  const status = h("div", { "aria-live": "polite" });
  const replace = async (next: Filters) => {
    const fresh = await statusScreen(next);
    section.replaceWith(fresh);
    fresh.querySelector<HTMLElement>("[data-focus]")?.focus();
  };
  const months = lastMonths();
  if (filters.mes && !months.includes(filters.mes)) months.push(filters.mes);
  const form = onSubmit(h("form", { class: "filters" }, formError(),
    h("div", { class: "grid" },
      field("presolicitud", "No. Presolicitud", { value: filters.presolicitud ?? "", inputmode: "numeric", maxlength: 20 }),
      field("mes", "Filtro por meses", { value: filters.mes ?? "", options: [{ value: "", label: "Todos los meses" },
        ...months.map((m) => ({ value: m, label: monthLabel(m) }))] })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Consultar"))), async () => {
    const data = new FormData(form);
    await replace({ persona: page.persona, presolicitud: String(data.get("presolicitud") ?? "").trim(),
      mes: String(data.get("mes") ?? ""), pagina: 1 });
  });
  const rows = page.solicitudes.map((r) => [r.no_presolicitud ?? "", r.no_autorizacion ?? "", r.prestacion,
    h("span", { class: `state state-${r.estado.toLowerCase().replace(/\s+/g, "-")}` }, r.estado), r.proveedor ?? "",
    date(r.vencimiento), pesos(r.valor_cuota), r.observaciones ?? "", actionsOf(r, status)]);
  const pager = h("nav", { class: "pager", "aria-label": "Paginación" },
    button("‹ Anterior", () => void replace({ ...filters, persona: page.persona, pagina: page.pagina - 1 }), { kind: "secondary small" }),
    h("span", { "data-focus": "", tabindex: "-1" }, `Página ${page.pagina}`),
    button("Siguiente ›", () => void replace({ ...filters, persona: page.persona, pagina: page.pagina + 1 }), { kind: "secondary small" }));
  const [prev, next] = Array.from(pager.querySelectorAll("button"));
  prev.disabled = page.pagina <= 1;
  next.disabled = !page.hay_mas;
  const section: HTMLElement = h("section", { class: "authorizations" },
    h("h1", {}, "CONSULTAR ESTADO DE MI SOLICITUD MÉDICA"),
    h("p", {}, "Puedes consultar el estado de tus solicitudes y las de tus beneficiarios menores de edad radicados en "
      + "nuestro EPS, este servicio está disponible para todos nuestros afiliados."),
    personPicker(page.personas, page.persona, (ref) => void replace({ persona: ref, pagina: 1 })),
    basics(page.datos_basicos),
    h("section", { class: "card", "aria-labelledby": "t-estados" },
      h("h2", { id: "t-estados" }, "ESTADOS DE LAS SOLICITUDES"), form, status,
      page.mensaje ? notice(page.mensaje, "info") : null,
      table("Estados de las solicitudes", ["No. Presolicitud", "No. Autorización", "Prestación", "Estado",
        "Proveedor que atiende", "F. Vencimiento", "Valor Cuota", "Observaciones", "Acciones"], rows, { actions: true }),
      pager),
    h("p", {}, "Una vez autorizada la solicitud, el sistema enviará una notificación al correo electrónico registrado."),
    h("aside", { class: "hint" }, h("p", {}, h("strong", {}, "Recuerde:")), h("ul", {},
      h("li", {}, "El botón para descargar una copia solo está habilitado si la OPS tiene estado ", h("strong", {}, "Entregada"), "."),
      h("li", {}, "El botón para el pago solo está habilitado si el valor es mayor a cero y la OPS ya está autorizada."),
      h("li", {}, "Los pagos se realizan por cada Orden de Prestación de Servicios (OPS) y solo por el valor total."))));
  return section;
}

async function mipresScreen(persona?: string): Promise<HTMLElement> {
  const page = await affCall("get", "/afiliados/mipres", { query: { afiliado: persona } });
  const rows = page.prescripciones.map((m) => [m.no_prescripcion, date(m.fecha), m.servicio,
    h("span", { class: `state state-${m.estado.toLowerCase().replace(/\s+/g, "-")}` }, m.estado), m.prestador ?? "",
    m.no_autorizacion ?? "", date(m.vencimiento), pesos(m.valor)]);
  const section: HTMLElement = h("section", { class: "authorizations" },
    h("h1", {}, "CONSULTAR ESTADO DE MI SOLICITUD MIPRES"),
    h("p", {}, "Consulta tus solicitudes MIPRES y las de tus beneficiarios menores de edad radicadas en nuestra EPS SOS SA. "
      + "Presenta el número de autorización ante el prestador con la fórmula médica y tu documento de identificación."),
    personPicker(page.personas, page.persona, (ref) => void mipresScreen(ref).then((fresh) => {
      section.replaceWith(fresh);
      fresh.querySelector<HTMLElement>("select")?.focus();
    })),
    basics(page.datos_basicos),
    h("section", { class: "card", "aria-labelledby": "t-mipres" },
      h("h2", { id: "t-mipres" }, "ESTADOS DE LAS SOLICITUDES MIPRES"),
      page.mensaje ? notice(page.mensaje, "info") : table("Estados de las solicitudes MIPRES", ["No. Prescripción", "Fecha",
        "Servicio", "Estado", "Prestador asignado", "No. Autorización", "Vencimiento", "Valor cuota"], rows)),
    h("p", { class: "hint" }, "Recuerde revisar sus prescripciones frecuentemente."));
  return section;
}

route(STATUS, { title: "Consultar Estado de mi Solicitud", render: () => statusScreen({ pagina: 1 }) });
route(MIPRES, { title: "Consultar Estado de mi Solicitud MIPRES", render: () => mipresScreen() });
