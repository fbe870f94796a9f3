// npm run bench:ledger-export — inserts BENCH_ROWS ledger rows (default 200000) into a fresh
// embedded database, then downloads them through the CSV export route in a second process (so
// the insert's garbage is not in the figures) and prints rows/s and that process's resident
// memory: before the export, at each fifth of it and its peak. The export should hold memory flat
// whatever the row count; the database itself (PGlite, in the same process) is in the baseline.
// A figure to compare runs, not a pass/fail test. BENCH_DATA_DIR keeps the database for reruns.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";

const rows = Number(process.env.BENCH_ROWS ?? 200_000);
const phase = process.env.BENCH_PHASE ?? "insert";
const keep = process.env.BENCH_DATA_DIR;
const dataDir = keep ? path.resolve(keep) : phase === "export" ? process.env.DATA_DIR! : fs.mkdtempSync(path.join(os.tmpdir(), "tollgate-bench-ledger-"));
fs.mkdirSync(dataDir, { recursive: true });
// a private database, never the one DATABASE_URL names; production settings (no response check)
delete process.env.DATABASE_URL;
process.env.DATA_DIR = dataDir;
process.env.NEXTAUTH_SECRET ??= "bench-secret-for-the-ledger-export-0123456789";
process.env.APP_URL ??= "http://localhost:3000";
process.env.API_RESPONSE_CHECK = "off";

const { dbHandle, closeDb } = await import("@/lib/db/client");
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function insert() {
  const { applyMigrations } = await import("@/lib/db/migrations");
  const handle = dbHandle();
  await applyMigrations(handle.adapterFactory);
  const db = handle.prisma;
  const existing = await db.platform.findUnique({ where: { key: "bench" } });
  if (existing && (await db.ledgerEntry.count({ where: { platformId: existing.id } })) === rows) {
    console.log(`reusing ${rows} rows in ${dataDir}`);
    return;
  }
  if (existing) throw new Error(`${dataDir} holds another row count; remove it or pick another BENCH_DATA_DIR`);
  const platform = await db.platform.create({ data: { key: "bench", name: "Bench", enableMonetization: true } });
  const admin = await db.user.create({ data: { email: "bench-admin@example.test" } });
  await db.membership.create({ data: { userId: admin.id, platformId: platform.id, role: "admin" } });
  const kinds = ["charge", "refund", "dispute", "dispute_won", "application_fee", "payout", "adjustment"] as const;
  const start = Date.UTC(2025, 0, 1);
  const started = performance.now();
  for (let i = 0; i < rows; i += 5_000) {
    const data = Array.from({ length: Math.min(5_000, rows - i) }, (_, j) => {
      const n = i + j;
      const kind = kinds[n % kinds.length];
      const amount = (kind === "refund" || kind === "dispute" || kind === "payout" ? -1 : 1) * (100 + (n % 50_000));
      const fee = Math.trunc(amount / 10);
      return {
        platformId: platform.id,
        kind,
        amount,
        feeAmount: fee,
        netAmount: amount - fee,
        feeBps: 1000,
        currency: n % 3 === 0 ? "eur" : "usd",
        itemType: "course",
        itemId: `course-${n % 40}`,
        stripeChargeId: `ch_bench_${n}`,
        sourceEventId: `evt_bench_${n}`,
        // a few rows share each second, as bursts of webhooks do
        occurredAt: new Date(start + Math.floor(n / 3) * 1000),
      };
    });
    await db.ledgerEntry.createMany({ data });
  }
  console.log(`inserted ${rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function exportAll() {
  const { encode } = await import("next-auth/jwt");
  const { NextRequest } = await import("next/server");
  const exportRoute = await import("@/app/api/billing/platforms/[pk]/ledger/export/route");
  const db = dbHandle().prisma;
  const admin = await db.user.findUniqueOrThrow({ where: { email: "bench-admin@example.test" } });
  global.gc?.();
  const before = process.memoryUsage();
  let peak = before.rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const cookie = `next-auth.session-token=${await encode({ token: { sub: admin.id }, secret: process.env.NEXTAUTH_SECRET! })}`;
  const req = new NextRequest("http://localhost:3000/api/billing/platforms/bench/ledger/export/", { headers: { cookie } });

  const started = performance.now();
  let lap = started;
  const res = await exportRoute.GET(req, { params: Promise.resolve({ pk: "bench" }) });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  const marks: string[] = [];
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (let k = 0; k < value.length; k++) if (value[k] === 10) lines++;
    if (marks.length < 5 && lines >= ((marks.length + 1) * rows) / 5) {
      // live heap after a collection (--expose-gc) shows what the export retains
      global.gc?.();
      const m = process.memoryUsage();
      const now = performance.now();
      marks.push(`${marks.length + 1}/5 RSS ${mb(m.rss)} heap ${mb(m.heapUsed)} at ${Math.round(rows / 5 / ((now - lap) / 1000))} rows/s`);
      lap = now;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const dataLines = lines - 1;
  if (dataLines !== rows) throw new Error(`expected ${rows} data lines, got ${dataLines}`);
  console.log(
    [
      `exported ${dataLines} rows (${mb(bytes)} of CSV) in ${seconds.toFixed(1)} s: ${Math.round(dataLines / seconds)} rows/s`,
      `RSS before the export ${mb(before.rss)} (heap ${mb(before.heapUsed)}), peak during it ${mb(peak)} (+${mb(peak - before.rss)})`,
      ...marks,
    ].join("\n"),
  );
}

try {
  if (phase === "export") await exportAll();
  else {
    await insert();
    await closeDb();
    const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: "inherit",
      env: { ...process.env, BENCH_PHASE: "export", DATA_DIR: dataDir },
    });
    if (child.status !== 0) process.exitCode = 1;
  }
} finally {
  await closeDb();
  if (phase === "insert" && !keep) fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(process.exitCode ?? 0);
