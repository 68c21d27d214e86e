// Keeps a working user's session alive and tells every tab when it ends (docs/security.md, "Renewal").
// The token stays short-lived: while the user types or clicks, it is renewed by the API (POST /sesion/renovar,
// which revokes the old one); an idle session is warned two minutes before it ends, and when it does end the
// open form is kept (drafts.ts). Other tabs hear of a logout or a password change through a localStorage
// event that carries no token and no personal data; each tab then asks the API whether its own session lives.
import { call } from "./api";
import { h } from "./dom";
import { saveDraft } from "./drafts";
import { session } from "./session";

const RENEW_WITHIN_MS = 10 * 60_000; // renew only in the token's last 10 minutes (once per ~20 min of work)
const WARN_BEFORE_MS = 2 * 60_000;
const NOTICE_KEY = "ov.aviso"; // localStorage: {tipo, t}; the storage event reaches the other tabs only

export const OTHER_TAB_LOGOUT = "La sesión se cerró en otra pestaña. Ingrese de nuevo";
export const SESSION_GONE = "La sesión se cerró. Ingrese de nuevo";
export const OTHER_TAB_PASSWORD = "Su contraseña se cambió en otra pestaña. Ingrese de nuevo con la nueva contraseña";

let renewing = false;
let warnTimer: number | undefined;
let owner = ""; // the provider of the session on screen: a draft kept at its end is that provider's
let warning: HTMLElement | null = null;

export async function renew(): Promise<void> {
  const current = session.current();
  if (!current || renewing) return;
  renewing = true;
  try {
    const answer = await call("post", "/sesion/renovar");
    // The consent question is asked once per session: a renewal does not ask it again.
    session.start({ ...answer, debe_autorizar_datos: current.debeAutorizar });
  } catch { /* a refused renewal ends the session through api.ts (401) */ } finally {
    renewing = false;
  }
}

function onActivity(): void {
  const current = session.current();
  if (!current) return;
  if (current.expiresAt - Date.now() < RENEW_WITHIN_MS) void renew();
}

function hideWarning(): void {
  warning?.remove();
  warning = null;
}

function showWarning(): void {
  if (warning || !session.current()) return;
  const minutes = Math.max(1, Math.round(((session.current()?.expiresAt ?? 0) - Date.now()) / 60_000));
  const stay = h("button", { type: "button", class: "button primary small" }, "Seguir conectado");
  stay.addEventListener("click", () => void renew());
  warning = h("div", { class: "notice info session-warning", role: "alertdialog", "aria-labelledby": "aviso-sesion" },
    h("p", { id: "aviso-sesion" }, `Su sesión se cerrará en ${minutes} minuto(s) por inactividad. `
      + "Lo que haya escrito se conservará para cuando ingrese de nuevo."), stay);
  document.body.prepend(warning);
  stay.focus();
}

/** Arms the warning for the current token (called at start and after every renewal). */
export function schedule(): void {
  window.clearTimeout(warnTimer);
  hideWarning();
  const current = session.current();
  owner = current?.prestadorId ?? owner;
  if (current) warnTimer = window.setTimeout(showWarning, Math.max(0, current.expiresAt - Date.now() - WARN_BEFORE_MS));
}

/** Tells the other tabs of this browser (they check their own session with the API). */
export function announce(tipo: "cierre" | "contrasena"): void {
  localStorage.setItem(NOTICE_KEY, JSON.stringify({ tipo, t: Date.now() }));
}

async function stillValid(token: string): Promise<boolean> {
  try {
    const response = await fetch("/sesion", { headers: { Authorization: `Bearer ${token}` }, cache: "no-store" });
    return response.status !== 401;
  } catch {
    return true; // offline: the next call decides
  }
}

async function onNotice(event: StorageEvent): Promise<void> {
  if (event.key !== NOTICE_KEY || !event.newValue) return;
  const token = session.token();
  if (!token) return;
  const { tipo } = JSON.parse(event.newValue) as { tipo: string };
  if (!(await stillValid(token))) session.end(tipo === "contrasena" ? OTHER_TAB_PASSWORD : OTHER_TAB_LOGOUT);
}

export function startKeepalive(): void {
  for (const type of ["keydown", "pointerdown", "input"]) window.addEventListener(type, onActivity, { passive: true });
  window.addEventListener("storage", (event) => void onNotice(event));
  // A token removed from this tab's storage (another script, the developer tools) ends the session on screen.
  window.setInterval(() => {
    if (!session.stored() && document.querySelector(".shell:not(.bare)")) session.end(SESSION_GONE);
  }, 1000);
  session.onStart(schedule);
  session.onEnd((reason) => {
    window.clearTimeout(warnTimer);
    hideWarning();
    if (reason && reason !== "Sesión cerrada" && owner) saveDraft(owner);
  });
  schedule();
}
