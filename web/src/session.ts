// The session token lives in sessionStorage (see docs/web.md, "Sessions"): one tab, gone when the tab closes,
// survives a reload; never localStorage (outlives the browser) nor a cookie (the API is Bearer-only, so a
// cookie would add CSRF exposure for nothing). The API re-checks the token on every request, so what is
// kept here is only a convenience copy of the role and menus for drawing the menu bar.
const KEY = "ov.sesion";

export interface SessionInfo {
  token: string;
  expiresAt: number; // epoch ms
  rol: string;
  permisos: string[];
  prestador: string;
  prestadorId: string;
  /** Every provider the person may switch to (PUT /sesion/prestador). */
  prestadores: { id: string; nombre: string }[];
  debeCambiar: boolean;
  /** Ley 1581: the person has not authorised the current policy; the portal asks once per session. */
  debeAutorizar: boolean;
}

type Listener = (reason: string | null) => void;
let listeners: Listener[] = [];
let startListeners: (() => void)[] = [];
let timer: number | undefined;

function read(): SessionInfo | null {
  try {
    const info = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as SessionInfo | null;
    return info && info.expiresAt > Date.now() ? info : null;
  } catch {
    return null;
  }
}

function arm(info: SessionInfo | null): void {
  window.clearTimeout(timer);
  if (info) timer = window.setTimeout(() => session.expired(), Math.max(0, info.expiresAt - Date.now()));
}

export const EXPIRED_MESSAGE = "Su sesión expiró. Por seguridad, ingrese de nuevo";

export const session = {
  current: read,
  /** Whether this tab still holds a session entry at all (expired or not). */
  stored: (): boolean => sessionStorage.getItem(KEY) !== null,
  token: (): string | null => read()?.token ?? null,
  start(answer: { token: string; expira_en: number; rol: string; permisos: string[];
    prestador_actual?: { razon_social: string; prestador_id: string } | null;
    prestadores?: { razon_social: string; prestador_id: string }[]; debe_cambiar_contrasena: boolean;
    debe_autorizar_datos?: boolean }): SessionInfo {
    const info: SessionInfo = {
      token: answer.token, expiresAt: Date.now() + answer.expira_en * 1000, rol: answer.rol,
      permisos: answer.permisos, prestador: answer.prestador_actual?.razon_social ?? "",
      prestadorId: answer.prestador_actual?.prestador_id ?? "",
      prestadores: (answer.prestadores ?? []).map((p) => ({ id: p.prestador_id, nombre: p.razon_social })),
      debeCambiar: answer.debe_cambiar_contrasena,
      debeAutorizar: answer.debe_autorizar_datos ?? read()?.debeAutorizar ?? false,
    };
    sessionStorage.setItem(KEY, JSON.stringify(info));
    arm(info);
    startListeners.forEach((l) => l());
    return info;
  },
  /** Ends the session here (the caller has already told the API, when it could). */
  end(reason: string | null = null): void {
    sessionStorage.removeItem(KEY);
    arm(null);
    listeners.forEach((l) => l(reason));
  },
  expired(message: string = EXPIRED_MESSAGE): void {
    if (sessionStorage.getItem(KEY) !== null) session.end(message);
  },
  /** The consent question was answered (or put off) for this session. */
  consentAsked(): void {
    const info = read();
    if (info) sessionStorage.setItem(KEY, JSON.stringify({ ...info, debeAutorizar: false }));
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
