// Consola de operaciones: jobs of every pipeline (live), retry, entities, survey report, access log.
import { ApiError, call, download, get, type Schemas } from "../api";
import { currentGeneration, route, stillShown } from "../app";
import { button, field, formError, h, notice, table, values } from "../dom";
import { dateTime, integer, monthLabel } from "../format";
import { chart } from "../chart";
import { onSubmit, text } from "../forms";
import { accessTable } from "./account";
import { apiDate, fileButton, modeTabs, Pager } from "../query-ui";
import { stateCell } from "../job-cells";
import { channel, documentText, entity, executionState, FINISHED, jobState } from "../labels";

const POLL_MS = 1500;
const IDLE_POLL_MS = 5000; // every job finished: slower, but new uploads still appear without "Actualizar"

const owner = (j: Schemas["JobView"]) => j.prestador
  ? [j.prestador.razon_social ?? "", h("br", {}), documentText(j.prestador.tipo_documento, j.prestador.numero_documento)]
  : "EPS";

function jobDetail(job: Schemas["JobDetail"], reload: () => void): HTMLElement {
  return h("div", { class: "card job", "aria-label": `Proceso ${job.proceso_id}`, role: "region" },
    h("h3", {}, `${entity(job.entidad)} · ${jobState(job.estado)}`),
    h("dl", { class: "facts" },
      h("dt", {}, "Prestador"), h("dd", {}, owner(job)),
      h("dt", {}, "Canal"), h("dd", {}, channel(job.canal)),
      h("dt", {}, "Archivo"), h("dd", {}, job.archivo),
      h("dt", {}, "Objeto en S3"), h("dd", { class: "mono" }, job.clave_s3),
      h("dt", {}, "Inicio"), h("dd", {}, dateTime(job.inicio)),
      h("dt", {}, "Fin"), h("dd", {}, dateTime(job.fin) || "—"),
      h("dt", {}, "Ejecución"), h("dd", { class: "mono" }, job.ejecucion_arn ?? "—"),
      h("dt", {}, "Estado de la ejecución"), h("dd", {}, executionState(job.estado_ejecucion)),
      h("dt", {}, "Filas"), h("dd", {}, `${integer(job.filas_totales)} totales · ${integer(job.filas_aceptadas)} aceptadas · ${integer(job.filas_rechazadas)} rechazadas`),
      h("dt", {}, "Registros escritos"), h("dd", {}, integer(job.registros_escritos)),
      job.error ? [h("dt", {}, "Motivo de la falla"), h("dd", {}, job.error)] : null,
      job.advertencia ? [h("dt", {}, "Advertencia"), h("dd", {}, job.advertencia)] : null),
    h("div", { class: "actions start" },
      job.reporte_rechazos_url ? h("a", { href: job.reporte_rechazos_url, class: "button secondary small" }, "Reporte de filas rechazadas") : null,
      job.reintentable ? button("Reintentar", async (e) => {
        (e.currentTarget as HTMLButtonElement).disabled = true;
        try {
          await call("post", "/operaciones/procesos/{job_id}/reintento", { params: { job_id: job.proceso_id } });
        } catch (error) {
          (e.currentTarget as HTMLElement)?.after?.(notice((error as ApiError).message, "error"));
        }
        reload();
      }) : null));
}

function viewButton(j: Schemas["JobView"], onclick: () => void): HTMLButtonElement {
  const b = button("Ver", onclick, { kind: "secondary small" });
  b.dataset.proceso = j.proceso_id;
  b.append(h("span", { class: "sr-only" }, ` el proceso de ${j.archivo}`));
  return b;
}

route("/operaciones/procesos", {
  title: "Procesos", operator: true,
  render() {
    const asked = currentGeneration();
    const panel = h("div", { "aria-live": "polite" });
    const detail = h("div", {});
    let canal = "ingest";
    let timer: number | undefined;
    let open: string | null = null;
    const showDetail = async () => {
      if (!open) return detail.replaceChildren();
      const job = await get("/operaciones/procesos/{job_id}", { params: { job_id: open } });
      detail.replaceChildren(jobDetail(job, () => void refresh()));
    };
    const refresh = async () => {
      window.clearTimeout(timer);
      if (!stillShown(asked)) return;
      const page = await get("/operaciones/procesos", { query: { canal, limite: "20" } });
      if (!stillShown(asked)) return;
      const focused = (document.activeElement as HTMLElement | null)?.dataset?.proceso;
      panel.replaceChildren(table(`Procesos del canal ${channel(canal)}`, ["Inicio", "Prestador", "Entidad", "Archivo",
        "Estado", "Filas", "Rechazadas", "Fin", "Acciones"], page.procesos.map((j) => [dateTime(j.inicio), owner(j), entity(j.entidad),
        j.archivo, stateCell(j.estado), integer(j.filas_totales), integer(j.filas_rechazadas), dateTime(j.fin),
        viewButton(j, () => { open = j.proceso_id; void showDetail(); })]), { actions: true }));
      // The list is redrawn while it is live: keep the keyboard where it was.
      if (focused) panel.querySelector<HTMLElement>(`[data-proceso="${CSS.escape(focused)}"]`)?.focus();
      await showDetail();
      const running = page.procesos.some((j) => !FINISHED.includes(j.estado));
      timer = window.setTimeout(() => void refresh(), running ? POLL_MS : IDLE_POLL_MS);
    };
    return h("section", {}, h("h1", {}, "Procesos de carga"),
      modeTabs("Canal", [["ingest", channel("ingest")], ["cartera", channel("cartera")], ["glosas", channel("glosas")]], (mode) => {
        canal = mode;
        open = null;
        void refresh();
      }),
      button("Actualizar", () => void refresh(), { kind: "secondary small" }), panel, detail);
  },
});

