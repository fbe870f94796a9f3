// What every benchmark shares: the figure it reports (beside its target), the environment the
// runner hands it (which database column it measures), and small measuring helpers. Benchmarks
// print figures; they never fail on one.
import autocannon from "autocannon";

export type DbKind = "postgres" | "pglite";

export type Figure = {
  /** the target number and name, e.g. "1 access check" */
  target: string;
  /** what was measured, e.g. "token allowed: throughput vs empty route" */
  metric: string;
  /** the figure, e.g. 0.86 */
  value: number | null;
  /** e.g. "×", "ms", "req/s", "KB", "MB", "s" */
  unit: string;
  /** the goal as text, e.g. "≥ 0.8×" */
  goal: string;
  /** whether the figure meets the goal; null when there is no goal for this line */
  met: boolean | null;
  db: DbKind;
  /** free-form context: "p99 9 ms, 3 round trips" */
  note?: string;
};

export type BenchEnv = {
  db: DbKind;
  /**
   * postgres: a fresh, empty database of its own on the benchmark server (created and dropped by
   * the runner; migrate + seed it with `prepareDatabase` or `startStack({databaseUrl})`).
   * pglite: undefined (the app's embedded database in its own DATA_DIR).
   */
  databaseUrl?: string;
  /** smaller data and shorter rounds, for a smoke run (BENCH_QUICK=1) */
  quick: boolean;
  log: (message: string) => void;
};

export type Bench = { key: string; title: string; run: (env: BenchEnv) => Promise<Figure[]> };

export function figure(f: Omit<Figure, "met"> & { met?: boolean | null }): Figure {
  return { met: null, ...f };
}

export const atMost = (value: number | null, max: number) => (value == null ? null : value <= max);
export const atLeast = (value: number | null, min: number) => (value == null ? null : value >= min);

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: number[]) => percentile(values, 50);

export const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

export type LoadResult = { rps: number; p50: number; p99: number; non2xx: number; errors: number; requests: number; statuses: Record<string, number> };

type LoadOpts = {
  url: string;
  headers?: Record<string, string>;
  method?: "GET" | "POST";
  body?: string;
  connections: number;
  seconds: number;
  rate?: number;
  /** stop after this many requests (before `seconds` if sooner) */
  amount?: number;
  expectStatus?: number;
};

/**
 * autocannon against one URL, stoppable early (for background load). `connections` with no rate
 * measures throughput; `rate` (with one connection) measures unsaturated latency.
 */
export function startLoad(opts: LoadOpts): { done: Promise<LoadResult>; stop: () => Promise<LoadResult> } {
  const statuses: Record<string, number> = {};
  let settle!: (r: autocannon.Result) => void;
  let fail!: (e: unknown) => void;
  const finished = new Promise<autocannon.Result>((res, rej) => {
    settle = res;
    fail = rej;
  });
  const instance = autocannon(
    {
    url: opts.url,
    method: opts.method ?? "GET",
    headers: opts.headers,
    body: opts.body,
    connections: opts.connections,
    duration: opts.seconds,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    ...(opts.amount ? { amount: opts.amount } : {}),
    },
    (err, result) => (err ? fail(err) : settle(result)),
  );
  instance.on("response", (_client: unknown, statusCode: number) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  const done = (async () => {
    const r = await finished;
    const expected = opts.expectStatus ?? 200;
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    return {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: total - (statuses[expected] ?? 0),
      errors: r.errors + r.timeouts,
      requests: total,
      statuses,
    };
  })();
  return {
    done,
    stop: () => {
      instance.stop();
      return done;
    },
  };
}

export function load(opts: LoadOpts): Promise<LoadResult> {
  return startLoad(opts).done;
}

/** Times `fn` `n` times in a row; returns the durations in ms. */
export async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** Resident memory of a process group's largest process and of the whole group, in MB (Linux /proc). */
export { sampleRss } from "../../reliability/load";
