// npm run test:reliability [-- --only matrix,fuzz] — runs the reliability sections in sequence
// against the production build (`npm run build` first), prints one line of figures per row and
// writes reliability-report.json; exits non-zero when any row counts a failure (a section that
// is missing or throws is a failure row too, so nothing passes silently).
//
// Env: RELIABILITY_ONLY=matrix,fuzz (same as --only), RELIABILITY_SKIP=load,
//      RELIABILITY_LOAD_SECONDS (120), RELIABILITY_FUZZ_CASES (10000),
//      RELIABILITY_DATABASE_URL (admin PostgreSQL URL for the sections that need PostgreSQL),
//      RELIABILITY_VERBOSE=1 (stream the servers' output).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Row, Section } from "./support/report";
import { ROOT_DIR, killAllStarted } from "./support/stack";

const SECTIONS = ["matrix", "fuzz", "security", "load", "chaos", "crash", "outage"] as const;

function listArg(name: string): string[] | null {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === `--${name}` && argv[i + 1]) return argv[i + 1].split(",").map((s) => s.trim()).filter(Boolean);
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3).split(",").map((s) => s.trim()).filter(Boolean);
  }
  const env = process.env[`RELIABILITY_${name.toUpperCase()}`];
  return env ? env.split(",").map((s) => s.trim()).filter(Boolean) : null;
}

async function loadSection(name: string): Promise<Section | Row> {
  const file = path.join(ROOT_DIR, "reliability", `${name}.ts`);
  if (!fs.existsSync(file)) return { section: name, what: "section module", cases: 1, failures: 1, figures: `not present (reliability/${name}.ts)` };
  try {
    const mod = (await import(pathToFileURL(file).href)) as { section?: Section };
    if (!mod.section || typeof mod.section.run !== "function") {
      return { section: name, what: "section module", cases: 1, failures: 1, figures: `reliability/${name}.ts does not export \`section: Section\`` };
    }
    return mod.section;
  } catch (e) {
    return { section: name, what: "section module", cases: 1, failures: 1, figures: "failed to load", examples: [String((e as Error).stack ?? e).slice(0, 2000)] };
  }
}

function pad(s: string, n: number) {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function printTable(rows: Row[]) {
  const w = {
    section: Math.max(7, ...rows.map((r) => r.section.length)),
    what: Math.max(4, ...rows.map((r) => r.what.length)),
  };
  const line = (a: string, b: string, c: string, d: string, e: string) => `${pad(a, w.section)}  ${pad(b, w.what)}  ${c.padStart(7)}  ${d.padStart(8)}  ${e}`;
  console.log("");
  console.log(line("section", "what", "cases", "failures", "figures"));
  console.log(line("-".repeat(w.section), "-".repeat(w.what), "-----", "--------", "-------"));
  for (const r of rows) console.log(line(r.section, r.what, String(r.cases), String(r.failures), r.figures ?? ""));
  console.log("");
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping the servers this run started`);
    killAllStarted();
    process.exit(130);
  });
}

async function main() {
  const only = listArg("only");
  const skip = listArg("skip") ?? [];
  const unknown = [...(only ?? []), ...skip].filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) {
    console.error(`unknown section(s): ${unknown.join(", ")} (known: ${SECTIONS.join(", ")})`);
    process.exit(2);
  }
  const chosen = SECTIONS.filter((s) => (!only || only.includes(s)) && !skip.includes(s));
  if (!fs.existsSync(path.join(ROOT_DIR, ".next", "BUILD_ID"))) {
    console.error("no production build in .next: run `npm run build` first");
    process.exit(2);
  }

  const started = Date.now();
  const rows: Row[] = [];
  const timings: Record<string, number> = {};
  for (const name of chosen) {
    const t0 = Date.now();
    console.log(`▶ ${name}`);
    const loaded = await loadSection(name);
    let got: Row[];
    if ("run" in loaded) {
      try {
        got = await loaded.run();
        if (!Array.isArray(got) || got.length === 0) got = [{ section: name, what: "section result", cases: 1, failures: 1, figures: "the section returned no rows" }];
      } catch (e) {
        got = [{ section: name, what: "section run", cases: 1, failures: 1, figures: "threw", examples: [String((e as Error).stack ?? e).slice(0, 4000)] }];
      }
    } else got = [loaded];
    timings[name] = Date.now() - t0;
    for (const r of got) {
      const mark = r.failures > 0 ? "✗" : "✓";
      console.log(`  ${mark} ${r.section} · ${r.what}: ${r.cases} cases, ${r.failures} failures${r.figures ? ` — ${r.figures}` : ""}`);
      for (const ex of (r.examples ?? []).slice(0, r.failures > 0 ? 25 : 5)) console.log(`      · ${ex.replace(/\n/g, "\n        ")}`);
    }
    console.log(`  (${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    rows.push(...got);
  }

  printTable(rows);
  const failed = rows.filter((r) => r.failures > 0);
  const report = {
    started_at: new Date(started).toISOString(),
    duration_ms: Date.now() - started,
    sections: chosen,
    section_ms: timings,
    ok: failed.length === 0,
    rows,
  };
  fs.writeFileSync(path.join(ROOT_DIR, "reliability-report.json"), JSON.stringify(report, null, 2) + "\n");
  console.log(`${failed.length === 0 ? "all rows green" : `${failed.length} row(s) with failures`} in ${((Date.now() - started) / 1000).toFixed(0)} s; report in reliability-report.json`);
  killAllStarted();
  process.exit(failed.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  killAllStarted();
  process.exit(1);
});
