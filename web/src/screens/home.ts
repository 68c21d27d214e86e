// Menú inicial: the services this session may use (seed 002 §4).
import { get } from "../api";
import { allowed, isOperator, MENUS, route } from "../app";
import { h } from "../dom";
import { session } from "../session";

const DESCRIPTIONS: Record<string, string> = {
  "/cuenta": "Usuarios, cambiar contraseña, mi perfil y auditoría",
  "/pagos": "Pagos por rango de fechas, por número de pago o por factura, con el detalle en CSV",
  "/cartera": "Estado de cartera de sus facturas a partir de la plantilla XLSX",
  "/indicadores": "Prestación efectiva y oportunidad de la prestación",
  "/glosas": "Conciliaciones de glosas, su detalle en XLSX y la respuesta",
  "/encuesta": "Cuéntenos cómo le fue con la Oficina Virtual",
  "/operaciones/procesos": "Procesos de carga de todos los canales, en vivo, y reintento",
  "/operaciones/entidades": "Entidades que se cargan y sus columnas",
  "/operaciones/encuesta": "Informe de la encuesta de satisfacción",
  "/operaciones/accesos": "Quién consultó qué datos de la EPS",
  "/operaciones/afiliados": "Documentos y cambios de IPS de los afiliados por decidir; corrección de correo",
  "/operaciones/pqrs": "PQRS de afiliados por responder, con sus días hábiles y la oportunidad mensual",
};

/** Mi cuenta's card says only what this profile can use there (delegates have no Usuarios nor Auditoría). */
function accountCard(rol: string): string {
  if (rol === "ADMINISTRADOR") return DESCRIPTIONS["/cuenta"];
  if (rol === "OPERADOR") return "Cambiar contraseña y mi perfil";
  return "Cambiar contraseña, mi perfil e invitaciones de otros prestadores";
}

route("/inicio", {
  title: "Inicio",
  async render() {
    const s = session.current()!;
    const me = await get("/sesion");
    const cards = MENUS.filter((m) => m.path !== "/inicio" && allowed(s, m));
    return h("section", {},
      h("h1", {}, isOperator(s) ? "Consola de operaciones" : "Oficina Virtual de Prestadores"),
      h("p", {}, `${me.nombre} · ${me.rol} · ${me.prestador_actual.razon_social}`),
      h("h2", {}, "Servicios disponibles"),
      h("ul", { class: "cards" }, cards.map((m) => h("li", {},
        h("a", { href: `#${m.path}`, class: "card link-card" }, h("strong", {}, m.label),
          h("span", {}, m.path === "/cuenta" ? accountCard(s.rol) : DESCRIPTIONS[m.path] ?? ""))))));
  },
});
