// Ingreso, "Olvidé mi contraseña" and registration in three steps (seed 002 §2, §3, §3.1).
import { type Answer, ApiError, call, get } from "../api";
import { afterLogin, go, route, setFlash } from "../app";
import { button, formError, h, notice, values } from "../dom";
import { dateTime } from "../format";
import { documentTypeField, onSubmit, personFields, text } from "../forms";
import { session } from "../session";

route("/ingresar", {
  title: "Ingreso", public: true,
  async render() {
    const unlockOffer = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", { class: "card narrow", "aria-labelledby": "t-ingreso" },
      h("h1", { id: "t-ingreso" }, "¡Bienvenido!"),
      h("p", {}, "Accede a tu oficina virtual desde la comodidad de tu empresa."),
      formError(),
      await documentTypeField("tipo_documento", "Tipo de documento"),
      text("numero_documento", "Número de documento", { required: true, autocomplete: "username", inputmode: "numeric" }),
      text("contrasena", "Contraseña", { required: true, type: "password", autocomplete: "current-password" }),
      h("div", { class: "actions" }, button("Ingresar", undefined, { type: "submit" })),
      h("p", { class: "links" }, h("a", { href: "#/olvide" }, "Olvidé mi contraseña"), " · ",
        h("a", { href: "#/registro" }, "Regístrate"), " · ", h("a", { href: "#/verificar" }, "Verificar certificado")),
      unlockOffer), async () => {
      const v = values(form);
      unlockOffer.replaceChildren();
      let answer: Answer<"/sesion", "post">;
      try {
        answer = await call("post", "/sesion", { body: {
          tipo_documento: v.tipo_documento as never, numero_documento: v.numero_documento ?? "", contrasena: v.contrasena ?? "", prestador_id: null,
        } });
      } catch (error) {
        // Locked out: the way forward is the link mailed to the registered address (docs/security.md).
        if (error instanceof ApiError && error.code === "LOGIN_THROTTLED") {
          unlockOffer.replaceChildren(h("p", { class: "notice info" }, "¿Es usted y necesita ingresar ya? ",
            h("a", { href: "#/desbloquear", class: "button secondary small" }, "Desbloquear mi cuenta")));
        }
        throw error;
      }
      const info = session.start(answer);
      if (info.debeCambiar) setFlash("Por seguridad, cambie la contraseña que recibió por correo antes de continuar", "info");
      go(info.debeCambiar ? "/cuenta/contrasena" : afterLogin());
    });
    return h("section", { class: "login" }, form);
  },
});

route("/olvide", {
  title: "Olvidé mi contraseña", public: true,
  async render() {
    const result = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", { class: "card narrow" },
      h("h1", {}, "Olvidé mi contraseña"),
      h("p", {}, "Ingrese el tipo y número de documento registrado. La nueva contraseña llegará al correo registrado "
        + "y aplica para todas las cuentas asociadas a su número de identidad."),
      formError(),
      await documentTypeField("tipo_documento", "Tipo de documento"),
      text("numero_documento", "Número de documento", { required: true, inputmode: "numeric" }),
      h("div", { class: "actions" }, h("a", { href: "#/ingresar", class: "button secondary" }, "Atrás"),
        button("Enviar", undefined, { type: "submit" })),
      result), async () => {
      const v = values(form);
      const answer = await call("post", "/cuenta/recuperar-contrasena", { body: {
        tipo_documento: v.tipo_documento as never, numero_documento: v.numero_documento ?? "" } });
      result.replaceChildren(notice(answer.mensaje, "ok"));
    });
    return h("section", {}, form);
  },
});

route("/desbloquear", {
  title: "Desbloquear mi cuenta", public: true,
  async render() {
    const result = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", { class: "card narrow" },
      h("h1", {}, "Desbloquear mi cuenta"),
      h("p", {}, "Si los intentos fallidos (suyos o de otras personas de su red) bloquearon su ingreso, le enviamos "
        + "al correo electrónico registrado un enlace que desbloquea el ingreso desde este navegador. Su contraseña no cambia."),
      formError(),
      await documentTypeField("tipo_documento", "Tipo de documento"),
      text("numero_documento", "Número de documento", { required: true, inputmode: "numeric" }),
      h("div", { class: "actions" }, h("a", { href: "#/ingresar", class: "button secondary" }, "Atrás"),
        button("Enviar enlace", undefined, { type: "submit" })),
      result), async () => {
      const v = values(form);
      const answer = await call("post", "/sesion/desbloqueo", { body: {
        tipo_documento: v.tipo_documento as never, numero_documento: v.numero_documento ?? "" } });
      result.replaceChildren(notice(answer.mensaje, "ok"));
    });
    return h("section", {}, form);
  },
});

