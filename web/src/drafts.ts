// What was typed when a session ended: kept in this tab's sessionStorage (never password or file fields) and
// put back when the same screen is shown after the next login, so an expiry does not cost a half-filled form.
// A draft belongs to the provider it was typed for: another provider's session in the tab never sees it.
const KEY = "ov.borrador";

interface Draft {
  prestador: string;
  ruta: string;
  campos: Record<string, string | boolean>;
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const keepable = (f: Field): boolean => !!f.name && !f.disabled
  && !(f instanceof HTMLInputElement && ["password", "file", "hidden", "submit", "button"].includes(f.type));

const fieldsOf = (root: ParentNode): Field[] =>
  [...root.querySelectorAll<Field>("main form input, main form select, main form textarea")].filter(keepable);

const keyOf = (f: Field): string => (f instanceof HTMLInputElement && f.type === "checkbox" ? `${f.name}=${f.value}` : f.name);

export function saveDraft(prestador: string): void {
  const campos: Record<string, string | boolean> = {};
  for (const f of fieldsOf(document)) {
    if (f instanceof HTMLInputElement && f.type === "checkbox") campos[keyOf(f)] = f.checked;
    else if (f instanceof HTMLInputElement && f.type === "radio") { if (f.checked) campos[f.name] = f.value; }
    else if (f.value) campos[f.name] = f.value;
  }
  if (Object.keys(campos).length) sessionStorage.setItem(KEY, JSON.stringify({ prestador, ruta: location.hash, campos }));
}

function read(prestador: string): Draft | null {
  try {
    const draft = JSON.parse(sessionStorage.getItem(KEY) ?? "null") as Draft | null;
    return draft && draft.prestador === prestador ? draft : null;
  } catch {
    return null;
  }
}

/** The route of the draft kept for this provider (login returns there), if any. */
export function draftRoute(prestador: string): string | null {
  return read(prestador)?.ruta.replace(/^#/, "") ?? null;
}

/** Fills the shown form from the draft kept for this route; true when something was restored. */
export function restoreDraft(root: ParentNode, prestador: string): boolean {
  const draft = read(prestador);
  if (!draft || draft.ruta !== location.hash) return false;
  sessionStorage.removeItem(KEY);
  let restored = false;
  for (const f of fieldsOf(root)) {
    const value = draft.campos[keyOf(f)];
    if (value === undefined) continue;
    if (f instanceof HTMLInputElement && f.type === "checkbox") f.checked = value === true;
    else if (f instanceof HTMLInputElement && f.type === "radio") f.checked = f.value === value;
    else f.value = String(value);
    // as typing would: what listens to input (a character counter) and to change both see the restored value
    f.dispatchEvent(new Event("input", { bubbles: true }));
    f.dispatchEvent(new Event("change", { bubbles: true }));
    restored = true;
  }
  return restored;
}
