// The affiliates' session kept alive as the providers' is (../keepalive.ts): renewed while the affiliate works
// (POST /afiliados/sesion/renovar), warned before an idle end, the open form kept for the same affiliate, and the
// other tabs told of a logout or a password change.
import { keepalive } from "../keepalive";
import type { AffAnswer } from "./api";
import { affiliateSession } from "./session";

export const affiliateKeepalive = keepalive<AffAnswer<"/afiliados/sesion/renovar", "post">>({
  store: { ...affiliateSession, renewed: (answer) => void affiliateSession.start(answer) },
  renewPath: "/afiliados/sesion/renovar", probePath: "/afiliados/sesion", noticeKey: "ov.afiliado.aviso",
  owner: () => affiliateSession.owner(),
  removedElsewhere: () => affiliateSession.removedElsewhere() && document.querySelector(".aff-shell.signed-in") !== null,
});
