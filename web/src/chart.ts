// Small SVG charts (bars for the first series, lines for the rest), each with its data as a table for screen readers.
// Series differ by colour, marker shape and dash (colour alone fails people who do not see it: WCAG 1.4.1); every
// colour has ≥ 3:1 contrast on white (1.4.11). A month without data breaks the line instead of bridging it.
import { h, table } from "./dom";
import { monthLabel } from "./format";

const NS = "http://www.w3.org/2000/svg";
export const COLORS = ["#00529b", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#be123c", "#0e7490", "#4d7c0f",
  "#334155", "#c026d3", "#92400e", "#4338ca"];
const MARKERS = ["circle", "square", "triangle", "diamond", "triangle-down", "cross"] as const;
const DASHES = ["", "7 4"];

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export interface ChartData {
  titulo: string;
  etiquetas: string[];
  // Indicadores names a series `nombre`; the survey report `indicador` + `canal` (see docs/web.md on the
  // OpenAPI component both share by name).
  series: { nombre?: string; indicador?: string; canal?: string; unidad: string; valores: (number | null)[] }[];
}

const seriesName = (s: ChartData["series"][number]) => s.nombre ?? `${s.indicador ?? ""}${s.canal ? ` (${s.canal})` : ""}`;

const fmt = (v: number | null, unit: string) => v === null ? "—" : `${v.toLocaleString("es-CO", { maximumFractionDigits: 1 })}${unit === "%" ? " %" : ` ${unit}`}`;

export interface SeriesStyle { color: string; marker: typeof MARKERS[number]; dash: string }

export function seriesStyle(index: number): SeriesStyle {
  return { color: COLORS[index % COLORS.length], marker: MARKERS[index % MARKERS.length],
    dash: DASHES[Math.floor(index / MARKERS.length) % DASHES.length] };
}

function marker(style: SeriesStyle, x: number, y: number, r: number): SVGElement {
  const fill = style.color;
  switch (style.marker) {
    case "square": return svg("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, fill });
    case "triangle": return svg("polygon", { points: `${x},${y - r * 1.2} ${x + r * 1.1},${y + r * 0.9} ${x - r * 1.1},${y + r * 0.9}`, fill });
    case "triangle-down": return svg("polygon", { points: `${x},${y + r * 1.2} ${x + r * 1.1},${y - r * 0.9} ${x - r * 1.1},${y - r * 0.9}`, fill });
    case "diamond": return svg("polygon", { points: `${x},${y - r * 1.3} ${x + r * 1.3},${y} ${x},${y + r * 1.3} ${x - r * 1.3},${y}`, fill });
    case "cross": return svg("path", { d: `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`, stroke: fill, "stroke-width": 2.5 });
    default: return svg("circle", { cx: x, cy: y, r, fill });
  }
}

/** Runs of consecutive months with data: each becomes its own line, so a gap stays a gap. */
export function segments(values: (number | null)[]): [number, number][][] {
  const out: [number, number][][] = [];
  let run: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null || v === undefined) {
      if (run.length) out.push(run);
      run = [];
    } else run.push([i, v]);
  });
  if (run.length) out.push(run);
  return out;
}

function swatch(style: SeriesStyle, bar: boolean): SVGElement {
  const root = svg("svg", { width: 28, height: 14, viewBox: "0 0 28 14", "aria-hidden": "true", class: "swatch" });
  if (bar) root.append(svg("rect", { x: 4, y: 1, width: 20, height: 12, fill: style.color }));
  else root.append(svg("line", { x1: 0, x2: 28, y1: 7, y2: 7, stroke: style.color, "stroke-width": 2.5, "stroke-dasharray": style.dash }),
    marker(style, 14, 7, 4));
  return root;
}

/** "Enero" → "Ene"; "2024-05" → "May 24" (the survey report spans years). */
const axisLabel = (label: string) => monthLabel(label).replace(/ \d{2}(\d{2})$/, " $1");

const PHONE = "(max-width: 599px)";

function drawing(data: ChartData, bars: boolean, narrow: boolean): SVGElement {
  // Phones get a narrower drawing, so its text is not shrunk to a few pixels when it is scaled to the screen.
  const W = narrow ? 360 : 640, H = narrow ? 240 : 260, L = 44, B = 34, T = 12, FONT = 12;
  const all = data.series.flatMap((s) => s.valores.filter((v): v is number => v !== null));
  const max = Math.max(1, ...all);
  const step = (W - L - 8) / Math.max(1, data.etiquetas.length);
  const every = step < (data.etiquetas.some((e) => /^\d{4}-/.test(e)) ? 48 : 30) ? 2 : 1; // labels that would overlap: every other one
  const y = (v: number) => H - B - ((H - B - T) * v) / max;
  const x = (i: number) => L + step * i + step / 2;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": data.titulo, class: "chart" });
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    root.append(svg("line", { x1: L, x2: W - 8, y1: y(v), y2: y(v), stroke: "#d0d7de" }),
      svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "font-size": FONT }, v.toLocaleString("es-CO", { maximumFractionDigits: max < 8 ? 1 : 0 })));
  }
  data.etiquetas.forEach((label, i) => i % every === 0 && root.append(svg("text", { x: x(i), y: H - B + 18,
    "text-anchor": "middle", "font-size": FONT }, axisLabel(label))));
  data.series.forEach((s, si) => {
    const style = seriesStyle(si);
    if (bars && si === 0) {
      s.valores.forEach((v, i) => v !== null && root.append(svg("rect", { x: L + step * i + step * 0.2, y: y(v),
        width: step * 0.6, height: H - B - y(v), fill: style.color })));
      return;
    }
    for (const run of segments(s.valores)) {
      if (run.length > 1) {
        root.append(svg("polyline", { points: run.map(([i, v]) => `${x(i)},${y(v)}`).join(" "), fill: "none",
          stroke: style.color, "stroke-width": 2.5, "stroke-dasharray": style.dash, class: "series-line" }));
      }
      run.forEach(([i, v]) => root.append(marker(style, x(i), y(v), narrow ? 3 : 3.5)));
    }
  });
  return root;
}

export function chart(data: ChartData, bars = true): HTMLElement {
  const phone = window.matchMedia(PHONE);
  let root = drawing(data, bars, phone.matches);
  const legend = h("ul", { class: "legend" }, data.series.map((s, si) =>
    h("li", {}, swatch(seriesStyle(si), bars && si === 0) as unknown as HTMLElement, seriesName(s))));
  const details = h("details", {}, h("summary", {}, "Ver datos"), table(data.titulo, ["Mes", ...data.series.map(seriesName)],
    data.etiquetas.map((m, i) => [monthLabel(m), ...data.series.map((s) => fmt(s.valores[i] ?? null, s.unidad))])));
  const figure = h("figure", { class: "card chart-card" }, h("figcaption", {}, data.titulo), root as unknown as HTMLElement,
    legend, details);
  // Turning a phone or resizing a window across the breakpoint redraws at the new size.
  const redraw = () => {
    if (!figure.isConnected) return phone.removeEventListener("change", redraw);
    const next = drawing(data, bars, phone.matches);
    root.replaceWith(next);
    root = next;
  };
  phone.addEventListener("change", redraw);
  return figure;
}
