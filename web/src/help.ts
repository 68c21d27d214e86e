// "Si necesitas ayuda haz clic aquí" (seed 002 §6): each service links to its steps and to the EPS's contact
// channels (seed 002 §3, "Nota"), so a clerk finds the answer before calling the help line.
import { route } from "./app";
import { h } from "./dom";

interface Topic { title: string; back: string; steps: string[] }

const TOPICS: Record<string, Topic> = {
  pagos: { title: "Consulta Pagos", back: "/pagos", steps: [
    "Elija el tipo de consulta: por rango de fechas, por número de pago o por factura.",
    "Las fechas se escriben DD/MM/AAAA o se eligen con el botón del calendario.",
    "Por factura: diligencie el prefijo y el sufijo de la factura.",
    "En los resultados, «Detalle pago (CSV)» descarga las facturas que cubrió cada pago; «Mostrar N registros» cambia cuántos pagos ve por página.",
  ] },
  cartera: { title: "Consulta cartera", back: "/cartera", steps: [
    "Descargue la plantilla y diligencie una factura por fila (máximo 50.000 registros), guardada en formato XLSX con una sola hoja.",
    "Seleccione el archivo y dé clic en «Registrar solicitud»: se permiten 3 consultas diarias por prestador.",
    "Recibirá un correo al recibir el archivo y otro con el resultado; también lo descarga en la lista de solicitudes.",
  ] },
  glosas: { title: "Gestión de glosas", back: "/glosas", steps: [
    "Consulte por número de conciliación, por rango de fechas o por número de factura.",
    "«Descargar XLSX» entrega el detalle de la conciliación; diligencie las columnas de respuesta.",
    "En «Cargar respuesta» seleccione el archivo diligenciado; se procesa una carga a la vez y el resultado llega a su correo.",
  ] },
  indicadores: { title: "Indicadores", back: "/indicadores", steps: [
    "Prestación efectiva: porcentaje de autorizaciones direccionadas que se usaron, y su tendencia.",
    "Oportunidad prestación: días promedio entre la generación de la autorización y su uso.",
    "Elija el año y, si desea, uno o varios ámbitos, grupos de servicio y sucursales; «Limpiar» quita los filtros.",
  ] },
};

export function helpLink(topic: keyof typeof TOPICS & string): HTMLElement {
  return h("p", { class: "help" }, "Si necesitas ayuda ", h("a", { href: `#/ayuda/${topic}` }, "haz clic aquí"));
}

route("/ayuda/:tema", {
  title: "Ayuda",
  render({ tema }) {
    const topic = TOPICS[tema];
    return h("section", {}, h("h1", {}, topic ? `Ayuda: ${topic.title}` : "Ayuda"),
      topic ? h("ol", {}, topic.steps.map((s) => h("li", {}, s))) : null,
      h("h2", {}, "¿Necesita más ayuda?"),
      h("p", {}, "Comuníquese a la línea ", h("a", { href: "tel:018000938777" }, "01 8000 938777"),
        " o escríbanos en el formulario «Escríbenos y consulta tus PQRS» de ",
        h("a", { href: "https://www.sos.com.co", rel: "noopener", target: "_blank" }, "www.sos.com.co"),
        ", explicando el incidente; adjunte pantallazos para ubicarlo más rápido."),
      topic ? h("p", {}, h("a", { href: `#${topic.back}`, class: "button secondary" }, `Volver a ${topic.title}`)) : null);
  },
});
