// Mi cuenta › Cambio de IPS (seed 003 §4.1.3): 1 CONSULTA (whose IPS), 2 VERIFICA LA IPS ACTUAL, 3 DILIGENCIA
// CORRECTAMENTE EL FORMULARIO (prefilled from the EPS's data; IPS deseada among the primary IPS of the municipio)
// → "Enviar solicitud". One open request per person: the API refuses a second, the screen says it is in progress.
import { ApiError } from "../api";
import { route } from "../app";
import { field, formError, h, notice, values } from "../dom";
import { dateTime } from "../format";
import { onSubmit, placeFields, text } from "../forms";
import { affCall, type AffSchemas } from "./api";
import { CELULAR, CORREO } from "./fields";

type Person = AffSchemas["IpsChangePersonView"];
type Motivo = AffSchemas["IpsChangeForm"]["motivo"]; // the list offered is the API's own (GET motivos)
const REQUIRED = ["telefono_residencia", "telefono_fijo_alternativo", "celular", "direccion_residencia",
  "departamento_residencia", "municipio_residencia", "motivo", "ips_deseada"];
const ipsText = (ips: AffSchemas["IpsView"] | null) => ips ? [ips.nombre, ips.direccion, ips.telefono].filter(Boolean).join(" · ") : "—";

function localErrors(v: Record<string, string>): { campo: string; mensaje: string }[] {
  const errors = REQUIRED.filter((k) => !v[k]).map((campo) => ({ campo, mensaje: "Este campo es obligatorio" }));
  for (const k of ["correo", "correo_alternativo"]) {
    if (v[k] && !CORREO.test(v[k])) errors.push({ campo: k, mensaje: "Ingrese un correo electrónico válido" });
  }
  if (v.celular && !CELULAR.test(v.celular)) errors.push({ campo: "celular", mensaje: "El celular debe tener 10 dígitos y empezar por 3" });
  for (const k of ["telefono_residencia", "telefono_fijo_alternativo"]) {
    if (v[k] && !/^\d{7,10}$/.test(v[k])) errors.push({ campo: k, mensaje: "El teléfono debe tener entre 7 y 10 dígitos" });
  }
  return errors;
}

async function requestForm(person: Person, motivos: string[]): Promise<HTMLElement> {
  if (person.solicitud_en_tramite) {
    const open = person.solicitud_en_tramite;
    return notice(`Ya hay una solicitud de cambio de IPS en trámite para ${person.nombre} (enviada el `
      + `${dateTime(open.fecha)}, IPS deseada: ${open.ips_deseada}). Te informaremos por correo la respuesta.`, "info");
  }
  const f = person.formulario;
  const result = h("div", { "aria-live": "polite" });
  const form = onSubmit(h("form", {}, formError(),
    h("div", { class: "grid" },
      text("correo_alternativo", "Correo electrónico alternativo", { type: "email", value: f.correo_alternativo ?? "" }),
      text("correo", "Correo electrónico", { type: "email", value: f.correo ?? "", autocomplete: "email" }),
      text("telefono_residencia", "Teléfono Residencia", { required: true, type: "tel", inputmode: "numeric", value: f.telefono_residencia ?? "" }),
      text("telefono_fijo_alternativo", "Teléfono fijo alternativo", { required: true, type: "tel", inputmode: "numeric",
        value: f.telefono_fijo_alternativo ?? "" }),
      text("celular", "Teléfono celular", { required: true, type: "tel", inputmode: "numeric", maxlength: 10, value: f.celular ?? "" }),
      text("direccion_residencia", "Dirección de residencia", { required: true, value: f.direccion_residencia ?? "" }),
      ...(await placeFields(f.departamento_residencia ?? "", f.municipio_residencia ?? "", {
        departamento: ["departamento_residencia", "Departamento de residencia"],
        ciudad: ["municipio_residencia", "Municipio de residencia"], required: true })),
      field("motivo", "Motivo del cambio de IPS", { required: true, options: motivos.map((m) => ({ value: m, label: m })) }),
      field("ips_deseada", "IPS deseada", { required: true, options: person.ips_disponibles
        .filter((i) => !(person.ips_actual && i.nit === person.ips_actual.nit && i.sucursal === person.ips_actual.sucursal))
        .map((i) => ({ value: `${i.nit}-${i.sucursal}`, label: [i.nombre, i.direccion].filter(Boolean).join(" — ") })),
        hint: person.ips_disponibles.length ? "IPS primarias de tu municipio de residencia"
          : "No hay otras IPS primarias en tu municipio de residencia" })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Enviar solicitud")),
    result), async () => {
    const v = values(form);
    const errors = localErrors(v);
    if (errors.length) throw new ApiError(422, "VALIDACION", "Revise los campos marcados", errors);
    const answer = await affCall("post", "/afiliados/cambio-ips", { body: {
      ref: person.ref, correo_alternativo: v.correo_alternativo ?? null, correo: v.correo ?? null,
      telefono_residencia: v.telefono_residencia, telefono_fijo_alternativo: v.telefono_fijo_alternativo,
      celular: v.celular, direccion_residencia: v.direccion_residencia, departamento_residencia: v.departamento_residencia,
      municipio_residencia: v.municipio_residencia, motivo: v.motivo as Motivo, ips_deseada: v.ips_deseada,
    } });
    form.querySelector(".actions")?.remove();
    result.replaceChildren(notice(answer.mensaje, "ok"));
  });
  return form;
}

route("/afiliados/cuenta/cambio-ips", {
  title: "Cambio de IPS",
  async render() {
    const page = await affCall("get", "/afiliados/cambio-ips");
    const current = h("div", { "aria-live": "polite" });
    const step3 = h("div", {});
    const pick = field("persona", "Seleccionar usuario", { required: true, value: page.personas[0]?.ref ?? "",
      options: page.personas.map((p) => ({ value: p.ref, label: p.nombre })) });
    const select = pick.querySelector("select")!;
    const showPerson = async () => {
      const person = page.personas.find((p) => p.ref === select.value);
      current.replaceChildren(person ? h("dl", { class: "facts" },
        h("dt", {}, "Nombre y Apellidos del afiliado:"), h("dd", {}, person.nombre),
        h("dt", {}, "IPS actual:"), h("dd", {}, ipsText(person.ips_actual))) : "");
      step3.replaceChildren(person ? await requestForm(person, page.motivos) : "");
    };
    select.addEventListener("change", () => void showPerson());
    await showPerson();
    return h("section", {}, h("h1", {}, "SOLICITUD PARA CAMBIO DE IPS"),
      h("p", {}, "Si eres cotizante puedes solicitar tu cambio de IPS y el de tus beneficiarios menores de edad. Sólo "
        + "debes seguir estos pasos:"),
      page.aviso ? h("p", { class: "hint" }, page.aviso) : null,
      h("ol", { class: "ips-steps" },
        h("li", { class: "card" }, h("h2", {}, "1. CONSULTA"),
          h("p", {}, "Seleccione el usuario que requiere el cambio de IPS."), pick),
        h("li", { class: "card" }, h("h2", {}, "2. VERIFICA LA IPS ACTUAL"), current),
        h("li", { class: "card" }, h("h2", {}, "3. DILIGENCIA CORRECTAMENTE EL FORMULARIO"),
          h("p", {}, "Complete los siguientes datos y seleccione el motivo de cambio de IPS y la IPS deseada. Finalice "
            + "haciendo clic en enviar solicitud."), step3)));
  },
});
