// Webhook chaos: one deterministic money scenario (≥ 50 purchases, renewals, trial ends, failed
// payments, cancels, refunds and disputes over two platforms and two currencies) run four times
// on fresh servers — (a) in order, (b) with Local Stripe duplicating, shuffling and delaying
// deliveries, (c) with every delivery re-posted 10× concurrently, (d) with two app instances on
// one PostgreSQL, deliveries alternating — and the final subscriptions, access answers and ledger
// compared with run (a).
import fs from "node:fs";
import path from "node:path";
import type { Row, Section } from "./support/report";
import { adminUrl, checkoutLines, eventHealth, ledgerLines, mailHealth, saleEventLines, subscriptionLines, withDb, type EventHealth, type MailHealth } from "./money/db";
import { runScenario, type ScenarioOutcome } from "./money/scenario";
import { freshStack } from "./money/servers";
import { summarizeDeliveries } from "./money/proxy";

const SECTION = "webhook chaos";

type Variant = {
  key: string;
  what: string;
  chaos?: { duplicate: boolean; shuffle: boolean; delay_ms: number };
  copies?: number;
  /**
   * charge.refunded is turned away (503, Stripe retries) until the same charge's dispute has
   * arrived, for at most 3 s: a refund and a dispute of one charge then land dispute first,
   * the reverse of run (a)
   */
  refundsAfterDisputes?: boolean;
  instances: number;
  postgres: boolean;
};

const VARIANTS: Variant[] = [
  { key: "a", what: "(a) in order, PGlite", instances: 1, postgres: false },
  {
    key: "b",
    what: "(b) duplicated + shuffled + delayed (refunds after their disputes), PGlite",
    chaos: { duplicate: true, shuffle: true, delay_ms: 150 },
    refundsAfterDisputes: true,
    instances: 1,
    postgres: false,
  },
  { key: "c", what: "(c) every delivery re-posted 10× concurrently, PGlite", copies: 10, instances: 1, postgres: false },
  { key: "d", what: "(d) two instances on one PostgreSQL, deliveries alternating", instances: 2, postgres: true },
];

type RunResult = {
  fingerprint: string[];
  outcome: ScenarioOutcome;
  health: EventHealth;
  deliveries: ReturnType<typeof summarizeDeliveries>;
  seconds: number;
  ledgerRows: number;
  mail: MailHealth & { outbox: Map<string, number> };
};

/** Message ids of every e-mail the instances wrote to their outboxes, and how often each. */
function outboxIds(dataDirs: string[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const dir of dataDirs) {
    const file = path.join(dir, "mail", "outbox.jsonl");
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const id = (JSON.parse(line) as { messageId?: string }).messageId;
      if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
  }
  return seen;
}

const verbose = (msg: string) => {
  if (process.env.RELIABILITY_VERBOSE || process.env.RELIABILITY_MONEY_LOG) console.error(`[chaos] ${msg}`);
};