// The emailed link: the code is in the URL fragment (never sent to a server) and goes to the API by POST.
route("/desbloquear/:codigo", {
  title: "Desbloquear mi cuenta", public: true,
  render({ codigo }) {
    const result = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", { class: "card narrow" },
      h("h1", {}, "Desbloquear mi cuenta"),
      h("p", {}, "Al continuar, este navegador queda reconocido como suyo: los intentos fallidos de otras personas "
        + "no le impedirán ingresar desde él. Ábralo en el navegador desde el que quiere ingresar."),
      formError(),
      h("div", { class: "actions" }, button("Desbloquear este navegador", undefined, { type: "submit" })),
      result), async () => {
      const answer = await call("post", "/sesion/desbloqueo/confirmar", { body: { codigo } });
      history.replaceState(null, "", "#/desbloquear"); // the used code leaves the address bar and the history
      form.querySelector(".actions")?.remove();
      result.replaceChildren(notice(answer.mensaje, "ok"), h("p", {}, h("a", { href: "#/ingresar", class: "button primary" }, "Ir al ingreso")));
    });
    return h("section", {}, form);
  },
});

const steps = (current: number) => h("ol", { class: "steps", "aria-label": "Pasos del registro" },
  ["VALIDA tu identificación", "REGISTRA tu correo electrónico", "FINALIZA tu solicitud de clave"].map((label, i) =>
    h("li", { "aria-current": i + 1 === current ? "step" : null }, `${i + 1} ${label}`)));

route("/registro", {
  title: "Registro — Valida", public: true,
  async render() {
    const section = h("section", {});
    const form = onSubmit(h("form", { class: "card narrow" },
      h("h1", {}, "Crear mi cuenta"), steps(1), h("h2", {}, "VALIDA - PASO 1"),
      h("p", {}, "Ingrese el tipo y número de identificación del prestador."),
      formError(),
      await documentTypeField("tipo_documento", "Tipo de documento del prestador", "NI"),
      text("numero_documento", "Número de documento del prestador", { required: true, hint: "NIT con dígito de verificación, por ejemplo 900123456-8" }),
      h("div", { class: "actions" }, h("a", { href: "#/ingresar", class: "button secondary" }, "Atrás"),
        button("Validar", undefined, { type: "submit" }))), async () => {
      const v = values(form);
      const ref = { tipo_documento: v.tipo_documento as never, numero_documento: v.numero_documento ?? "" };
      const answer = await call("post", "/registro/validar", { body: ref });
      section.replaceChildren(await registerStep(ref, answer));
      section.querySelector("h1")?.focus();
    });
    section.append(form);
    return section;
  },
});

async function registerStep(ref: { tipo_documento: never; numero_documento: string },
  valid: Answer<"/registro/validar", "post">): Promise<HTMLElement> {
  const p = valid.prestador;
  const wrapper = h("div", {});
  const contract = await get("/registro/terminos");
  const terms = h("details", { class: "terms" },
    h("summary", {}, `Leer el ${contract.titulo} (versión ${contract.version})`),
    h("ol", {}, contract.clausulas.map((c) => h("li", {}, c))));
  const form = onSubmit(h("form", { class: "card" },
    h("h1", { tabindex: "-1" }, "Crear mi cuenta"), steps(2), h("h2", {}, "REGISTRA - PASO 2"),
    h("p", {}, "Diligencia los campos del formulario con los datos del solicitante; los campos marcados con asterisco (*) son obligatorios."),
    h("h3", {}, "DATOS DEL PRESTADOR"),
    h("dl", { class: "facts" }, h("dt", {}, "Nombre del prestador"), h("dd", {}, p.razon_social),
      h("dt", {}, "Documento"), h("dd", {}, `${p.tipo_documento} ${p.numero_documento}`)),
    h("h3", {}, "DATOS DEL SOLICITANTE"),
    formError(),
    h("div", { class: "grid" }, ...(await personFields())),
    h("div", { class: "field check", "data-campo": "acepta_terminos" },
      h("input", { type: "checkbox", id: "acepta_terminos", name: "acepta_terminos", value: "true" }),
      h("label", { for: "acepta_terminos" }, "He leído y acepto el Contrato de Términos y condiciones de la oficina virtual para Prestadores"),
      h("p", { class: "field-error" })),
    terms,
    h("div", { class: "actions" }, button("Atrás", () => go("/ingresar"), { kind: "secondary" }),
      button("Registrar", undefined, { type: "submit" }))), async () => {
    const v = values(form);
    const answer = await call("post", "/registro", { body: {
      prestador: ref, acepta_terminos: form.querySelector<HTMLInputElement>("#acepta_terminos")!.checked,
      version_terminos: contract.version, solicitante: {
        tipo_documento: v.tipo_documento as never, numero_documento: v.numero_documento ?? "",
        primer_nombre: v.primer_nombre ?? "", segundo_nombre: v.segundo_nombre ?? null,
        primer_apellido: v.primer_apellido ?? "", segundo_apellido: v.segundo_apellido ?? null,
        cargo: v.cargo ?? "", area: v.area ?? "", departamento: v.departamento ?? "", ciudad: v.ciudad ?? "",
        telefono: v.telefono ?? null, extension: v.extension ?? null, celular: v.celular ?? "",
        correo: v.correo ?? "", correo_confirmacion: v.correo_confirmacion ?? "",
      } } });
    wrapper.replaceChildren(finishStep(answer.mensaje, answer.correo_notificaciones));
    wrapper.querySelector("h1")?.focus();
  });
  wrapper.append(form);
  return wrapper;
}