route("/operaciones/entidades", {
  title: "Entidades", operator: true,
  async render() {
    const catalog = await get("/operaciones/entidades");
    return h("section", {}, h("h1", {}, "Entidades"),
      catalog.entidades.map((e) => h("details", { class: "card" }, h("summary", {}, `${entity(e.entidad)} (${e.entidad}) — ${e.carpeta} (llave: ${e.llave.join(", ")})`),
        table(`Columnas de ${e.entidad}`, ["Columna", "Tipo", "Obligatoria", "Longitud máxima", "Valores"],
          e.columnas.map((c) => [c.columna, c.tipo, c.obligatoria ? "Sí" : "No", c.longitud_maxima ? String(c.longitud_maxima) : "",
            (c.valores ?? []).join(", ")])))));
  },
});

route("/operaciones/encuesta", {
  title: "Informe encuesta", operator: true,
  render() {
    const results = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", { class: "card" }, formError(), h("div", { class: "grid" },
      text("desde", "Desde (AAAA-MM)", { placeholder: "AAAA-MM" }), text("hasta", "Hasta (AAAA-MM)", { placeholder: "AAAA-MM" }),
      field("canal", "Canal", { options: [{ value: "proveedores", label: "Prestadores" }, { value: "afiliados", label: "Afiliados" }] })),
    h("div", { class: "actions" }, fileButton("Descargar XLSX", "del informe de la encuesta",
      () => download("/operaciones/encuesta/informe/xlsx", { query: values(form),
        accept: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })),
    button("Consultar", undefined, { type: "submit" }))), async () => {
      const r = await get("/operaciones/encuesta/informe", { query: values(form) });
      const pct = (v: number | null) => v === null ? "—" : `${String(v).replace(".", ",")}`;
      results.replaceChildren(table("Indicadores de la encuesta por mes y canal", ["Mes", "Canal", "Respuestas", "CSAT %",
        "CES %", "CES promedio", "NPS", "Resuelto %"], r.filas.map((f) => [monthLabel(f.mes), channel(f.canal), integer(f.respuestas), pct(f.csat),
        pct(f.ces), pct(f.ces_promedio), pct(f.nps), pct(f.resuelto)])),
      h("div", { class: "charts" }, r.series.slice(0, 4).map((s) => chart({ titulo: `${s.indicador} (${channel(s.canal)})`,
        etiquetas: s.etiquetas, series: [s] }, false))));
    });
    setTimeout(() => form.isConnected && form.requestSubmit(), 0); // once on screen: a detached form cannot submit
    return h("section", {}, h("h1", {}, "Informe de la encuesta"), form, results);
  },
});

route("/operaciones/accesos", {
  title: "Accesos", operator: true,
  render() {
    const results = h("div", { "aria-live": "polite" });
    const form = onSubmit(h("form", { class: "card" }, formError(), h("div", { class: "grid" },
      text("prestador", "NIT del prestador", { placeholder: "900123456", inputmode: "numeric" }),
      text("fecha", "Fecha", { placeholder: "DD/MM/AAAA", hint: "DD/MM/AAAA" })),
    h("div", { class: "actions" }, button("Consultar", undefined, { type: "submit" }))), async () => {
      const v = values(form);
      const query = { prestador: v.prestador && !v.prestador.includes("-") ? `NI-${v.prestador}` : v.prestador,
        fecha: apiDate("fecha", "Fecha", v.fecha) };
      const body = h("div", {});
      const pager = new Pager(async (cursor, limite) => {
        const page = await get("/operaciones/accesos", { query: { ...query, limite, cursor } });
        body.replaceChildren(accessTable(page));
        return page.siguiente;
      });
      const controls = await pager.first();
      results.replaceChildren(body, controls);
    }, results);
    return h("section", {}, h("h1", {}, "Accesos a datos de la EPS"),
      h("p", {}, "Indique un prestador o un día."), form, results);
  },
});
