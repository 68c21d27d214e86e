// Cells every job list shares (cartera requests, glosa loads, the operators' processes): the state in Spanish and
// the progress bar, drawn only for work that is under way or done (a failed job is not "100 %").
import { h } from "./dom";
import { jobState, type JobState, UNDONE } from "./labels";

export function stateCell(estado: JobState, error?: string | null): HTMLElement {
  return h("span", { class: `state state-${estado}` }, error ? `${jobState(estado)}: ${error}` : jobState(estado));
}

export function progressCell(estado: JobState, progreso: number, archivo: string): HTMLElement | string {
  if (UNDONE.includes(estado)) return h("span", { class: "muted" }, "Sin procesar");
  return h("progress", { max: "100", value: String(progreso), "aria-label": `Progreso de ${archivo}` });
}