const NOBODY_READS_IT = "Si nadie del prestador puede leer ese correo, solicite a la EPS actualizar el correo de "
  + "notificaciones del prestador por el formulario de PQRS y registre la solicitud de nuevo cuando esté actualizado.";

function confirmed(answer: Answer<"/registro/confirmar", "post">): HTMLElement[] {
  return [notice(`${answer.mensaje}. Usuario: ${answer.usuario}`, "ok"),
    h("p", {}, h("a", { href: "#/ingresar" }, "Ir al ingreso"))];
}

function finishStep(message: string, maskedAddress?: string): HTMLElement {
  const result = h("div", { "aria-live": "polite" });
  const form = onSubmit(h("form", { class: "card narrow" },
    h("h1", { tabindex: "-1" }, "Crear mi cuenta"), steps(3), h("h2", {}, "FINALIZA - PASO 3"),
    notice(message, "ok"),
    h("p", {}, maskedAddress
      ? `El código de confirmación llegó al correo de notificaciones del prestador (${maskedAddress}). `
        + "Quien lo lea puede confirmar con el enlace del correo, o ingresar el código aquí."
      : "El prestador recibe en su correo de notificaciones un código de confirmación. Ingréselo aquí para finalizar."),
    h("p", { class: "hint" }, NOBODY_READS_IT),
    formError(),
    text("codigo", "Código de confirmación", { required: true }),
    h("div", { class: "actions" }, button("Finalizar", undefined, { type: "submit" })),
    result), async () => {
    const answer = await call("post", "/registro/confirmar", { body: { codigo: values(form).codigo ?? "" } });
    result.replaceChildren(...confirmed(answer));
  });
  return form;
}

// The registry's contact may open the portal on its own to type the emailed code (step 3 without steps 1–2).
route("/registro/finaliza", {
  title: "Registro — Finaliza", public: true,
  render: () => h("section", {}, finishStep("Ingrese el código de confirmación que llegó al correo de notificaciones del prestador")),
});

// The email's link: the code travels in the fragment; the screen shows whom it appoints and confirms in one
// click. Applications past the mailbox's daily maximum were not emailed: any code lists them too.
route("/registro/finaliza/:codigo", {
  title: "Registro — Confirmar", public: true,
  async render({ codigo }) {
    const section = h("section", {}, h("h1", { tabindex: "-1" }, "Confirmar registro del administrador"), steps(3));
    let pending: Answer<"/registro/solicitudes", "post">;
    try {
      pending = await call("post", "/registro/solicitudes", { body: { codigo } });
    } catch (error) {
      section.append(notice((error as Error).message, "error"), h("p", {}, NOBODY_READS_IT),
        h("p", {}, h("a", { href: "#/registro" }, "Solicitar el registro de nuevo")));
      return section;
    }
    const result = h("div", { "aria-live": "polite" });
    const card = (a: (typeof pending.items)[number]) => h("article", { class: "card" },
      h("h2", {}, a.propia ? "Solicitud de este correo" : "Otra solicitud pendiente del prestador"),
      h("dl", { class: "facts" },
        ...([["Administrador", a.nombre], ["Documento", a.documento], ["Cargo", a.cargo], ["Área", a.area],
          ["Ubicación", a.ciudad], ["Correo electrónico corporativo", a.correo], ["Solicitada", dateTime(a.solicitada_en)]]
          .flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))),
      h("div", { class: "actions start" }, button(a.propia ? "Confirmar registro" : `Confirmar a ${a.nombre}`, async (e) => {
        const btn = e.currentTarget as HTMLButtonElement; // currentTarget is gone after the await
        btn.disabled = true;
        try {
          const answer = await call("post", "/registro/confirmar", { body: { codigo, solicitud: a.solicitud } });
          history.replaceState(null, "", "#/registro/finaliza");
          section.querySelectorAll("article").forEach((el) => el.remove());
          result.replaceChildren(...confirmed(answer));
        } catch (error) {
          result.replaceChildren(notice((error as Error).message, "error"));
          btn.disabled = false;
        }
      }, { kind: a.propia ? "primary" : "secondary" })));
    section.append(
      h("p", {}, "Confirme solo si reconoce a la persona y su correo: recibirá el usuario administrador de la Oficina "
        + "Virtual de su prestador. Si no reconoce una solicitud, no haga nada: sin confirmación nadie queda registrado."),
      ...pending.items.map(card), result);
    return section;
  },
});
