// Router and page frame: hash routes (static hosting needs no rewrites), menus from the session's role and menus.
import { call } from "./api";
import { button, h, notice } from "./dom";
import { draftRoute, restoreDraft } from "./drafts";
import { announce } from "./keepalive";
import { session, type SessionInfo } from "./session";

export interface Screen {
  title: string;
  /** Menu the route needs (the API refuses anyway; this only avoids drawing a screen that cannot work). */
  menu?: string;
  admin?: boolean;
  operator?: boolean;
  provider?: boolean;
  public?: boolean;
  /** Public to providers and affiliates alike (the certificate verification): its frame names neither office. */
  shared?: boolean;
  render: (params: Record<string, string>) => HTMLElement | Promise<HTMLElement>;
}

const routes: [RegExp, string[], Screen][] = [];
let generation = 0;
let flash: { text: string; kind: "ok" | "info" | "error" } | null = null;

export function route(pattern: string, screen: Screen): void {
  const names: string[] = [];
  const re = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n: string) => (names.push(n), "([^/]+)"))}$`);
  routes.push([re, names, screen]);
}

export const go = (path: string): void => {
  if (location.hash === `#${path}`) void render();
  else location.hash = path;
};

export function setFlash(text: string, kind: "ok" | "info" | "error" = "info"): void {
  flash = { text, kind };
}

/** True while the screen that asked is still the one shown (pollers stop when the user leaves). */
export function stillShown(asked: number): boolean {
  return asked === generation;
}
export const currentGeneration = (): number => generation;

export const MENUS: { path: string; label: string; menu?: string; operator?: boolean; provider?: boolean }[] = [
  { path: "/inicio", label: "Inicio" },
  { path: "/cuenta", label: "Mi cuenta" },
  { path: "/pagos", label: "Consulta Pagos", menu: "PAGOS" },
  { path: "/cartera", label: "Consulta cartera", menu: "CARTERA" },
  { path: "/indicadores", label: "Indicadores", menu: "INDICADORES" },
  { path: "/glosas", label: "Gestión de glosas", menu: "GLOSAS" },
  { path: "/encuesta", label: "Encuesta", provider: true },
  { path: "/operaciones/procesos", label: "Procesos", operator: true },
  { path: "/operaciones/entidades", label: "Entidades", operator: true },
  { path: "/operaciones/encuesta", label: "Informe encuesta", operator: true },
  { path: "/operaciones/accesos", label: "Accesos", operator: true },
  { path: "/operaciones/afiliados", label: "Afiliados", operator: true },
  { path: "/operaciones/pqrs", label: "PQRS", operator: true },
];

export const isOperator = (s: SessionInfo): boolean => s.rol === "OPERADOR";

export function allowed(s: SessionInfo, screen: { menu?: string; admin?: boolean; operator?: boolean; provider?: boolean }):
  boolean {
  if (screen.operator) return isOperator(s);
  if (screen.provider && isOperator(s)) return false;
  if (screen.admin) return s.rol === "ADMINISTRADOR";
  return !screen.menu || s.permisos.includes(screen.menu);
}

/** The screen leaves at once (a login typed right after the click is never wiped by a late re-render); the
 * revocation request already carries the token read at the click. The other tabs are told once it is revoked:
 * they ask the API whether their session still stands. */
export async function logout(): Promise<void> {
  const revoked = call("delete", "/sesion").catch(() => undefined);
  session.end("Sesión cerrada");
  await revoked;
  announce("cierre");
}

// Deep links survive login: the route asked for before logging in (a bookmark, an email's link).
const DESTINATION_KEY = "ov.destino";

function screenOf(path: string): Screen | null {
  for (const [re, , screen] of routes) if (re.test(path)) return screen;
  return null;
}

/** Where to go after login: the kept draft's route, else the route asked for, else Inicio. Only a route of
 * this portal that needs a session: never a URL, never a public screen such as the login itself. */
export function afterLogin(): string {
  const asked = draftRoute(session.current()?.prestadorId ?? "") ?? sessionStorage.getItem(DESTINATION_KEY);
  sessionStorage.removeItem(DESTINATION_KEY);
  const internal = asked && /^\/[\w\-/%.]*$/.test(asked) && !asked.startsWith("//") ? asked : null;
  const screen = internal ? screenOf(internal) : null;
  return internal && screen && !screen.public ? internal : "/inicio";
}

/** People linked to several providers work in one at a time; switching closes the old session (API). */
function providerSwitch(s: SessionInfo): HTMLElement {
  const select = h("select", { id: "cambiar-prestador", "aria-label": "Cambiar de prestador" },
    s.prestadores.map((p) => h("option", { value: p.id, selected: p.id === s.prestadorId }, p.nombre)));
  select.addEventListener("change", async () => {
    try {
      session.start(await call("put", "/sesion/prestador", { body: { prestador_id: select.value } }));
      setFlash(`Ahora trabaja en ${session.current()?.prestador ?? ""}`, "ok");
      go("/inicio");
    } catch (error) {
      setFlash((error as Error).message, "error");
      void render();
    }
  });
  return h("p", { class: "switch" }, select);
}

function frame(s: SessionInfo, current: string, content: HTMLElement): HTMLElement {
  const locked = s.debeCambiar;
  const menus = MENUS.filter((m) => allowed(s, m) && (!locked || m.path === "/cuenta"));
  return h("div", { class: "shell" },
    h("header", { class: "top" },
      h("p", { class: "brand" }, h("span", { class: "logo", "aria-hidden": "true" }, "SOS"), " Oficina Virtual ",
        h("strong", {}, isOperator(s) ? "Operadores EPS" : "Prestadores")),
      h("p", { class: "who" }, "Bienvenido(a) ", h("strong", {}, s.prestador)),
      s.prestadores.length > 1 && !locked ? providerSwitch(s) : null,
      button("Cerrar sesión", () => void logout(), { kind: "link" })),
    h("nav", { "aria-label": "Menú principal" },
      h("ul", {}, menus.map((m) => h("li", {}, h("a", {
        href: `#${m.path}`, "aria-current": current.startsWith(m.path) ? "page" : null,
      }, m.label))))),
    h("main", { id: "contenido", tabindex: "-1" }, content));
}

