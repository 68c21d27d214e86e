// Mi cuenta (seed 002 §4.1–4.3): Usuarios, Cambiar contraseña, Mi perfil; Auditoría and Accesos for administrators.
import { call, get, type Schemas } from "../api";
import { afterLogin, go, route, setFlash } from "../app";
import { button, checked, formError, h, notice, table, values } from "../dom";
import { AUDIT_EVENTS, documentRef } from "../labels";
import { date, dateTime } from "../format";
import { fieldError, onSubmit, personFields, text } from "../forms";
import { announce } from "../keepalive";
import { session } from "../session";

const MENU_LABELS: Record<string, string> = {
  PAGOS: "Consulta Pagos", CARTERA: "Consulta Cartera", INDICADORES: "Consulta Indicadores", GLOSAS: "Gestión de Glosas",
};

function tabs(current: string): HTMLElement {
  const admin = session.current()?.rol === "ADMINISTRADOR";
  const operator = session.current()?.rol === "OPERADOR";
  const items = [
    admin && ["/cuenta/usuarios", "Usuarios"], ["/cuenta/contrasena", "Cambiar contraseña"],
    ["/cuenta/perfil", "Mi perfil"], !operator && ["/cuenta/invitaciones", "Invitaciones"],
    admin && ["/cuenta/auditoria", "Auditoría"], admin && ["/cuenta/accesos", "Accesos"],
  ].filter(Boolean) as [string, string][];
  return h("nav", { class: "tabs", "aria-label": "Mi cuenta" }, h("ul", {}, items.map(([path, label]) =>
    h("li", {}, h("a", { href: `#${path}`, "aria-current": path === current ? "page" : null }, label)))));
}

route("/cuenta", {
  title: "Mi cuenta",
  render() {
    go(session.current()?.rol === "ADMINISTRADOR" ? "/cuenta/usuarios" : "/cuenta/contrasena");
    return h("section", {}, h("h1", {}, "Mi cuenta"));
  },
});

function pager(next: string | null | undefined, load: (cursor: string) => void): HTMLElement | string {
  return next ? h("div", { class: "actions" }, button("Siguientes", () => load(next), { kind: "secondary" })) : "";
}

route("/cuenta/usuarios", {
  title: "Usuarios", admin: true,
  async render() {
    const list = h("div", { "aria-live": "polite" });
    const section = h("section", {}, tabs("/cuenta/usuarios"), h("h1", {}, "Usuarios"),
      h("p", {}, "Añade nuevos usuarios y asígnales los permisos que consideres necesarios."),
      h("div", { class: "actions start" }, h("a", { href: "#/cuenta/usuarios/nuevo", class: "button primary" }, "+ Añadir usuario")),
      list);
    const load = async (cursor?: string) => {
      const page = await get("/usuarios", { query: { limite: "10", cursor } });
      list.replaceChildren(table("Usuarios del prestador",
        ["Nombre", "Correo electrónico", "Perfil", "Menús", "Estado", "Acciones"],
        page.usuarios.map((u) => [u.nombre, u.correo, u.perfil, u.permisos.map((p) => MENU_LABELS[p] ?? p).join(", "),
          u.estado, userActions(u, () => void load(cursor))])), pager(page.siguiente, (c) => void load(c)));
    };
    await load();
    return section;
  },
});

function userActions(u: Schemas["UserView"], reload: () => void): HTMLElement {
  const me = u.rol === "ADMINISTRADOR";
  const toggle = u.estado === "ACTIVA" ? "INACTIVA" : "ACTIVA";
  return h("span", { class: "row-actions" },
    h("a", { href: `#/cuenta/usuarios/${encodeURIComponent(u.usuario_id)}`, "aria-label": `Editar ${u.nombre}` }, "Editar"),
    me || u.estado === "PENDIENTE" || u.estado === "RECHAZADA" ? null
      : button(toggle === "ACTIVA" ? "Activar" : "Inactivar", async (e) => {
        const btn = e.currentTarget as HTMLButtonElement;
        const apply = async () => {
          btn.disabled = true;
          try {
            await call("put", "/usuarios/{user_id}/estado", { params: { user_id: u.usuario_id }, body: { estado: toggle } });
            setFlash(`Usuario ${u.nombre} ${toggle === "ACTIVA" ? "activado" : "inactivado"}`, "ok");
            reload();
          } catch (error) {
            btn.after(notice((error as Error).message, "error"));
            btn.disabled = false;
          }
        };
        if (toggle === "ACTIVA") return void apply();
        confirmInline(btn, `¿Inactivar a ${u.nombre}? Sus sesiones se cierran y no podrá ingresar a este prestador`,
          "Sí, inactivar", apply);
      }, { kind: "secondary small" }));
}

