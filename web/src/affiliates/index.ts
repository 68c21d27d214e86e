// The affiliates' office (issue 23, seed 003): its own session and frame under #/afiliados/…
import "./affiliates.css";
import { go, portalPart, setFlash } from "../app";
import { affiliateFrame, affiliateRedirect, HOME, LOGIN } from "./frame";
import { affiliateKeepalive } from "./keepalive";
import { affiliateSession } from "./session";
import "./auth";
import "./registration";
import "./home";
import "./personal-data";
import "./documents";
import "./ips-change";
import "./authorizations";
import "./operations";
import "./request";
import "./presolicitudes-ops";
import "./payments";
import "./pqrs";
import "./pqrs-ops";
import "./certificates";
import "./verify";
import "./finance";

portalPart({ prefix: "/afiliados", name: "Oficina Virtual Afiliados", home: () => HOME,
  redirect: affiliateRedirect, frame: affiliateFrame });

affiliateKeepalive.start(); // before the listener below: the form is still on screen when the draft is kept
affiliateSession.onEnd((reason) => {
  if (reason) setFlash(reason, reason === "Sesión cerrada" ? "ok" : "error");
  go(LOGIN);
});
affiliateSession.resume();
