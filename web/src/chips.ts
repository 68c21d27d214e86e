// The seed's multi-select filter (§7: "AMBULATORIO ×"): chosen values as removable chips, the rest in a list to
// add from; none chosen means every value ("Todos").
import { h } from "./dom";

export interface Chips { box: HTMLElement; values: () => string[]; clear: () => void }

export function chips(name: string, legend: string, options: { value: string; label: string }[]): Chips {
  let chosen: string[] = [];
  const list = h("ul", { class: "chips", "aria-label": `${legend} elegidos` });
  const add = h("select", { id: `agregar-${name}`, "aria-label": `Agregar ${legend.toLowerCase()}` });
  const draw = (focusAdd = false) => {
    list.replaceChildren(...(chosen.length ? chosen.map((v) => {
      const label = options.find((o) => o.value === v)?.label ?? v;
      const remove = h("button", { type: "button", class: "chip" }, label, h("span", { class: "sr-only" }, " (quitar)"),
        h("span", { "aria-hidden": "true" }, " ×"));
      remove.addEventListener("click", () => {
        chosen = chosen.filter((c) => c !== v);
        draw(true);
      });
      return h("li", {}, remove);
    }) : [h("li", { class: "all" }, "Todos")]));
    add.replaceChildren(h("option", { value: "" }, "Agregar…"),
      ...options.filter((o) => !chosen.includes(o.value)).map((o) => h("option", { value: o.value }, o.label)));
    if (focusAdd) add.focus();
  };
  add.addEventListener("change", () => {
    if (add.value) chosen = [...chosen, add.value];
    draw(true);
  });
  draw();
  const box = h("fieldset", { class: "chip-field", "data-campo": name }, h("legend", {}, legend), list, add,
    h("p", { class: "field-error" }));
  return { box, values: () => [...chosen], clear: () => { chosen = []; draw(); } };
}
