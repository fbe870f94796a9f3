// npm run bench: every performance target of the project measured against started servers
// (`npm start`'s production build) on 127.0.0.1, once on PostgreSQL and once on the embedded
// PGlite. Prints one table with each target beside its figure and writes it as JSON to
// bench/results/latest.json. Figures are reported, never asserted: the run fails only when a
// benchmark cannot run at all.
//
// BENCH_DATABASE_URL: an admin URL of a PostgreSQL server (each benchmark gets a database of its
// own there). Without it, a throwaway server is started from the local PostgreSQL binaries.
// BENCH_DB=postgres|pglite (default both), BENCH_ONLY=access,decisions,… (keys below),
// BENCH_QUICK=1: small data and short rounds (a smoke run).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDatabase } from "../reliability/money/db";
import { killAllStarted, ROOT_DIR } from "../reliability/support/stack";
import { startPostgres } from "./support/postgres";
import type { Bench, DbKind, Figure } from "./support/bench";
// loaded on demand, so that BENCH_ONLY runs only what it names
const BENCHES: { key: string; load: () => Promise<Bench> }[] = [
  { key: "access", load: async () => (await import("./access-check")).accessCheckBench },
  { key: "decisions", load: async () => (await import("./decisions")).decisionsBench },
  { key: "webhooks", load: async () => (await import("./webhook-ingest")).webhookIngestBench },
  { key: "revenue", load: async () => (await import("./revenue-scale")).revenueScaleBench },
  { key: "buyer-page", load: async () => (await import("./buyer-page")).buyerPageBench },
  { key: "proxy", load: async () => (await import("./proxy-overhead")).proxyOverheadBench },
  { key: "footprint", load: async () => (await import("./footprint")).footprintBench },
];

const only = (process.env.BENCH_ONLY ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const dbs = ((process.env.BENCH_DB ?? "postgres,pglite").split(",").map((s) => s.trim()) as DbKind[]).filter((d) => d === "postgres" || d === "pglite");
const quick = process.env.BENCH_QUICK === "1";
const selected = BENCHES.filter((b) => only.length === 0 || only.includes(b.key));

if (!fs.existsSync(path.join(ROOT_DIR, ".next", "BUILD_ID"))) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

const started = Date.now();
const log = (m: string) => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);

let adminUrl = process.env.BENCH_DATABASE_URL;
let stopPostgres: (() => Promise<void>) | null = null;
if (dbs.includes("postgres") && !adminUrl) {
  const pg = await startPostgres();
  adminUrl = pg.url;
  stopPostgres = pg.stop;
  log(`PostgreSQL ${pg.version} started on ${pg.url}`);
}

const figures: Figure[] = [];
const failures: string[] = [];
try {
  for (const entry of selected) {
    const bench = await entry.load();
    for (const db of dbs) {
      log(`${bench.title} — ${db}`);
      const database = db === "postgres" ? await createDatabase(adminUrl!, "tollgate_bench") : null;
      const t = Date.now();
      try {
        const out = await bench.run({ db, databaseUrl: database?.url, quick, log: (m) => log(`  ${m}`) });
        figures.push(...out);
        log(`  done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
      } catch (e) {
        failures.push(`${bench.key} (${db}): ${e instanceof Error ? e.message : String(e)}`);
        log(`  FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        killAllStarted();
      } finally {
        await database?.drop().catch(() => {});
      }
    }
  }
} finally {
  killAllStarted();
  await stopPostgres?.();
}

// one line per (target, metric), a column per database
const key = (f: Figure) => `${f.target}\u0000${f.metric}`;
const rows = new Map<string, { target: string; metric: string; goal: string; unit: string; byDb: Partial<Record<DbKind, Figure>> }>();
for (const f of figures) {
  const row = rows.get(key(f)) ?? { target: f.target, metric: f.metric, goal: f.goal, unit: f.unit, byDb: {} };
  row.byDb[f.db] = f;
  rows.set(key(f), row);
}
const cell = (f: Figure | undefined) => {
  if (!f) return "—";
  const v = f.value == null ? "n/a" : `${f.value}${f.unit === "×" ? "×" : ` ${f.unit}`}`;
  return `${v}${f.met === true ? " ✓" : f.met === false ? " ✗" : ""}`;
};
const table = [["target", "metric", "goal", ...dbs], ...[...rows.values()].map((r) => [r.target, r.metric, r.goal, ...dbs.map((d) => cell(r.byDb[d]))])];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => [...r[i]].length)));
const line = (r: string[]) => r.map((c, i) => c + " ".repeat(widths[i] - [...c].length)).join("  ");
console.log(`\n${line(table[0])}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
for (const r of table.slice(1)) console.log(line(r));
const notes = figures.filter((f) => f.note).map((f) => `  ${f.target} · ${f.metric} (${f.db}): ${f.note}`);
if (notes.length) console.log(`\nnotes:\n${notes.join("\n")}`);

const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? "unknown", memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` };
const outDir = path.join(ROOT_DIR, "bench", "results");
fs.mkdirSync(outDir, { recursive: true });
const report = { at: new Date().toISOString(), quick, machine, seconds: Math.round((Date.now() - started) / 1000), figures, failures };
fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify(report, null, 2));
console.log(`\n${figures.length} figures in ${report.seconds} s on ${machine.cpus} × ${machine.cpu}; written to bench/results/latest.json`);
if (failures.length) {
  console.error(`\n${failures.length} benchmark(s) could not run:\n${failures.map((f) => `  ${f}`).join("\n")}`);
  process.exit(1);
}