async function runVariant(v: Variant): Promise<RunResult> {
  const started = Date.now();
  const admin = adminUrl();
  const stack = await freshStack({ instances: v.instances, postgresAdminUrl: v.postgres ? admin : undefined, copies: v.copies, alternate: v.instances > 1 });
  try {
    if (v.chaos) await stack.control.chaos(v.chaos);
    if (v.refundsAfterDisputes) {
      const firstSeen = new Map<string, number>();
      const disputed = new Set<string>();
      stack.proxy.reject = (id, type, event) => {
        const object = event.data?.object ?? {};
        if (type.startsWith("charge.dispute.")) disputed.add(String(object.charge));
        if (type !== "charge.refunded" || disputed.has(String(object.id))) return false;
        if (!firstSeen.has(id)) firstSeen.set(id, Date.now());
        return Date.now() - firstSeen.get(id)! < 3000;
      };
    }
    const outcome = await runScenario({
      apps: stack.apps.map((a) => ({ url: a.url, dataDir: a.dataDir })),
      ls: stack.control,
      settle: async () => {
        await stack.control.flush();
        await stack.proxy.idle();
      },
      log: (m) => verbose(`${v.key}: ${m} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
    });
    await stack.control.clearFaults();
    await stack.control.flush();
    if (process.env.RELIABILITY_MONEY_LOG) {
      const byType = new Map<string, { n: number; ms: number }>();
      for (const d of stack.proxy.log.filter((x) => !x.copy)) {
        const t = byType.get(d.type) ?? { n: 0, ms: 0 };
        t.n++;
        t.ms += d.ms;
        byType.set(d.type, t);
      }
      const top = [...byType].sort((x, y) => y[1].ms - x[1].ms).slice(0, 12);
      verbose(`${v.key}: webhook time by type: ${top.map(([t, x]) => `${t} ${x.n}× ${(x.ms / x.n).toFixed(0)} ms`).join(", ")}`);
    }
    // the job workers poll every 2 s: give the last e-mails time to go out
    await new Promise((r) => setTimeout(r, 8000));
    await stack.stopApps();
    const outbox = outboxIds(stack.apps.map((a) => a.dataDir));
    const dbPart = await withDb(stack.dbTarget(), async (q) => ({
      sales: await saleEventLines(q),
      mail: await mailHealth(q),
      ledger: await ledgerLines(q),
      subs: await subscriptionLines(q),
      checkouts: await checkoutLines(q),
      health: await eventHealth(q),
      ledgerRows: Number((await q(`SELECT count(*)::int AS n FROM ledger_entries`))[0].n),
    }));
    return {
      fingerprint: [...outcome.apiLines, ...dbPart.ledger, ...dbPart.subs, ...dbPart.checkouts, ...dbPart.sales],
      outcome,
      health: dbPart.health,
      deliveries: summarizeDeliveries(stack.proxy.log),
      seconds: (Date.now() - started) / 1000,
      ledgerRows: dbPart.ledgerRows,
      mail: { ...dbPart.mail, outbox },
    };
  } catch (e) {
    const out = stack.apps.map((a) => a.output().split("\n").slice(-15).join("\n")).join("\n");
    throw new Error(`${(e as Error).message}\n${out}`);
  } finally {
    await stack.destroy();
  }
}

function diff(base: string[], other: string[]): string[] {
  const a = new Set(base);
  const b = new Set(other);
  return [...base.filter((l) => !b.has(l)).map((l) => `only in (a): ${l}`), ...other.filter((l) => !a.has(l)).map((l) => `only here: ${l}`)];
}

export const section: Section = {
  name: SECTION,
  async run(): Promise<Row[]> {
    const rows: Row[] = [];
    let baseline: RunResult | undefined;
    // RELIABILITY_CHAOS_ONLY=ab runs a subset (for debugging the harness)
    const only = process.env.RELIABILITY_CHAOS_ONLY;
    let baselineRow: Row | undefined;
    const selected = VARIANTS.filter((x) => !only || only.includes(x.key));
    // the runs are independent (servers, ports, databases of their own) and mostly wait on
    // webhook round trips, so they run side by side; RELIABILITY_CHAOS_SERIAL=1 runs one at a time
    const attempt = (v: Variant): Promise<RunResult | Error> =>
      v.postgres && !adminUrl() ? Promise.resolve(new Error("needs RELIABILITY_DATABASE_URL")) : runVariant(v).catch((e: Error) => new Error(`run failed: ${e.message.slice(0, 1500)}`));
    const results: (RunResult | Error)[] = [];
    if (process.env.RELIABILITY_CHAOS_SERIAL) for (const v of selected) results.push(await attempt(v));
    else results.push(...(await Promise.all(selected.map(attempt))));
    for (const [i, v] of selected.entries()) {
      const r = results[i];
      if (r instanceof Error) {
        rows.push({ section: SECTION, what: v.what, cases: 0, failures: 1, examples: [r.message] });
        continue;
      }
      const examples: string[] = [];
      let failures = 0;
      const add = (list: string[], label: string) => {
        failures += list.length;
        for (const x of list.slice(0, 6)) examples.push(`${label}: ${x}`);
      };
      add(r.outcome.problems, "scenario");
      add(r.deliveries.never2xx, "webhook never answered 2xx");
      add(r.deliveries.copy5xx, "re-posted copy answered 5xx");
      add(r.health.unprocessed, "event left unprocessed");
      add(r.health.locked, "event still locked");
      if (r.outcome.purchases < 50) add([`only ${r.outcome.purchases} purchases were paid`], "scenario");
      // every e-mail row marked sent is in an outbox exactly once; none went out twice or unrecorded
      add([...r.mail.outbox].filter(([, n]) => n > 1).map(([id, n]) => `${id} written ${n}×`), "e-mail sent more than once");
      const sent = new Set(r.mail.sentIds);
      add(r.mail.sentIds.filter((id) => !r.mail.outbox.has(id)).map((id) => `${id} marked sent, not in any outbox`), "e-mail");
      add([...r.mail.outbox.keys()].filter((id) => !sent.has(id)).map((id) => `${id} in an outbox, not marked sent`), "e-mail");
      if (r.mail.events === 0) add(["no sale events were stored"], "sale events");
      const row: Row = { section: SECTION, what: v.what, cases: 0, failures: 0 };
      if (!baseline) {
        baseline = r;
        baselineRow = row;
      } else {
        add(diff(baseline.fingerprint, r.fingerprint), "differs from (a)");
      }
      const statuses = Object.entries(r.deliveries.statuses)
        .sort()
        .map(([k, n]) => `${k}×${n}`)
        .join(" ");
      rows.push(
        Object.assign(row, {
          cases: r.health.total,
          failures,
          figures:
          `${r.outcome.purchases} purchases, ${r.health.total} events stored / ${r.health.processed} processed (${r.health.skipped} skipped as not ours), ` +
          `${r.deliveries.deliveries} deliveries [${statuses}]${r.deliveries.heldBack ? ` (${r.deliveries.heldBack} 503s were the proxy holding refunds back until their charge's dispute arrived)` : ""}, ${r.deliveries.saw5xx.length} events answered 5xx at least once (then 2xx), ` +
          `${r.ledgerRows} ledger rows, ${r.mail.events} sale events (${r.mail.fannedOut} fanned out), e-mails ${Object.entries(r.mail.rows).sort().map(([k, n]) => `${k} ${n}`).join(", ") || "none"} (${r.mail.outbox.size} in the outboxes, each once), ` +
          `${r.fingerprint.length} fingerprint lines, ${r.seconds.toFixed(0)} s`,
          examples,
        }),
      );
    }
    if (baseline && baselineRow) {
      const a = baseline.outcome.actions;
      baselineRow.figures += `; actions: ${Object.entries(a)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")}`;
    }
    return rows;
  },
};
