import "./styles.css";
import { go, render, setFlash } from "./app";
import { startKeepalive } from "./keepalive";
import { session } from "./session";
import "./screens/auth";
import "./screens/home";
import "./screens/account";
import "./screens/payments";
import "./screens/cartera";
import "./screens/glosas";
import "./screens/indicators";
import "./screens/survey";
import "./screens/operations";
import "./help";
import "./affiliates";
import { installSkipLink } from "./skip-link";

startKeepalive(); // before the listener below: the form is still on screen when the draft is kept
session.onEnd((reason) => {
  if (reason) setFlash(reason, reason === "Sesión cerrada" ? "ok" : "error");
  go("/ingresar");
});
session.resume();
window.addEventListener("hashchange", () => void render());
void render();
installSkipLink();
