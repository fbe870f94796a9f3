// Target 7: footprint. The server's resident memory after the access-check load (benchmark 1's
// rounds, repeated here so this runs alone), and `npm start` to the first 200 on an existing
// embedded database (the app stopped and started again on its data folder).
import { atMost, figure, load, round, sampleRss, type Bench, type Figure } from "./support/bench";
import { accessVariants, accessWorld } from "./access-check";

const T = "7 footprint";

export const footprintBench: Bench = {
  key: "footprint",
  title: "7 footprint",
  async run(env) {
    const { stack, member, token } = await accessWorld(env);
    const out: Figure[] = [];
    try {
      const variants = await accessVariants(stack, member, token, "bench-held", "bench-denied");
      const seconds = env.quick ? 2 : 8;
      for (let round_ = 0; round_ < (env.quick ? 1 : 2); round_++) {
        await load({ url: `${stack.base}/api/health/live`, connections: 50, seconds });
        for (const v of variants) await load({ url: v.url, headers: v.headers, connections: 50, seconds, expectStatus: v.status });
      }
      const rss = sampleRss(stack.app.child.pid!);
      const mb = rss ? Math.round(rss.serverMb) : null;
      out.push(figure({ target: T, metric: "server RSS after the access-check load", value: mb, unit: "MB", goal: "≤ 400 MB", met: atMost(mb, 400), db: env.db, note: rss ? `whole process group ${Math.round(rss.groupMb)} MB (with Local Stripe and the launcher)` : "no /proc" }));

      // a restart on the same data: what an operator waits for after a deploy
      const times: number[] = [];
      for (let i = 0; i < (env.quick ? 1 : 3); i++) {
        await stack.app.stop();
        const t = performance.now();
        await stack.app.start();
        times.push((performance.now() - t) / 1000);
      }
      const best = round(Math.min(...times), 2);
      out.push(
        figure({
          target: T,
          metric: `npm start to the first 200 (${env.db === "pglite" ? "existing embedded database" : "PostgreSQL"})`,
          value: best,
          unit: "s",
          goal: env.db === "pglite" ? "≤ 3 s" : "—",
          met: env.db === "pglite" ? atMost(best, 3) : null,
          db: env.db,
          note: `runs ${times.map((x) => x.toFixed(2)).join(", ")} s (first 200 of /api/health, polled every 150 ms)`,
        }),
      );
      return out;
    } finally {
      await stack.stop();
    }
  },
};
