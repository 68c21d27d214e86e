// Colombian formats, written by hand so they do not depend on the browser's locale data
// (es-CO in ICU leaves 4-digit amounts ungrouped: "1800" instead of "1.800").

export function pesos(value: number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const sign = value < 0 ? "-" : "";
  const digits = Math.abs(Math.trunc(value)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return `${sign}$ ${digits}`;
}

export function integer(value: number | null | undefined): string {
  return value === null || value === undefined ? "" : pesos(value).replace("$ ", "");
}

/** "2024-03-22" or an ISO instant → "22/03/2024" (instants shown in Bogotá time). */
export function date(value: string | null | undefined): string {
  if (!value) return "";
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return `${plain[3]}/${plain[2]}/${plain[1]}`;
  return dateTime(value).slice(0, 10);
}

export function dateTime(value: string | null | undefined): string {
  if (!value) return "";
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const bogota = new Date(instant.getTime() - 5 * 3600_000); // Colombia has no daylight saving time
  const p = (n: number) => n.toString().padStart(2, "0");
  return `${p(bogota.getUTCDate())}/${p(bogota.getUTCMonth() + 1)}/${bogota.getUTCFullYear()} `
    + `${p(bogota.getUTCHours())}:${p(bogota.getUTCMinutes())}`;
}

/** DD/MM/AAAA typed by a person → "AAAA-MM-DD" for the API, or null when it is not a real date. */
export function isoFromColombian(text: string): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}

export function todayColombian(offsetDays = 0): string {
  return date(new Date(Date.now() + offsetDays * 86400_000).toISOString());
}

const MONTHS = ["Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic"];

/** A chart or table period: "2024-05" → "May 2024"; a month name ("Enero") → "Ene"; anything else unchanged. */
export function monthLabel(value: string): string {
  const period = /^(\d{4})-(\d{2})$/.exec(value);
  if (period) return `${MONTHS[Number(period[2]) - 1] ?? period[2]} ${period[1]}`;
  const named = MONTHS.find((m) => value.toLowerCase().startsWith(m.toLowerCase()));
  return named ?? value;
}
