// Autorizaciones › Histórico Cuota Moderadoras y Copagos (seed 003 §4.2.4): LISTADO DE PAGOS CUOTAS MODERADORAS Y
// COPAGOS of the affiliate or a minor of theirs, 10 a page; and the pay action's round trip (lines 783–798): the
// EPS states the amount, the browser goes to the gateway's page (PSE or credit card: no card data here) and comes
// back to the result. Authorizations' Consultar estado links its "Pagar" button to `payLink(numero)`. Operators:
// the payments still waiting for the gateway, a tab of the affiliates' queues.
import { currentGeneration, go, route, stillShown } from "../app";
import { button, field, formError, h, notice, table } from "../dom";
import { dateTime, pesos } from "../format";
import { onSubmit } from "../forms";
import { affCall, operatorCall } from "./api";
import { tabs } from "./operations";

export const PAYMENTS = "/afiliados/autorizaciones/pagos";
export const payLink = (numero: string): string => `${PAYMENTS}/pagar/${encodeURIComponent(numero)}`;
const HEADERS = ["Recibo de Pago", "N. Autorización", "Identificación", "Valor", "Concepto", "Fecha", "Estado",
  "Observaciones"];
const POLLS = 10;
const POLL_MS = 2000;

/** An instant as the seed's list writes it, in Bogotá: "2021-09-17 09:22:12". */
export function stamp(iso: string): string {
  const t = new Date(new Date(iso).getTime() - 5 * 3600_000); // Colombia has no daylight saving time
  return t.toISOString().slice(0, 19).replace("T", " ");
}

const PAGE = 10;

async function history(): Promise<HTMLElement> {
  const page = await affCall("get", "/afiliados/pagos");
  const who = field("persona", "AFILIADO", { value: page.personas[0]?.ref,
    options: page.personas.map((p) => ({ value: p.ref, label: p.nombre })) });
  const select = who.querySelector("select")!;
  select.querySelector("option[value='']")?.remove();
  const list = h("div", {});
  const draw = (ref: string, n: number) => {
    const person = page.personas.find((p) => p.ref === ref) ?? page.personas[0];
    const pages = Math.max(1, Math.ceil(person.total / PAGE));
    const shown = person.registros.slice((n - 1) * PAGE, n * PAGE);
    const previous = button("Anterior", () => draw(ref, n - 1), { kind: "secondary" });
    const next = button("Siguiente", () => draw(ref, n + 1), { kind: "secondary" });
    previous.disabled = n <= 1;
    next.disabled = n >= pages;
    list.replaceChildren(
      table("Pagos de cuotas moderadoras y copagos", HEADERS, shown.map((r) => [r.recibo_de_pago,
        r.numero_autorizacion, r.identificacion, pesos(r.valor), r.concepto, stamp(r.fecha), r.estado,
        r.observaciones ?? ""])),
      h("p", { class: "muted", "aria-live": "polite" }, `Mostrando ${shown.length} de ${person.total} Registros`),
      h("div", { class: "actions", hidden: pages <= 1 }, previous, h("span", {}, ` Página ${n} de ${pages} `), next));
  };
  select.addEventListener("change", () => draw(select.value, 1));
  draw(select.value, 1);
  return h("section", {},
    h("h1", {}, "CONSULTAR HISTORIAL DE PAGOS"),
    h("p", {}, "Puedes consultar el historial de pagos por concepto de cuotas moderadoras que has realizado en nuestra "
      + "EPS, este servicio esta disponible para todos nuestros afiliados"),
    h("div", { class: "card" }, who),
    h("section", { class: "card", "aria-labelledby": "t-pagos" }, h("h2", { id: "t-pagos" }, page.titulo), list));
}

route(PAYMENTS, { title: "Histórico Cuota Moderadoras y Copagos", render: history });

route(`${PAYMENTS}/pagar/:numero`, {
  title: "Pagar copago",
  render({ numero }) {
    const ops = decodeURIComponent(numero);
    const form = onSubmit(h("form", { class: "card" },
      formError(),
      h("p", {}, "Va a pagar el copago o cuota moderadora de la Orden de Prestación de Servicios (OPS) No. ",
        h("strong", {}, ops), ". El pago es por el valor total de esta OPS."),
      h("p", {}, "En la página de pagos elegirá el medio: Cuentas débito ahorro y corriente (PSE) o Tarjeta de Crédito. "
        + "Al terminar volverá a la Oficina Virtual."),
      h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Ir a pagar"),
        h("a", { href: `#${PAYMENTS}`, class: "button secondary" }, "Cancelar"))), async () => {
      const started = await affCall("post", "/afiliados/pagos", { body: { tipo: "COPAGO", referencia: ops } });
      location.assign(started.url_pago);
    });
    return h("section", {}, h("h1", {}, "Pago en línea"), form);
  },
});

route(`${PAYMENTS}/resultado/:pago`, {
  title: "Resultado del pago",
  async render({ pago }) {
    const asked = currentGeneration();
    const result = h("div", { "aria-live": "polite" });
    const show = (p: Awaited<ReturnType<typeof load>>) => result.replaceChildren(
      notice(p.estado === "Aprobado" ? "Su pago fue aprobado. Le enviamos al correo el soporte del pago y la OPS."
        : p.estado === "Pendiente" ? "Su pago está pendiente de confirmación por la entidad financiera."
          : `Su pago fue rechazado. ${p.observaciones ?? ""}`.trim(),
      p.estado === "Aprobado" ? "ok" : p.estado === "Pendiente" ? "info" : "error"),
      h("dl", { class: "facts two" },
        [["Recibo de Pago", p.recibo_de_pago], ["N. Autorización", p.numero_autorizacion], ["Valor", pesos(p.valor)],
        ["Concepto", p.concepto], ["Fecha", stamp(p.fecha)], ["Estado", p.estado]].flatMap(([k, v]) =>
        [h("dt", {}, `${k}:`), h("dd", {}, v)])));
    const load = () => affCall("get", "/afiliados/pagos/{pago}", { params: { pago } });
    let payment = await load();
    show(payment);
    void (async () => {
      for (let i = 0; i < POLLS && payment.estado === "Pendiente"; i++) {
        await new Promise((done) => setTimeout(done, POLL_MS));
        if (!stillShown(asked)) return;
        payment = await load();
        show(payment);
      }
    })();
    return h("section", {}, h("h1", {}, "Resultado del pago"), result,
      h("p", {}, button("Ver histórico de pagos", () => go(PAYMENTS), { kind: "secondary" })));
  },
});

const PENDING = "/operaciones/afiliados/pagos-pendientes";
route(PENDING, {
  title: "Pagos pendientes", operator: true,
  async render() {
    const page = await operatorCall("get", PENDING);
    return h("section", {}, h("h1", {}, "Afiliados"), tabs(PENDING), h("h2", {}, "Pagos en línea pendientes"),
      h("p", {}, "Pagos que esperan la respuesta de la pasarela; el barrido los consulta cada 5 minutos y cierra los "
        + "que vencieron sin transacción."),
      table("Pagos pendientes", ["Recibo de Pago", "Tipo", "N. Autorización", "Valor", "Fecha", "Vence", "Transacción"],
        page.pagos.map((p) => [p.recibo_de_pago, p.tipo, p.numero_autorizacion, pesos(p.valor), dateTime(p.fecha),
          dateTime(p.vence), p.transaccion ?? "—"])));
  },
});