/** Asks next to the button (no browser dialog): what happens, and a clear yes or no. */
function confirmInline(anchor: HTMLButtonElement, question: string, yes: string, action: () => Promise<void>): void {
  anchor.hidden = true;
  const box = h("span", { class: "confirm", role: "group", "aria-label": question }, h("span", {}, question, " "));
  const done = () => { box.remove(); anchor.hidden = false; };
  box.append(button(yes, () => { done(); void action(); }, { kind: "primary small" }),
    button("Cancelar", () => { done(); anchor.focus(); }, { kind: "secondary small" }));
  anchor.after(box);
  box.querySelector("button")?.focus();
}

function menuChoices(selected: string[]): HTMLElement {
  return h("fieldset", { class: "menus", "data-campo": "permisos" },
    h("legend", {}, "Menús a los que tendrá acceso"),
    Object.entries(MENU_LABELS).map(([value, label]) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "permisos", value, checked: selected.includes(value) }), ` ${label}`)),
    h("p", { class: "field-error" }));
}

route("/cuenta/usuarios/nuevo", {
  title: "Crear usuario", admin: true,
  async render() {
    const form = onSubmit(h("form", { class: "card" }, h("h1", {}, "Crear usuario"),
      h("p", {}, "Selecciona los menús a los que tendrá acceso y diligencia los campos obligatorios (*)."),
      formError(), menuChoices([]), h("div", { class: "grid" }, ...(await personFields())),
      h("div", { class: "actions" }, h("a", { href: "#/cuenta/usuarios", class: "button secondary" }, "Atrás"),
        button("Guardar", undefined, { type: "submit" }))), async () => {
      const v = values(form);
      const created = await call("post", "/usuarios", { body: {
        tipo_documento: v.tipo_documento as never, numero_documento: v.numero_documento ?? "",
        primer_nombre: v.primer_nombre ?? "", segundo_nombre: v.segundo_nombre ?? null,
        primer_apellido: v.primer_apellido ?? "", segundo_apellido: v.segundo_apellido ?? null,
        cargo: v.cargo ?? "", area: v.area ?? "", departamento: v.departamento ?? "", ciudad: v.ciudad ?? "",
        telefono: v.telefono ?? null, extension: v.extension ?? null, celular: v.celular ?? "",
        correo: v.correo ?? "", correo_confirmacion: v.correo_confirmacion ?? "",
        permisos: checked(form, "permisos") as Schemas["Menu"][],
      } });
      setFlash(created.estado === "PENDIENTE"
        ? `La persona ya tiene cuenta: se le envió una invitación (${created.nombre})`
        : `Usuario ${created.nombre} creado. Recibirá su contraseña en el correo ${created.correo}`, "ok");
      go("/cuenta/usuarios");
    });
    return h("section", {}, tabs("/cuenta/usuarios"), form);
  },
});

route("/cuenta/usuarios/:id", {
  title: "Editar usuario", admin: true,
  async render({ id }) {
    const u = await get("/usuarios/{user_id}", { params: { user_id: id } });
    const form = onSubmit(h("form", { class: "card" }, h("h1", {}, "Editar usuario"),
      h("p", {}, "Tipo de documento, número de documento y correo electrónico corporativo no son editables."),
      formError(), u.rol === "ADMINISTRADOR" ? null : menuChoices(u.permisos),
      h("div", { class: "grid" }, ...(await personFields(u as unknown as Record<string, string>, true))),
      h("div", { class: "actions" }, h("a", { href: "#/cuenta/usuarios", class: "button secondary" }, "Atrás"),
        button("Guardar", undefined, { type: "submit" }))), async () => {
      const v = values(form);
      await call("put", "/usuarios/{user_id}", { params: { user_id: id }, body: {
        primer_nombre: v.primer_nombre ?? "", segundo_nombre: v.segundo_nombre ?? null,
        primer_apellido: v.primer_apellido ?? "", segundo_apellido: v.segundo_apellido ?? null,
        cargo: v.cargo ?? "", area: v.area ?? "", departamento: v.departamento ?? "", ciudad: v.ciudad ?? "",
        telefono: v.telefono ?? null, extension: v.extension ?? null, celular: v.celular ?? "",
        ...(u.rol === "ADMINISTRADOR" ? {} : { permisos: checked(form, "permisos") as Schemas["Menu"][] }),
      } });
      setFlash(`Usuario ${u.nombre} actualizado`, "ok");
      go("/cuenta/usuarios");
    });
    return h("section", {}, tabs("/cuenta/usuarios"), form);
  },
});

