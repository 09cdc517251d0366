// Results: one JSON file per run plus a Markdown table and a hand-written SVG chart (the growth
// curve and every ratio against its target), all under bench/results/<date>.*.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Measurement } from "./load.ts";

export interface ScenarioResult {
  name: string;
  /** The headline figure (a ratio, or a plain count for correctness checks). */
  value: number | null;
  unit: string;
  target: string;
  met: boolean;
  skipped?: string;
  line: string;
  measurements: Record<string, Measurement | Measurement[] | number | string | boolean>;
}

export interface GrowthPoint {
  events: number;
  seedSeconds: number;
  api: Measurement;
  raw: Measurement;
}

export interface Report {
  date: string;
  full: boolean;
  machine: { cpus: number; model: string; node: string; load: number[] };
  settings: Record<string, number | string>;
  growth: GrowthPoint[];
  scenarios: ScenarioResult[];
  seconds: number;
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function markdown(report: Report): string {
  const lines = [
    `# GatherHub benchmark, ${report.date}`,
    "",
    `${report.machine.cpus} × ${report.machine.model}, Node ${report.machine.node}, ${report.full ? "full" : "default"} sizes, ${Math.round(report.seconds)} s in all.`,
    "",
    "| Scenario | Result | Target | Met |",
    "| --- | --- | --- | --- |",
    ...report.scenarios.map(
      (s) =>
        `| ${s.name} | ${
          s.skipped
            ? `skipped (${s.skipped})`
            : s.line
                .replace(/^[^:]+:\s*/, "")
                .replace(/\s*\(target:[^)]*\)$/, "")
                .replace(/\|/g, "/")
        } | ${s.target} | ${s.skipped ? "–" : s.met ? "yes" : "**no**"} |`,
    ),
    "",
    "Search through the gateway (autocannon) and the same call in pgbench, by data size:",
    "",
    "| Events | Seed (s) | API p50 (ms) | API req/s | SQL p50 (ms) | SQL tx/s |",
    "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ...report.growth.map(
      (g) =>
        `| ${g.events.toLocaleString("en")} | ${fmt(g.seedSeconds, 1)} | ${fmt(g.api.p50)} | ${fmt(g.api.throughput, 0)} | ${fmt(g.raw.p50)} | ${fmt(g.raw.throughput, 0)} |`,
    ),
    "",
  ];
  return lines.join("\n");
}

/** Left: search p50 against the number of events (log scale). Right: each ratio and its target. */
export function svg(report: Report): string {
  const width = 900;
  const height = 360;
  const pad = 50;
  const plotW = 380;
  const plotH = height - 2 * pad;
  const points = report.growth;
  const maxMs = Math.max(1, ...points.flatMap((g) => [g.api.p50, g.raw.p50])) * 1.15;
  const minLog = Math.log10(Math.min(...points.map((g) => g.events), 10_000) / 1.5);
  const maxLog = Math.log10(Math.max(...points.map((g) => g.events), 100_000) * 1.5);
  const x = (events: number) => pad + ((Math.log10(events) - minLog) / (maxLog - minLog)) * plotW;
  const y = (ms: number) => pad + plotH - (ms / maxMs) * plotH;
  const line = (pick: (g: GrowthPoint) => number, colour: string, label: string) => {
    const coords = points.map((g) => `${fmt(x(g.events), 1)},${fmt(y(pick(g)), 1)}`).join(" ");
    const dots = points.map((g) => `<circle cx="${fmt(x(g.events), 1)}" cy="${fmt(y(pick(g)), 1)}" r="4" fill="${colour}"/>`).join("");
    const last = points.at(-1);
    const tag = last
      ? `<text x="${fmt(x(last.events) + 8, 1)}" y="${fmt(y(pick(last)), 1)}" fill="${colour}" font-size="12">${label}</text>`
      : "";
    return `<polyline points="${coords}" fill="none" stroke="${colour}" stroke-width="2"/>${dots}${tag}`;
  };
  const ticks = points
    .map(
      (g) =>
        `<text x="${fmt(x(g.events), 1)}" y="${height - pad + 18}" font-size="11" text-anchor="middle">${g.events >= 1e6 ? `${g.events / 1e6}M` : `${g.events / 1e3}k`}</text>`,
    )
    .join("");
  const yTicks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => `<text x="${pad - 6}" y="${fmt(y(maxMs * f) + 4, 1)}" font-size="11" text-anchor="end">${fmt(maxMs * f, 1)}</text>`)
    .join("");

  const ratios = report.scenarios.filter((s) => !s.skipped && s.value !== null && s.unit === "×");
  const barX = 520;
  const barW = width - barX - 30;
  const maxRatio = Math.max(2, ...ratios.map((s) => s.value ?? 0)) * 1.1;
  const rowH = Math.min(50, plotH / Math.max(ratios.length, 1));
  const bars = ratios
    .map((s, i) => {
      const top = pad + i * rowH;
      const w = ((s.value ?? 0) / maxRatio) * barW;
      return (
        `<text x="${barX}" y="${top + 12}" font-size="12">${esc(s.name)} (${esc(s.target)})</text>` +
        `<rect x="${barX}" y="${top + 16}" width="${fmt(w, 1)}" height="14" fill="${s.met ? "#2f9e44" : "#e03131"}"/>` +
        `<text x="${fmt(barX + w + 6, 1)}" y="${top + 28}" font-size="12">${fmt(s.value ?? 0)}×</text>`
      );
    })
    .join("");
  const one = barX + (1 / maxRatio) * barW;

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${pad}" y="24" font-size="14" font-weight="bold">Search p50 (ms) by number of events</text>
<line x1="${pad}" y1="${pad + plotH}" x2="${pad + plotW}" y2="${pad + plotH}" stroke="#333"/>
<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${pad + plotH}" stroke="#333"/>
${ticks}${yTicks}
${line((g) => g.api.p50, "#1c7ed6", "API")}
${line((g) => g.raw.p50, "#f08c00", "SQL")}
<text x="${barX}" y="24" font-size="14" font-weight="bold">Ratios (green: target met)</text>
<line x1="${fmt(one, 1)}" y1="${pad}" x2="${fmt(one, 1)}" y2="${pad + plotH}" stroke="#999" stroke-dasharray="4 3"/>
<text x="${fmt(one, 1)}" y="${pad + plotH + 14}" font-size="11" text-anchor="middle">1×</text>
${bars}
<text x="${pad}" y="${height - 8}" font-size="11" fill="#555">${esc(report.date)} · ${report.machine.cpus} CPU · ${report.full ? "--full" : "default sizes"}</text>
</svg>
`;
}

export function machine(): Report["machine"] {
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "unknown", node: process.version, load: os.loadavg() };
}

export function writeReport(dir: string, report: Report): string[] {
  mkdirSync(dir, { recursive: true });
  const stem = path.join(dir, report.date.replace(/[:]/g, "-").replace(/\.\d+Z$/, "Z"));
  const files = [`${stem}.json`, `${stem}.md`, `${stem}.svg`];
  writeFileSync(files[0] as string, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files[1] as string, markdown(report));
  writeFileSync(files[2] as string, svg(report));
  return files;
}
