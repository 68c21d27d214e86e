// The affiliate's session: its own sessionStorage entry (`ov.afiliado`), apart from the providers' (`ov.sesion`),
// because the API gives affiliates tokens of another audience (a provider token is refused on their routes and
// the other way round). Same reasons as docs/web.md "Sessions": per tab, survives a reload, gone with the tab.
import { EXPIRED_MESSAGE } from "../session";

const KEY = "ov.afiliado";

/** `nombre` is for the header only: learnt from the home page (the login answer carries no personal data). */
export interface AffiliateSessionInfo { token: string; expiresAt: number; nombre: string; debeCambiar: boolean }

type Listener = (reason: string | null) => void;
let listeners: Listener[] = [];
let startListeners: (() => void)[] = [];
let timer: number | undefined;
// True from the moment this tab ends the session until the next login: a screen still showing the signed-in frame
// while the login screen renders is then not a token removed behind the portal's back.
let endedHere = false;

function read(): AffiliateSessionInfo | null {
  try {
    const info = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as AffiliateSessionInfo | null;
    return info && info.expiresAt > Date.now() ? info : null;
  } catch {
    return null;
  }
}

function arm(info: AffiliateSessionInfo | null): void {
  window.clearTimeout(timer);
  if (info) timer = window.setTimeout(() => affiliateSession.expired(), Math.max(0, info.expiresAt - Date.now()));
}

export const affiliateSession = {
  current: read,
  token: (): string | null => read()?.token ?? null,
  stored: (): boolean => sessionStorage.getItem(KEY) !== null,
  start(answer: { token: string; expira_en: number; debe_cambiar_contrasena: boolean }): AffiliateSessionInfo {
    const info = { token: answer.token, expiresAt: Date.now() + answer.expira_en * 1000, nombre: read()?.nombre ?? "",
      debeCambiar: answer.debe_cambiar_contrasena };
    sessionStorage.setItem(KEY, JSON.stringify(info));
    endedHere = false;
    arm(info);
    startListeners.forEach((l) => l());
    return info;
  },
  named(nombre: string): void {
    const info = read();
    if (info) sessionStorage.setItem(KEY, JSON.stringify({ ...info, nombre }));
  },
  /** Whose the session is (the token's subject), to give a form kept at its end back to the same affiliate only. */
  owner(): string {
    try {
      const payload = read()?.token.split(".")[1] ?? "";
      // Prefixed: a provider's draft (owned by a provider id) is never an affiliate's, nor the other way round.
      return payload ? `afiliado|${String(JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))).sub)}` : "";
    } catch {
      return "";
    }
  },
  removedElsewhere: (): boolean => !endedHere && sessionStorage.getItem(KEY) === null,
  end(reason: string | null = null): void {
    endedHere = true;
    sessionStorage.removeItem(KEY);
    arm(null);
    listeners.forEach((l) => l(reason));
  },
  expired(message: string = EXPIRED_MESSAGE): void {
    if (sessionStorage.getItem(KEY) !== null) affiliateSession.end(message);
  },
  onStart(listener: () => void): void {
    startListeners = [...startListeners, listener];
  },
  onEnd(listener: Listener): void {
    listeners = [...listeners, listener];
  },
  resume(): void {
    arm(read());
  },
};
