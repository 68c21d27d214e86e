// Ingreso by tipo + número de documento, "Olvidé mi contraseña" and Cambiar contraseña (seed 003 §3, §3.1, §4.1.4).
import { go, route, setFlash } from "../app";
import { button, formError, h, notice, values } from "../dom";
import { fieldError, onSubmit, text } from "../forms";
import { affCall } from "./api";
import { documentoRef, personDocumentField } from "./fields";
import { afterAffiliateLogin, PASSWORD } from "./frame";
import { affiliateKeepalive } from "./keepalive";
import { affiliateSession } from "./session";

const HELP_LINE = ["En caso de inconvenientes con el ingreso, comuníquese a la línea 018000 938777 o a través del ",
  h("a", { href: "#/afiliados/contacto" }, "formulario contáctenos"), " de nuestra página."];

route("/afiliados/ingresar", {
  title: "Ingreso afiliados", public: true,
  async render() {
    const form = onSubmit(h("form", { class: "card narrow", "aria-labelledby": "t-ingreso-afiliados" },
      h("h1", { id: "t-ingreso-afiliados" }, "Oficina Virtual Afiliados"),
      h("p", {}, "Ingresa con el tipo y número de tu documento y la contraseña asignada. Puedes copiar y pegar la "
        + "contraseña que recibiste en tu correo electrónico."),
      formError(),
      await personDocumentField(),
      text("numero_documento", "Número de documento", { required: true, autocomplete: "username", inputmode: "numeric" }),
      text("contrasena", "Contraseña", { required: true, type: "password", autocomplete: "current-password" }),
      h("div", { class: "actions" }, button("Ingresar", undefined, { type: "submit" })),
      h("p", { class: "links" }, h("a", { href: "#/afiliados/olvide" }, "Olvidé mi contraseña"), " · ",
        h("a", { href: "#/afiliados/registro" }, "Regístrate"), " · ",
        h("a", { href: "#/verificar" }, "Verificar certificado")),
      h("p", { class: "hint" }, HELP_LINE)), async () => {
      const v = values(form);
      const answer = await affCall("post", "/afiliados/sesion", { body: { ...documentoRef(v), contrasena: v.contrasena ?? "" } });
      afterAffiliateLogin(affiliateSession.start(answer));
    });
    return h("section", { class: "login" }, form);
  },
});

route("/afiliados/olvide", {
  title: "Olvidé mi contraseña", public: true,
  async render() {
    const result = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", { class: "card narrow" },
      h("h1", {}, "Olvidé mi contraseña"),
      h("p", {}, "Ingresa el tipo y número de documento registrado en la Oficina Virtual. La nueva contraseña llegará "
        + "a tu correo electrónico registrado."),
      formError(),
      await personDocumentField(),
      text("numero_documento", "Número de documento", { required: true, inputmode: "numeric" }),
      h("div", { class: "actions" }, h("a", { href: "#/afiliados/ingresar", class: "button secondary" }, "Atrás"),
        button("Enviar", undefined, { type: "submit" })),
      result), async () => {
      const answer = await affCall("post", "/afiliados/contrasena/recuperar", { body: documentoRef(values(form)) });
      result.replaceChildren(notice(answer.mensaje, "ok"));
    });
    return h("section", {}, form);
  },
});

route(PASSWORD, {
  title: "Cambiar contraseña",
  render() {
    const forced = affiliateSession.current()?.debeCambiar ?? false;
    const form = onSubmit(h("form", { class: "card narrow" },
      h("h1", {}, "Cambiar contraseña"),
      forced ? notice("Cambie la contraseña que recibió por correo para continuar", "info") : null,
      h("p", {}, "Por motivos de seguridad, se recomienda cambiar la contraseña como mínimo una vez cada seis meses. "
        + "La nueva contraseña tendrá validez en el próximo ingreso al aplicativo."),
      h("p", { class: "hint" }, "Se recomienda utilizar combinaciones alfanuméricas, mayúsculas y minúsculas."),
      formError(),
      text("contrasena_actual", "Contraseña actual", { required: true, type: "password", autocomplete: "current-password" }),
      text("contrasena_nueva", "Nueva contraseña", { required: true, type: "password", autocomplete: "new-password" }),
      text("confirmacion", "Confirmar nueva contraseña", { required: true, type: "password", autocomplete: "new-password" }),
      h("div", { class: "actions" }, button("Cambiar contraseña", undefined, { type: "submit" }))), async () => {
      const v = values(form);
      if ((v.contrasena_nueva ?? "") !== (v.confirmacion ?? "")) throw fieldError("confirmacion", "Las contraseñas no coinciden");
      const answer = await affCall("put", "/afiliados/cuenta/contrasena", { body: {
        contrasena_actual: v.contrasena_actual ?? "", contrasena_nueva: v.contrasena_nueva ?? "", confirmacion: v.confirmacion ?? "",
      } });
      const info = affiliateSession.start(answer); // the API closed every other session; this one got a new token
      affiliateKeepalive.announce("contrasena"); // other tabs of this browser hear it at once
      setFlash("La contraseña se cambió correctamente. Le enviamos un aviso a su correo registrado", "ok");
      if (forced) afterAffiliateLogin(info);
      else go(PASSWORD);
    });
    return h("section", {}, form);
  },
});