route("/cuenta/contrasena", {
  title: "Cambiar contraseña",
  render() {
    const forced = session.current()?.debeCambiar ?? false;
    const form = onSubmit(h("form", { class: "card narrow" }, h("h1", {}, "Cambiar contraseña"),
      forced ? notice("La contraseña que recibió por correo debe cambiarse antes de usar la Oficina Virtual", "info") : null,
      h("p", {}, "Mínimo 8 caracteres, con una mayúscula, una minúscula y un número. Se recomienda cambiarla frecuentemente."),
      formError(),
      text("contrasena_actual", "Contraseña actual", { required: true, type: "password", autocomplete: "current-password" }),
      text("contrasena_nueva", "Nueva contraseña", { required: true, type: "password", autocomplete: "new-password" }),
      text("confirmacion", "Confirmar nueva contraseña", { required: true, type: "password", autocomplete: "new-password" }),
      h("div", { class: "actions" }, button("Cambiar contraseña", undefined, { type: "submit" }))), async () => {
      const v = values(form);
      if ((v.contrasena_nueva ?? "") !== (v.confirmacion ?? "")) throw fieldError("confirmacion", "Las contraseñas no coinciden");
      const answer = await call("put", "/cuenta/contrasena", { body: {
        contrasena_actual: v.contrasena_actual ?? "", contrasena_nueva: v.contrasena_nueva ?? "", confirmacion: v.confirmacion ?? "",
      } });
      session.start(answer); // the change closed every other session and opened this new one
      announce("contrasena"); // other tabs of this browser hear it at once
      setFlash("Contraseña cambiada", "ok");
      go(forced ? afterLogin() : "/cuenta/contrasena");
    });
    return h("section", {}, forced ? null : tabs("/cuenta/contrasena"), form);
  },
});

route("/cuenta/invitaciones", {
  title: "Invitaciones", provider: true,
  async render() {
    const list = await get("/cuenta/invitaciones");
    const answer = (id: string, accept: boolean) => async () => {
      const body = { prestador_id: id };
      const done = accept ? await call("post", "/cuenta/invitaciones/aceptar", { body })
        : await call("post", "/cuenta/invitaciones/rechazar", { body });
      setFlash(done.mensaje, "ok");
      // An accepted provider joins the session's list at the next login (or switch): ask the API now.
      if (accept) session.start(await call("put", "/sesion/prestador", { body: { prestador_id: session.current()!.prestadorId } }));
      go("/cuenta/invitaciones");
    };
    return h("section", {}, tabs("/cuenta/invitaciones"), h("h1", {}, "Invitaciones"),
      h("p", {}, "Prestadores que lo invitaron a su Oficina Virtual. Al aceptar, queda vinculado con los menús que le otorgaron."),
      table("Invitaciones pendientes", ["Prestador", "Documento", "Acciones"], list.invitaciones.map((p) => [
        p.razon_social, `${p.tipo_documento} ${p.numero_documento}`,
        h("span", { class: "row-actions" },
          button("Aceptar", answer(p.prestador_id, true), { kind: "primary small" }),
          button("Rechazar", answer(p.prestador_id, false), { kind: "secondary small" }))])));
  },
});

