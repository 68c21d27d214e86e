// Cells every job list shares (cartera requests, glosa loads, the operators' processes): the state in Spanish and
// the progress bar, drawn only for work that is under way or done (a failed job is not "100 %").
import { type Child, h } from "./dom";
import { dateTime } from "./format";
import { jobState, type JobState, UNDONE } from "./labels";

/** One column of a list: its header and how a row fills it. */
export type Column<Row> = readonly [header: string, cell: (row: Row) => Child];

/** What every provider's upload job says about itself (a cartera request, a glosa load). */
export interface JobRow {
  fecha: string;
  archivo: string;
  estado: JobState;
  error: string | null;
  progreso: number;
  resultado_url?: string | null;
}

export function stateCell(estado: JobState, error?: string | null): HTMLElement {
  return h("span", { class: `state state-${estado}` }, error ? `${jobState(estado)}: ${error}` : jobState(estado));
}

export function progressCell(estado: JobState, progreso: number, archivo: string): HTMLElement | string {
  if (UNDONE.includes(estado)) return h("span", { class: "muted" }, "Sin procesar");
  return h("progress", { max: "100", value: String(progreso), "aria-label": `Progreso de ${archivo}` });
}

/** Fecha, Archivo, Estado, Progreso: the columns every upload list has, in this order. */
export const jobColumns = <Row extends JobRow>(): Column<Row>[] => [
  ["Fecha", (r) => dateTime(r.fecha)],
  ["Archivo", (r) => r.archivo],
  ["Estado", (r) => stateCell(r.estado, r.error)],
  ["Progreso", (r) => progressCell(r.estado, r.progreso, r.archivo)],
];

/** The result file's link once there is one; `context` completes its accessible name (which row's result). */
export const resultColumn = <Row extends JobRow>(header: string, context: (row: Row) => string): Column<Row> =>
  [header, (r) => r.resultado_url ? h("a", { href: r.resultado_url, class: "button secondary small", rel: "noopener" },
    "Descargar resultado", h("span", { class: "sr-only" }, context(r))) : ""];
