// Target 2: the decisions for a page of 100 items (a catalog page asking which items the caller
// may open, with the offers of each denial) p50 ≤ 10 ms, sequentially against a started server
// with the catalog at scale: 100 items the learner holds, lost, or never bought, for a token and
// a cookie caller.
import { atMost, figure, percentile, round, timeEach, type Bench, type Figure } from "./support/bench";
import { accessWorld } from "./access-check";

const T = "2 decisions (100 items)";

export const decisionsBench: Bench = {
  key: "decisions",
  title: "2 decisions for 100 items",
  async run(env) {
    const { stack, member, token } = await accessWorld(env);
    try {
      // items 1–40 are the learner's history (every fourth canceled), the rest were never bought
      const items = Array.from({ length: 100 }, (_, i) => ({ item_type: "course", item_id: `bench-${String(i + 1).padStart(6, "0")}` }));
      const body = JSON.stringify({ items });
      const url = `${stack.base}/api/billing/platforms/acme/decisions/`;
      const out: Figure[] = [];
      for (const [name, headers] of [
        ["token", { authorization: `Token ${token}` }],
        ["cookie", { cookie: member.cookie!, origin: stack.base }],
      ] as const) {
        const post = async () => {
          const res = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
          const json = (await res.json()) as { results?: { has_access: boolean }[] };
          if (res.status !== 200 || json.results?.length !== 100) throw new Error(`decisions (${name}): ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
          return json.results.filter((r) => r.has_access).length;
        };
        const allowed = await post();
        await timeEach(env.quick ? 10 : 30, post);
        const ms = await timeEach(env.quick ? 30 : 200, post);
        const p50 = round(percentile(ms, 50), 1);
        out.push(figure({ target: T, metric: `${name}: p50`, value: p50, unit: "ms", goal: "≤ 10 ms", met: atMost(p50, 10), db: env.db, note: `p99 ${round(percentile(ms, 99), 1)} ms over ${ms.length} sequential requests; ${allowed} of 100 allowed` }));
      }
      return out;
    } finally {
      await stack.stop();
    }
  },
};