/** The EPS site offers both offices side by side; so does every screen before login. */
export function officeChoice(current: "prestadores" | "afiliados" | null): HTMLElement {
  const link = (office: typeof current, href: string, label: string) =>
    h("li", {}, h("a", { href, "aria-current": office === current ? "page" : null }, label));
  return h("nav", { class: "offices", "aria-label": "Oficinas virtuales" }, h("ul", {},
    link("prestadores", "#/ingresar", "Prestadores"), link("afiliados", "#/afiliados/ingresar", "Oficina Virtual Afiliados")));
}

const PROVIDERS_OFFICE = "Oficina Virtual Prestadores";
const EPS_OFFICE = "Oficina Virtual SOS EPS";

function bare(content: HTMLElement, shared = false): HTMLElement {
  return h("div", { class: "shell bare" },
    h("header", { class: "top" }, h("p", { class: "brand" }, h("span", { class: "logo", "aria-hidden": "true" }, "SOS"),
      " Oficina Virtual ", h("strong", {}, shared ? "SOS EPS" : "Prestadores")),
      officeChoice(shared ? null : "prestadores")),
    h("main", { id: "contenido", tabindex: "-1" }, content));
}

/** A part of the portal with its own session and page frame (the affiliates' office under `/afiliados`): the
 * router asks it where a route must go instead (no session, a forced password change) and how to frame it. */
export interface PortalPart {
  prefix: string;
  /** The document title's suffix. */
  name: string;
  /** Where an unknown route under the prefix lands. */
  home(): string;
  redirect(path: string, screen: Screen): string | null;
  frame(path: string, screen: Screen, content: HTMLElement): HTMLElement;
}
const parts: PortalPart[] = [];
export const portalPart = (part: PortalPart): void => void parts.push(part);
const partOf = (path: string): PortalPart | undefined =>
  parts.find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`));

export async function render(): Promise<void> {
  const asked = ++generation;
  const path = location.hash.replace(/^#/, "") || "/inicio";
  const s = session.current();
  let match: [Screen, Record<string, string>] | null = null;
  for (const [re, names, screen] of routes) {
    const m = re.exec(path);
    if (m) {
      match = [screen, Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]))];
      break;
    }
  }
  const part = partOf(path);
  if (!match) return go(part ? part.home() : s ? "/inicio" : "/ingresar");
  const [screen, params] = match;
  const elsewhere = part?.redirect(path, screen);
  if (elsewhere) return go(elsewhere);
  if (part) return show(asked, path, screen, await content(screen, params), part);
  if (!screen.public && !s) {
    sessionStorage.setItem(DESTINATION_KEY, path);
    return go("/ingresar");
  }
  if (screen.public && s && path === "/ingresar") return go("/inicio");
  if (s && s.debeCambiar && !screen.public && path !== "/cuenta/contrasena") return go("/cuenta/contrasena");
  // Operators are the EPS's own staff: the provider portal's data-processing question is not theirs to answer here.
  if (s && !s.debeCambiar && s.debeAutorizar && !isOperator(s) && !screen.public && path !== "/cuenta/autorizacion") {
    sessionStorage.setItem(DESTINATION_KEY, path);
    return go("/cuenta/autorizacion");
  }
  const shown = s && !screen.public && !allowed(s, screen)
    ? h("section", {}, h("h1", {}, "Sin permiso"),
      h("p", { class: "notice error", role: "alert" }, "Su usuario no tiene permiso para esta opción. "
        + "Solicite el acceso al administrador de la Oficina Virtual de su prestador"))
    : await content(screen, params);
  show(asked, path, screen, shown);
}

async function content(screen: Screen, params: Record<string, string>): Promise<HTMLElement> {
  try {
    return await screen.render(params);
  } catch (error) {
    return h("section", {}, h("h1", {}, screen.title),
      h("p", { class: "notice error", role: "alert" }, (error as Error).message));
  }
}

function show(asked: number, path: string, screen: Screen, content: HTMLElement, part?: PortalPart): void {
  // A newer navigation (or the session ending during the await) owns the page now.
  if (asked !== generation || (location.hash.replace(/^#/, "") || "/inicio") !== path) return;
  const root = document.getElementById("app")!;
  document.title = `${screen.title} · ${part?.name ?? (screen.shared ? EPS_OFFICE : PROVIDERS_OFFICE)}`;
  const current = session.current();
  if (part) root.replaceChildren(part.frame(path, screen, content));
  else root.replaceChildren(current && !screen.public ? frame(current, path, content) : bare(content, screen.shared));
  if (!part && current && !screen.public && restoreDraft(root, current.prestadorId)) {
    root.querySelector("main")!.prepend(notice("Recuperamos lo que había escrito antes de que la sesión se cerrara. "
      + "Revíselo y continúe", "info"));
  }
  if (flash) {
    const main = root.querySelector("main")!;
    main.prepend(h("p", { class: `notice ${flash.kind}`, role: flash.kind === "error" ? "alert" : "status" }, flash.text));
    flash = null;
  }
  root.querySelector<HTMLElement>("main h1")?.setAttribute("tabindex", "-1");
  root.querySelector<HTMLElement>("main h1")?.focus();
}