route("/cuenta/perfil", {
  title: "Mi perfil",
  async render() {
    const p = await get("/cuenta/perfil");
    const row = (label: string, value: string | null | undefined) => [h("dt", {}, label), h("dd", {}, value ?? "")];
    return h("section", {}, tabs("/cuenta/perfil"), h("h1", {}, "Mi perfil"),
      h("h2", {}, "DATOS PERSONALES"),
      h("dl", { class: "facts" }, row("Número identificación", p.numero_identificacion), row("Nombre", p.nombre),
        row("Correo registrado", p.correo_registrado), row("Teléfono celular", p.telefono_celular)),
      h("h2", {}, "DATOS PRESTADOR"),
      h("dl", { class: "facts" }, row("Identificación", `${p.prestador.tipo_documento} - ${p.prestador.numero_documento}`),
        row("Razón social", p.prestador.razon_social), row("Cargo", p.cargo), row("Área", p.area),
        row("Teléfono - ext", [p.telefono, p.extension].filter(Boolean).join(" - ")),
        row("Fin vigencia usuario", date(p.fin_vigencia_usuario)), row("Perfil usuario", p.perfil_usuario)),
      h("h2", {}, "AUTORIZACIÓN DE DATOS PERSONALES"),
      p.autorizacion_datos
        ? h("dl", { class: "facts" }, row("Política", p.autorizacion_datos.politica),
          row("Versión", `${p.autorizacion_datos.version}${p.autorizacion_datos.vigente ? " (vigente)" : " (hay una versión nueva)"}`),
          row("Autorizada el", dateTime(p.autorizacion_datos.aceptado_en)),
          row("Medio", p.autorizacion_datos.canal === "REGISTRO" ? "Formulario de registro" : "Oficina Virtual"),
          row("Desde la IP", p.autorizacion_datos.ip))
        : h("p", {}, "Aún no ha autorizado el tratamiento de sus datos personales. ",
          h("a", { href: "#/cuenta/autorizacion" }, "Autorizar ahora")),
      p.autorizacion_datos && !p.autorizacion_datos.vigente
        ? h("p", {}, h("a", { href: "#/cuenta/autorizacion" }, "Leer y autorizar la versión vigente")) : null);
  },
});

// Ley 1581: asked once per session until the current version is authorised (app.ts sends the user here).
route("/cuenta/autorizacion", {
  title: "Autorización de datos personales",
  async render() {
    const policy = await get("/cuenta/autorizacion-datos");
    const proceed = () => { session.consentAsked(); go(afterLogin()); };
    const form = onSubmit(h("form", { class: "card narrow" }, h("h1", {}, "Autorización de tratamiento de datos personales"),
      h("h2", {}, policy.politica), h("p", {}, policy.texto), h("p", { class: "hint" }, `Versión ${policy.version}`),
      formError(),
      h("div", { class: "actions" }, button("Ahora no", proceed, { kind: "secondary" }),
        button("Autorizo", undefined, { type: "submit" }))), async () => {
      await call("post", "/cuenta/autorizacion-datos", { body: { acepta_tratamiento_datos: true, version: policy.version } });
      setFlash("Autorización registrada. Puede consultarla en Mi cuenta > Mi perfil", "ok");
      proceed();
    });
    return h("section", {}, form);
  },
});

route("/cuenta/auditoria", {
  title: "Auditoría", admin: true,
  async render() {
    const list = h("div", {});
    const load = async (cursor?: string) => {
      const page = await get("/cuenta/auditoria", { query: { limite: "20", cursor } });
      list.replaceChildren(table("Eventos de cuentas del prestador", ["Fecha", "Evento", "Actor", "Afectado", "IP"],
        page.eventos.map((e) => [dateTime(e.fecha), AUDIT_EVENTS[e.evento], documentRef(e.actor), documentRef(e.afectado),
          e.ip ?? ""])),
      pager(page.siguiente, (c) => void load(c)));
    };
    await load();
    return h("section", {}, tabs("/cuenta/auditoria"), h("h1", {}, "Auditoría"), list);
  },
});

export function accessTable(page: Schemas["AccessPage"]): HTMLElement {
  return table("Consultas de datos de la EPS", ["Fecha", "Prestador", "Persona", "Rol", "Consulta", "Parámetros", "Estado", "Registros"],
    page.accesos.map((a) => [dateTime(a.fecha), documentRef(a.prestador), documentRef(a.persona), a.rol, `${a.metodo} ${a.ruta}`,
      Object.entries(a.parametros ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(" "), String(a.estado), String(a.registros)]));
}

route("/cuenta/accesos", {
  title: "Accesos", admin: true,
  async render() {
    const list = h("div", {});
    const load = async (cursor?: string) => {
      const page = await get("/cuenta/accesos", { query: { limite: "20", cursor } });
      list.replaceChildren(accessTable(page), pager(page.siguiente, (c) => void load(c)));
    };
    await load();
    return h("section", {}, tabs("/cuenta/accesos"), h("h1", {}, "Accesos a datos de la EPS"), list);
  },
});
