// Pieces of the query screens (Pagos, Glosas): mode tabs, DD/MM/AAAA dates, cursor paging, file buttons.
import { ApiError, download } from "./api";
import { button, h, notice } from "./dom";
import { isoFromColombian } from "./format";
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

/** Forward/back paging over the API's opaque cursors. */
export class Pager {
  private stack: (string | undefined)[] = [];
  constructor(private readonly load: (cursor?: string) => Promise<string | null | undefined>) {}
  async first(): Promise<HTMLElement> {
    this.stack = [undefined];
    return this.controls(await this.load());
  }
  private async at(cursor: string | undefined): Promise<HTMLElement> {
    return this.controls(await this.load(cursor));
  }
  controls(next: string | null | undefined): HTMLElement {
    const page = this.stack.length;
    const box = h("nav", { class: "pager", "aria-label": "Paginación" },
      button("‹ Anterior", async () => {
        this.stack.pop();
        box.replaceWith(await this.at(this.stack[this.stack.length - 1]));
      }, { kind: "secondary small" }),
      h("span", { "aria-live": "polite" }, `Página ${page}`),
      button("Siguiente ›", async () => {
        this.stack.push(next ?? undefined);
        box.replaceWith(await this.at(next ?? undefined));
      }, { kind: "secondary small" }));
    const [prev, , nextBtn] = Array.from(box.children) as HTMLButtonElement[];
    prev.disabled = page <= 1;
    nextBtn.disabled = !next;
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
