// A tiny DOM builder: the portal is a handful of forms and tables, so no framework runtime is shipped.
type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export type { Child };
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]):
  HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

let ids = 0;
export const uid = (prefix: string): string => `${prefix}-${++ids}`;

export interface FieldOptions {
  type?: string;
  required?: boolean;
  value?: string;
  autocomplete?: string;
  options?: { value: string; label: string }[];
  hint?: string;
  readonly?: boolean;
  inputmode?: string;
  maxlength?: number;
  placeholder?: string;
}

/** A labelled input or select with a slot for the API's error on that field (`data-campo`). */
export function field(name: string, label: string, opts: FieldOptions = {}): HTMLElement {
  const id = uid(name.replace(/\W/g, "-"));
  const errorId = `${id}-error`;
  const hintId = opts.hint ? `${id}-hint` : null;
  const common = {
    id, name, required: opts.required ?? false, "aria-describedby": [hintId, errorId].filter(Boolean).join(" "),
    readonly: !opts.options && (opts.readonly ?? false), disabled: !!opts.options && (opts.readonly ?? false),
  };
  const control = opts.options
    ? h("select", common, h("option", { value: "" }, "Seleccione…"),
      opts.options.map((o) => h("option", { value: o.value, selected: o.value === opts.value }, o.label)))
    : h("input", {
      ...common, type: opts.type ?? "text", value: opts.value ?? "", autocomplete: opts.autocomplete ?? "off",
      inputmode: opts.inputmode, maxlength: opts.maxlength, placeholder: opts.placeholder,
    });
  return h("div", { class: "field", "data-campo": name },
    h("label", { for: id }, opts.required ? [h("span", { "aria-hidden": "true" }, "* "), label] : label),
    control,
    hintId ? h("small", { id: hintId, class: "hint" }, opts.hint!) : null,
    fieldErrorSlot(errorId));
}

/** Where a field's error is written; announced through the form's one live region, not a per-field alert. */
export const fieldErrorSlot = (id?: string): HTMLElement => h("p", { id, class: "field-error" });

export function button(label: string, onclick?: (e: Event) => void, opts: { kind?: string; type?: string } = {}):
  HTMLButtonElement {
  return h("button", { type: opts.type ?? "button", class: opts.kind ?? "primary", onclick: onclick as EventListener },
    label);
}

/** Every named control's value (checkboxes: "true"/""; empty strings dropped). */
export function values(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement) || !el.name) continue;
    if (el instanceof HTMLInputElement && el.type === "checkbox") continue;
    const v = el.value.trim();
    if (v !== "") out[el.name] = v;
  }
  return out;
}

export function checked(form: HTMLFormElement, name: string): string[] {
  return Array.from(form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)).map((c) => c.value);
}

export interface ApiFieldError { campo?: string; mensaje?: string }

/** Shows each field error next to its field (`campo` may be dotted: `solicitante.correo`); the rest in `banner`. */
export function showErrors(form: HTMLElement, message: string, errors: ApiFieldError[] = []): void {
  clearErrors(form);
  const unplaced: string[] = [];
  for (const e of errors) {
    const name = (e.campo ?? "").split(".").pop() ?? "";
    const slot = name ? form.querySelector<HTMLElement>(`[data-campo="${CSS.escape(name)}"]`) : null;
    if (slot) {
      slot.classList.add("invalid");
      const slotError = slot.querySelector(".field-error")!; // every rule a field breaks, not only the last
      slotError.textContent = [slotError.textContent, e.mensaje].filter(Boolean).join(". ");
      slot.querySelector("input,select")?.setAttribute("aria-invalid", "true");
    } else if (e.mensaje) unplaced.push(e.campo ? `${e.campo}: ${e.mensaje}` : e.mensaje);
  }
  const banner = form.querySelector<HTMLElement>(".form-error");
  if (banner) {
    // The form's one live region says what is wrong; each message also sits under its field.
    banner.textContent = [message, ...unplaced].join(". ");
    banner.hidden = false;
  }
  (form.querySelector<HTMLElement>("[aria-invalid=true]") ?? banner)?.focus();
}

export function clearErrors(form: HTMLElement): void {
  form.querySelectorAll(".field.invalid").forEach((f) => f.classList.remove("invalid"));
  form.querySelectorAll(".field-error").forEach((p) => (p.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((c) => c.removeAttribute("aria-invalid"));
  const banner = form.querySelector<HTMLElement>(".form-error");
  if (banner) banner.hidden = true;
}

export const formError = (): HTMLElement => h("p", { class: "form-error", role: "alert", tabindex: "-1", hidden: true });

export function notice(text: string, kind: "ok" | "info" | "error" = "info"): HTMLElement {
  return h("p", { class: `notice ${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

/** A table that scrolls inside its own box (never the page). With `actions`, the last column holds each row's
 * buttons and stays pinned at the right edge while the rest scrolls; a hint appears when columns are hidden. */
export function table(caption: string, headers: string[], rows: Child[][], opts: { actions?: boolean } = {}):
  HTMLElement {
  const wrap = h("div", { class: `table-wrap${opts.actions ? " with-actions" : ""}`, tabindex: "0", role: "region",
    "aria-label": caption },
  h("table", {}, h("caption", {}, caption),
    h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.length ? rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))
      : h("tr", {}, h("td", { colspan: headers.length }, "No se encontraron registros")))));
  const hint = h("p", { class: "scroll-hint", hidden: true }, "Deslice la tabla hacia los lados para ver todas las columnas");
  new ResizeObserver(() => { hint.hidden = wrap.scrollWidth <= wrap.clientWidth + 1; }).observe(wrap);
  return h("div", { class: "table-box" }, hint, wrap);
}
