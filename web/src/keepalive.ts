// Keeps a working user's session alive and tells every tab when it ends (docs/security.md, "Renewal"), for either
// portal: each gives its session store and routes (the providers' below, the affiliates' in affiliates/keepalive.ts).
// The token stays short-lived: while the user types or clicks, it is renewed by the API (the renew path revokes
// the old one); an idle session is warned two minutes before it ends, and when it does end the open form is kept
// (drafts.ts). Other tabs hear of a logout or a password change through a localStorage event that carries no token
// and no personal data; each tab then asks the API whether its own session lives.
import { type Answer, type Credentials, send } from "./api";
import { h } from "./dom";
import { saveDraft } from "./drafts";
import { session } from "./session";

const RENEW_WITHIN_MS = 10 * 60_000; // renew only in the token's last 10 minutes (once per ~20 min of work)
const WARN_BEFORE_MS = 2 * 60_000;

export const OTHER_TAB_LOGOUT = "La sesión se cerró en otra pestaña. Ingrese de nuevo";
export const SESSION_GONE = "La sesión se cerró. Ingrese de nuevo";
export const OTHER_TAB_PASSWORD = "Su contraseña se cambió en otra pestaña. Ingrese de nuevo con la nueva contraseña";

/** A portal's session as the keepalive needs it (its token and what a 401 on it ends come from Credentials). */
export interface KeptSession<A> extends Credentials {
  current(): { expiresAt: number } | null;
  /** Starts the session the renewal answered. */
  renewed(answer: A): void;
  end(reason: string | null): void;
  onStart(listener: () => void): void;
  onEnd(listener: (reason: string | null) => void): void;
}

export interface KeepaliveOptions<A> {
  store: KeptSession<A>;
  /** POST: a new token for the session's one (once per token). */
  renewPath: string;
  /** GET: 401 once the session is closed, nothing personal read. */
  probePath: string;
  /** localStorage key of the notices between this portal's tabs ({tipo, t}: the storage event reaches the others). */
  noticeKey: string;
  /** Whose a form kept at the session's end is: only the same owner's next session gets it back. */
  owner(): string;
  /** The tab shows its signed-in frame though the token was removed behind the portal's back (devtools, a script). */
  removedElsewhere(): boolean;
}

export interface Keepalive {
  renew(): Promise<void>;
  /** Tells the other tabs of this browser (they check their own session with the API). */
  announce(tipo: "cierre" | "contrasena"): void;
  start(): void;
}

export function keepalive<A>({ store, renewPath, probePath, noticeKey, owner: ownerOf, removedElsewhere }:
  KeepaliveOptions<A>): Keepalive {
  let renewing = false;
  let warnTimer: number | undefined;
  let owner = ""; // the owner of the session on screen: a draft kept at its end is theirs
  let warning: HTMLElement | null = null;

  async function renew(): Promise<void> {
    if (!store.current() || renewing) return;
    renewing = true;
    try {
      store.renewed(await (await send("post", renewPath, {}, store)).json() as A);
    } catch { /* a refused renewal ends the session through api.ts (401) */ } finally {
      renewing = false;
    }
  }

  function onActivity(): void {
    const current = store.current();
    if (current && current.expiresAt - Date.now() < RENEW_WITHIN_MS) void renew();
  }

  function hideWarning(): void {
    warning?.remove();
    warning = null;
  }

  function showWarning(): void {
    if (warning || !store.current()) return;
    const minutes = Math.max(1, Math.round(((store.current()?.expiresAt ?? 0) - Date.now()) / 60_000));
    const stay = h("button", { type: "button", class: "button primary small" }, "Seguir conectado");
    stay.addEventListener("click", () => void renew());
    warning = h("div", { class: "notice info session-warning", role: "alertdialog", "aria-labelledby": "aviso-sesion" },
      h("p", { id: "aviso-sesion" }, `Su sesión se cerrará en ${minutes} minuto(s) por inactividad. `
        + "Lo que haya escrito se conservará para cuando ingrese de nuevo."), stay);
    document.body.prepend(warning);
    stay.focus();
  }

  /** Arms the warning for the current token (called at start and after every renewal). */
  function schedule(): void {
    window.clearTimeout(warnTimer);
    hideWarning();
    const current = store.current();
    if (current) owner = ownerOf();
    if (current) warnTimer = window.setTimeout(showWarning, Math.max(0, current.expiresAt - Date.now() - WARN_BEFORE_MS));
  }

  function announce(tipo: "cierre" | "contrasena"): void {
    localStorage.setItem(noticeKey, JSON.stringify({ tipo, t: Date.now() }));
  }

  async function stillValid(token: string): Promise<boolean> {
    try {
      const response = await fetch(probePath, { headers: { Authorization: `Bearer ${token}` }, cache: "no-store" });
      return response.status !== 401;
    } catch {
      return true; // offline: the next call decides
    }
  }

  async function onNotice(event: StorageEvent): Promise<void> {
    if (event.key !== noticeKey || !event.newValue) return;
    const token = store.token();
    if (!token) return;
    const { tipo } = JSON.parse(event.newValue) as { tipo: string };
    if (!(await stillValid(token))) store.end(tipo === "contrasena" ? OTHER_TAB_PASSWORD : OTHER_TAB_LOGOUT);
  }

  function start(): void {
    for (const type of ["keydown", "pointerdown", "input"]) window.addEventListener(type, onActivity, { passive: true });
    window.addEventListener("storage", (event) => void onNotice(event));
    window.setInterval(() => {
      if (removedElsewhere()) store.end(SESSION_GONE);
    }, 1000);
    store.onStart(schedule);
    store.onEnd((reason) => {
      window.clearTimeout(warnTimer);
      hideWarning();
      if (reason && reason !== "Sesión cerrada" && owner) saveDraft(owner);
    });
    schedule();
  }

  return { renew, announce, start };
}

// The providers' portal: a draft belongs to the provider it was typed for.
const providers = keepalive<Answer<"/sesion/renovar", "post">>({
  store: {
    ...session,
    // The consent question is asked once per session: a renewal does not ask it again.
    renewed: (answer) => void session.start({ ...answer, debe_autorizar_datos: session.current()?.debeAutorizar }),
  },
  renewPath: "/sesion/renovar", probePath: "/sesion", noticeKey: "ov.aviso",
  owner: () => session.current()?.prestadorId ?? "",
  removedElsewhere: () => !session.stored() && document.querySelector(".shell:not(.bare)") !== null,
});

export const { renew, announce } = providers;
export const startKeepalive = providers.start;
