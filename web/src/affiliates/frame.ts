// The affiliates' office page: header (Bienvenido, Portal afiliados, Cerrar sesión), the menu, Mi cuenta's options,
// the "Acceso directo" column and the PAC banner (seed 003 §4), or before login the two offices side by side.
import { go, officeChoice, setFlash, type Screen } from "../app";
import { button, h, notice } from "../dom";
import { draftRoute, restoreDraft } from "../drafts";
import { affCall } from "./api";
import { affiliateKeepalive } from "./keepalive";
import { affiliateSession, type AffiliateSessionInfo } from "./session";

export const HOME = "/afiliados/inicio";
export const LOGIN = "/afiliados/ingresar";
export const PASSWORD = "/afiliados/cuenta/contrasena";

/** Mi cuenta's options (seed 003 §4.1), in the order of its menu. */
export const ACCOUNT_MENU: [string, string][] = [
  ["/afiliados/cuenta/datos", "Actualizar datos"],
  ["/afiliados/cuenta/documentos", "Actualizar documentos"],
  ["/afiliados/cuenta/cambio-ips", "Cambio de IPS"],
  [PASSWORD, "Cambiar contraseña"],
];
const SHORTCUTS = ACCOUNT_MENU.slice(0, 2);

/** A part of the office with its own options (Mi cuenta, Autorizaciones, Certificados…): one main-menu entry
 * (its first option) and, inside it, its options as tabs. Each part's module registers itself. */
export interface Section { prefix: string; label: string; items: [string, string][] }
const SECTIONS: Section[] = [{ prefix: "/afiliados/cuenta", label: "Mi cuenta", items: ACCOUNT_MENU }];

export function affiliateSection(section: Section): void {
  SECTIONS.push(section);
}

const WEEKDAYS = ["Domingo", "Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado"];
const MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
  "noviembre", "diciembre"];

/** "Lunes, 7 de diciembre de 2026" in Bogotá (no daylight saving time there). */
export function longToday(now = Date.now()): string {
  const d = new Date(now - 5 * 3600_000);
  return `${WEEKDAYS[d.getUTCDay()]}, ${d.getUTCDate()} de ${MONTHS[d.getUTCMonth()]} de ${d.getUTCFullYear()}`;
}

/** As the providers' logout: the screen leaves at once, the request carries the token read at the click; the other
 * tabs are told once it is revoked. */
export async function affiliateLogout(): Promise<void> {
  const revoked = affCall("post", "/afiliados/sesion/cerrar").catch(() => undefined);
  affiliateSession.end("Sesión cerrada");
  await revoked;
  affiliateKeepalive.announce("cierre");
}

const pacBanner = (): HTMLElement => h("aside", { class: "pac", "aria-label": "Plan de Atención Complementaria" },
  h("p", { class: "pac-title" }, "PAC Plan de Atención Complementaria de Salud"),
  h("p", {}, h("strong", {}, "Bienestar")),
  h("p", {}, "Un Plan ", h("strong", {}, "prepagado"), " con ", h("strong", {}, "cobertura 100%")),
  h("p", {}, "Visítanos en: ", h("a", { href: "https://www.pac-sos.com.co", rel: "noopener", target: "_blank" },
    "www.pac-sos.com.co")),
  h("p", { class: "muted" }, "Una marca SOS"));

const brand = () => h("p", { class: "brand" }, h("span", { class: "logo", "aria-hidden": "true" }, "SOS"),
  " Oficina Virtual ", h("strong", {}, "Afiliados"));

const links = (label: string, items: [string, string][], current: string, cls = "") =>
  h("nav", { "aria-label": label, class: cls || null }, h("ul", {}, items.map(([path, text]) => h("li", {},
    h("a", { href: `#${path}`, "aria-current": current === path ? "page" : null }, text)))));

function signedIn(s: AffiliateSessionInfo, path: string, content: HTMLElement): HTMLElement {
  const locked = s.debeCambiar;
  const section = SECTIONS.find((x) => path === x.prefix || path.startsWith(`${x.prefix}/`));
  // Not `.shell`: the providers' watcher ends their session when a `.shell` is drawn without their token.
  return h("div", { class: "aff-shell signed-in" },
    h("header", { class: "top" }, brand(),
      h("p", { class: "who" }, "Bienvenido(a)", s.nombre ? [": ", h("strong", {}, s.nombre)] : null),
      locked ? null : h("a", { href: `#${HOME}`, class: "portal-link" }, "Portal afiliados"),
      button("Cerrar sesión", () => void affiliateLogout(), { kind: "link" })),
    links("Menú principal", locked ? [[PASSWORD, "Mi cuenta"]]
      : [[HOME, "Inicio"], ...SECTIONS.map((x): [string, string] => [x.items[0][0], x.label])],
    section ? section.items[0][0] : path),
    h("div", { class: "aff-body" },
      h("main", { id: "contenido", tabindex: "-1" },
        section && !locked ? [h("p", { class: "crumbs" }, `Afiliado › ${section.label}`),
          links(section.label, section.items, path, "tabs")] : null,
        content),
      locked ? null : h("div", { class: "aff-side" }, links("Acceso directo", SHORTCUTS, path, "shortcuts"), pacBanner())));
}

function signedOut(content: HTMLElement): HTMLElement {
  return h("div", { class: "aff-shell" },
    h("header", { class: "top" }, brand(), officeChoice("afiliados")),
    h("div", { class: "aff-body" },
      h("main", { id: "contenido", tabindex: "-1" },
        h("p", { class: "welcome" }, "Bienvenido a tu ", h("strong", {}, "Oficina Virtual"), h("br", {}), longToday()),
        content),
      h("div", { class: "aff-side" }, pacBanner())));
}

export function affiliateFrame(path: string, screen: Screen, content: HTMLElement): HTMLElement {
  const s = affiliateSession.current();
  if (!s || screen.public) return signedOut(content);
  const page = signedIn(s, path, content);
  if (restoreDraft(page, affiliateSession.owner())) {
    content.prepend(notice("Recuperamos lo que había escrito antes de que la sesión se cerrara. Revíselo y continúe",
      "info"));
  }
  return page;
}

const DESTINATION_KEY = "ov.afiliado.destino";

/** Where a route must go instead: no session → login (the route kept for after it); a mailed password → change it. */
export function affiliateRedirect(path: string, screen: Screen): string | null {
  const s = affiliateSession.current();
  if (!screen.public && !s) {
    sessionStorage.setItem(DESTINATION_KEY, path);
    return LOGIN;
  }
  if (screen.public && s && path === LOGIN) return HOME;
  if (s && s.debeCambiar && !screen.public && path !== PASSWORD) return PASSWORD;
  return null;
}

/** After login: the kept draft's route, else the route asked for before it (only a signed-in route of this office),
 * else Inicio. */
export function afterAffiliateLogin(info: AffiliateSessionInfo): void {
  const asked = draftRoute(affiliateSession.owner()) ?? sessionStorage.getItem(DESTINATION_KEY);
  sessionStorage.removeItem(DESTINATION_KEY);
  if (info.debeCambiar) {
    setFlash("Por seguridad, cambie la contraseña que recibió por correo antes de continuar", "info");
    return go(PASSWORD);
  }
  const inSection = (p: string) => SECTIONS.some((x) => p.startsWith(`${x.prefix}/`) && /^[\w/-]+$/.test(p));
  go(asked && (inSection(asked) || /^\/afiliados\/(inicio|correo\/confirmar\/[\w.-]+)$/.test(asked)) ? asked : HOME);
}
