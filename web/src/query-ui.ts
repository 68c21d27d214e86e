// Pieces of the query screens (Pagos, Glosas): mode tabs, DD/MM/AAAA dates, cursor paging, file buttons.
import { ApiError, download } from "./api";
import { button, field, h, notice } from "./dom";
import { date, isoFromColombian } from "./format";
import { fieldError } from "./forms";

export function modeTabs(label: string, modes: [string, string][], show: (mode: string) => void): HTMLElement {
  const list = h("div", { role: "tablist", class: "modes", "aria-label": label });
  const select = (mode: string, focus = false) => {
    list.querySelectorAll<HTMLButtonElement>("[role=tab]").forEach((t) => {
      const on = t.dataset.mode === mode;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      if (on && focus) t.focus();
    });
    show(mode);
  };
  modes.forEach(([mode, text], i) => {
    const tab = h("button", { type: "button", role: "tab", "data-mode": mode, class: "tab" }, text);
    tab.addEventListener("click", () => select(mode));
    tab.addEventListener("keydown", (e) => {
      const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
      if (step) select(modes[(i + step + modes.length) % modes.length][0], true);
    });
    list.append(tab);
  });
  queueMicrotask(() => select(modes[0][0]));
  return list;
}

/** A DD/MM/AAAA text for the API as AAAA-MM-DD; empty stays empty so the API names the missing field. */
export function apiDate(name: string, label: string, value: string | undefined): string {
  if (!value) return "";
  const iso = isoFromColombian(value);
  if (!iso) throw fieldError(name, `El campo "${label}" debe ser una fecha válida DD/MM/AAAA`);
  return iso;
}

const SVG = "http://www.w3.org/2000/svg";
function calendarIcon(): Element {
  const icon = document.createElementNS(SVG, "svg");
  icon.setAttribute("viewBox", "0 0 20 20");
  icon.setAttribute("width", "20");
  icon.setAttribute("height", "20");
  icon.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", "M3 5h14v12H3zM3 8.5h14M6.5 2.5v4M13.5 2.5v4M6 11.5h2M9 11.5h2M12 11.5h2M6 14.5h2M9 14.5h2");
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", "currentColor");
  path.setAttribute("stroke-width", "1.6");
  icon.append(path);
  return icon;
}

/** A date typed as DD/MM/AAAA, or picked from the browser's calendar (the button beside it); the query sends
 * AAAA-MM-DD (apiDate). */
export function dateField(name: string, label: string, value = ""): HTMLElement {
  const box = field(name, label, { required: true, value, placeholder: "DD/MM/AAAA", hint: "DD/MM/AAAA",
    inputmode: "numeric", maxlength: 10 });
  const input = box.querySelector("input")!;
  const picker = h("input", { type: "date", class: "date-picker", tabindex: "-1", "aria-hidden": "true" });
  const open = h("button", { type: "button", class: "secondary calendar" },
    calendarIcon(), h("span", { class: "sr-only" }, `Elegir ${label.toLowerCase()} en el calendario`));
  open.addEventListener("click", () => {
    picker.value = isoFromColombian(input.value) ?? "";
    try {
      picker.showPicker();
    } catch {
      picker.click(); // browsers without showPicker open it on click
    }
  });
  picker.addEventListener("change", () => {
    if (!picker.value) return;
    input.value = date(picker.value);
    input.focus();
  });
  const row = h("div", { class: "date-input" });
  input.replaceWith(row);
  row.append(input, open, picker);
  return box;
}

export const PAGE_SIZES = ["10", "25", "50"];

/** Forward/back paging over the API's opaque cursors ("Siguiente" only when the API gives a cursor, which it
 * does only when more follows), with the seed's "Mostrar N registros". Focus stays on the control used. */
export class Pager {
  private stack: (string | undefined)[] = [];
  private size = PAGE_SIZES[0];
  constructor(private readonly load: (cursor: string | undefined, limit: string) => Promise<string | null | undefined>) {}
  async first(): Promise<HTMLElement> {
    this.stack = [undefined];
    return this.controls(await this.load(undefined, this.size));
  }
  private async go(box: HTMLElement, cursor: string | undefined, focus: string): Promise<void> {
    const next = this.controls(await this.load(cursor, this.size));
    box.replaceWith(next);
    const target = next.querySelector<HTMLElement>(`[data-pager="${focus}"]:not(:disabled)`)
      ?? next.querySelector<HTMLElement>("[data-pager=page]");
    target?.focus();
  }
  controls(next: string | null | undefined): HTMLElement {
    const page = this.stack.length;
    const size = h("select", { "data-pager": "size", "aria-label": "Registros por página" },
      PAGE_SIZES.map((n) => h("option", { value: n, selected: n === this.size }, n)));
    const box: HTMLElement = h("nav", { class: "pager", "aria-label": "Paginación" },
      h("label", { class: "page-size" }, "Mostrar ", size, " registros"),
      button("‹ Anterior", () => {
        this.stack.pop();
        void this.go(box, this.stack[this.stack.length - 1], "prev");
      }, { kind: "secondary small" }),
      h("span", { "aria-live": "polite", "data-pager": "page", tabindex: "-1" }, `Página ${page}`),
      button("Siguiente ›", () => {
        this.stack.push(next ?? undefined);
        void this.go(box, next ?? undefined, "next");
      }, { kind: "secondary small" }));
    const [prev, nextBtn] = Array.from(box.querySelectorAll("button"));
    prev.dataset.pager = "prev";
    nextBtn.dataset.pager = "next";
    prev.disabled = page <= 1;
    nextBtn.disabled = !next;
    size.addEventListener("change", () => {
      this.size = size.value;
      this.stack = [undefined];
      void this.go(box, undefined, "size");
    });
    return box;
  }
}

/** A download button: `label` shown, `context` (which file) read by screen readers after it (WCAG 2.5.3). */
export function fileButton(label: string, context: string,
  fetcher: () => ReturnType<typeof download>): HTMLButtonElement {
  const b = button(label, async () => {
    b.disabled = true;
    b.nextElementSibling?.classList.contains("notice") && b.nextElementSibling.remove();
    try {
      await fetcher();
    } catch (error) {
      b.after(notice(error instanceof ApiError ? error.message : "No fue posible descargar el archivo", "error"));
    } finally {
      b.disabled = false;
    }
  }, { kind: "secondary small" });
  b.append(h("span", { class: "sr-only" }, ` ${context}`));
  return b;
}
