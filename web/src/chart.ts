// Small SVG charts (bars for the first series, lines for the rest), each with its data as a table for screen readers.
import { h, table } from "./dom";

const NS = "http://www.w3.org/2000/svg";
const COLORS = ["#00529b", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#be123c"];

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

export function chart(data: ChartData, bars = true): HTMLElement {
  const W = 640, H = 260, L = 48, B = 40, T = 12;
  const all = data.series.flatMap((s) => s.valores.filter((v): v is number => v !== null));
  const max = Math.max(1, ...all);
  const step = (W - L - 8) / Math.max(1, data.etiquetas.length);
  const y = (v: number) => H - B - ((H - B - T) * v) / max;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": data.titulo, class: "chart" });
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    root.append(svg("line", { x1: L, x2: W - 8, y1: y(v), y2: y(v), stroke: "#d0d7de" }),
      svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11 }, v.toLocaleString("es-CO", { maximumFractionDigits: 0 })));
  }
  data.etiquetas.forEach((label, i) => root.append(svg("text", { x: L + step * i + step / 2, y: H - B + 16,
    "text-anchor": "middle", "font-size": 11 }, label.slice(0, 3))));
  data.series.forEach((s, si) => {
    const color = COLORS[si % COLORS.length];
    if (bars && si === 0) {
      s.valores.forEach((v, i) => v !== null && root.append(svg("rect", { x: L + step * i + step * 0.2, y: y(v),
        width: step * 0.6, height: H - B - y(v), fill: color })));
    } else {
      const pts = s.valores.map((v, i) => v === null ? null : `${L + step * i + step / 2},${y(v)}`).filter(Boolean);
      root.append(svg("polyline", { points: pts.join(" "), fill: "none", stroke: color, "stroke-width": 2.5 }));
      s.valores.forEach((v, i) => v !== null && root.append(svg("circle", { cx: L + step * i + step / 2, cy: y(v), r: 3.5, fill: color })));
    }
  });
  const legend = h("ul", { class: "legend" }, data.series.map((s, si) =>
    h("li", {}, h("span", { class: `swatch c${si % COLORS.length}` }), seriesName(s))));
  const details = h("details", {}, h("summary", {}, "Ver datos"), table(data.titulo, ["Mes", ...data.series.map(seriesName)],
    data.etiquetas.map((m, i) => [m, ...data.series.map((s) => fmt(s.valores[i] ?? null, s.unidad))])));
  return h("figure", { class: "card chart-card" }, h("figcaption", {}, data.titulo), root as unknown as HTMLElement, legend, details);
}
