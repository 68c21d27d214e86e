// Consulta cartera (seed 002 §6): template, request (daily quota), upload to S3 with progress, live request list.
import { call, download, get, type Schemas } from "../api";
import { route } from "../app";
import { h } from "../dom";
import { integer } from "../format";
import { fileButton } from "../query-ui";
import { helpLink } from "../help";
import { type Column, jobColumns, resultColumn } from "../job-cells";
import { type DailyQuota, uploadScreen } from "../upload-screen";

type Request = Schemas["CarteraRequestView"];

const REQUEST_COLUMNS: Column<Request>[] = [...jobColumns<Request>(),
  ["Filas", (s) => integer(s.filas)], ["Filas con errores", (s) => integer(s.filas_con_errores)],
  resultColumn("Resultado", (s) => ` de ${s.archivo}`)];

const quotaLine = ({ left, perDay }: DailyQuota) =>
  left > 0 ? `Consultas disponibles hoy: ${left} de ${perDay}.` : `Ya usó las ${perDay} consultas de hoy: podrá registrar otra mañana.`;

route("/cartera", {
  title: "Consulta cartera", menu: "CARTERA",
  async render() {
    const upload = uploadScreen<Request>({
      file: { id: "archivo-cartera", label: "Seleccione el archivo con las facturas (*.xlsx)",
        hint: "Cantidad máxima de registros por archivo 50.000; máximo 3 consultas diarias por prestador.",
        missing: "Seleccione el archivo con las facturas" },
      form: { heading: "Facturas", submit: "Registrar solicitud", clear: "Eliminar archivo", progress: "Carga del archivo",
        uploaded: "Archivo cargado. La solicitud se procesa y la lista de solicitudes se actualiza sola." },
      list: { heading: "Solicitudes", caption: "Solicitudes de cartera", columns: REQUEST_COLUMNS,
        unavailable: "No fue posible consultar las solicitudes" },
      async jobs() {
        const page = await get("/cartera/solicitudes", { query: { limite: "10" } });
        return { rows: page.solicitudes, quota: { left: page.consultas_restantes_hoy, perDay: page.consultas_por_dia } };
      },
      async register(archivo) {
        const registered = await call("post", "/cartera/solicitudes", { body: { archivo } });
        return { ...registered, quotaLeft: registered.consultas_restantes_hoy };
      },
      quotaLine,
    });
    await upload.ready;
    return h("section", {}, h("h1", {}, "Consulta cartera"),
      h("p", {}, "Consulte el estado actual de cartera de facturas específicas con la plantilla definida."),
      h("p", {}, fileButton("Descargar plantilla", "XLSX de la consulta de cartera",
        () => download("/cartera/plantilla", { accept: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }))),
      upload.form, helpLink("cartera"), ...upload.history);
  },
});
