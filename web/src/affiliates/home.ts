// Menú inicial (seed 003 §4): DATOS PERSONALES, MI PLAN DE BENEFICIOS EN SALUD (PBS), MI GRUPO FAMILIAR, PAC.
import { route } from "../app";
import { type Child, h, notice, table } from "../dom";
import { date, dateTime } from "../format";
import { affCall, type AffSchemas } from "./api";
import { ACCOUNT_MENU } from "./frame";
import { affiliateSession } from "./session";
import { CONTACT_LABELS, GENDERS, identification, orEmpty } from "./labels";

const facts = (pairs: [string, Child][]) =>
  h("dl", { class: "facts two" }, pairs.flatMap(([k, v]) => [h("dt", {}, `${k}:`), h("dd", {}, v)]));

export function pendingNote(novedades: AffSchemas["PendingChangeView"][]): HTMLElement | null {
  if (!novedades.length) return null;
  return notice(novedades.map((n) => `Actualización enviada el ${dateTime(n.fecha)} pendiente de aplicar en la EPS: `
    + Object.entries(n.campos).map(([k, v]) => `${CONTACT_LABELS[k] ?? k}: ${v}`).join(", ")).join(". "), "info");
}

route("/afiliados/inicio", {
  title: "Inicio",
  async render() {
    const home = await affCall("get", "/afiliados/inicio");
    const p = home.datos_personales;
    affiliateSession.named(p.nombre);
    const c = (k: keyof AffSchemas["ContactView"]) => orEmpty(p[k]);
    const ips = home.pbs.ips_primaria;
    return h("section", {},
      h("h1", {}, "Mi cuenta"),
      h("section", { class: "card", "aria-labelledby": "t-datos" },
        h("h2", { id: "t-datos" }, "DATOS PERSONALES"),
        h("p", {}, "Actualizar tus datos personales nos permite acercarnos más a ti."),
        facts([["Identificación", identification(p.tipo_documento, p.numero_documento)], ["Nombre", p.nombre],
          ["Fecha de nacimiento", date(p.fecha_nacimiento)], ["Género", GENDERS[p.genero] ?? p.genero],
          ["Correo registrado", c("correo")], ["Correo alternativo", c("correo_alternativo")],
          ["Teléfono residencia", c("telefono_residencia")], ["Teléfono Adicional", c("telefono_adicional")],
          ["Teléfono Celular", c("celular")], ["Dirección residencia", c("direccion_residencia")],
          ["Dirección correspondencia", c("direccion_correspondencia")],
          ["Departamento y Ciudad", [p.departamento_residencia, p.ciudad_residencia].filter(Boolean).join(" - ") || "—"],
          ["Ciudad Correspondencia", c("ciudad_correspondencia")], ["Barrio", c("barrio")], ["Localidad", c("localidad")]]),
        pendingNote(home.novedades_pendientes),
        h("p", {}, h("a", { href: `#${ACCOUNT_MENU[0][0]}`, class: "button secondary small" }, "Actualizar datos"))),
      h("section", { class: "card", "aria-labelledby": "t-pbs" },
        h("h2", { id: "t-pbs" }, "MI PLAN DE BENEFICIOS EN SALUD (PBS)"),
        h("p", {}, "Aquí encontrarás todos los datos de tu afiliación PBS"),
        facts([["Estado de afiliación", home.pbs.estado_afiliacion], ["IPS Primaria", orEmpty(ips?.nombre)],
          ["Dirección IPS", orEmpty(ips?.direccion)], ["Teléfono IPS", orEmpty(ips?.telefono)]])),
      h("section", { class: "card", "aria-labelledby": "t-grupo" },
        h("h2", { id: "t-grupo" }, "MI GRUPO FAMILIAR AFILIADO A SOS EN EL PLAN DE BENEFICIOS EN SALUD - PBS"),
        h("p", {}, "Aquí encontrarás todos los datos de tu grupo de afiliados."),
        table("Mi grupo familiar", ["Nombre", "T.I.", "N° de documento", "Parentesco", "Estado de afiliación", "IPS Primaria"],
          home.grupo_familiar.map((f) => [f.nombre, f.tipo_documento, f.numero_documento, f.parentesco,
            f.estado_afiliacion, orEmpty(f.ips_primaria)]))),
      home.pac.length ? h("section", { class: "card", "aria-labelledby": "t-pac" },
        h("h2", { id: "t-pac" }, "PLAN DE ATENCIÓN COMPLEMENTARIA (PAC)"),
        table("Mis planes complementarios", ["Plan", "Contrato", "Estado", "Vigencia desde", "Vigencia hasta"],
          home.pac.map((x) => [x.plan, x.contrato, x.estado, date(x.vigencia_desde), date(x.vigencia_hasta) || "—"])))
        : null,
      h("p", {}, "Para mayor información sobre los planes de atención complementario haga clic ",
        h("a", { href: "https://www.pac-sos.com.co", rel: "noopener", target: "_blank" }, "aquí")));
  },
});
