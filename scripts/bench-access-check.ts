// npm run bench:access — load-tests the access check of a running server on 127.0.0.1 and prints
// latency and throughput. Needs a server with the demo data (npm run dev / npm start); the item
// defaults to acme's course "intro-data-science" (BENCH_ITEM=type/id for another).
import autocannon from "autocannon";

const base = process.env.BENCH_URL ?? "http://127.0.0.1:3000";
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const item = process.env.BENCH_ITEM ?? "course/intro-data-science";

async function signIn(email: string): Promise<string> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: "tollgate-demo", json: "true" }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`could not sign in as ${email} (${res.status})`);
  return [...jar, session].join("; ");
}

const cookie = await signIn("learner@acme.test");
const url = `${base}/api/billing/platforms/acme/items/${item}/access-check/`;
const probe = await fetch(url, { headers: { cookie } });
console.log(`access check of ${item}: HTTP ${probe.status} ${JSON.stringify(await probe.json()).slice(0, 120)}…`);

const result = await autocannon({ url, connections, duration: seconds, headers: { cookie } });
const non2xx = result.non2xx - (probe.status === 402 ? result.requests.total : 0);
console.log(
  [
    `connections ${connections}, ${seconds} s`,
    `requests ${result.requests.total} (${result.requests.average.toFixed(0)}/s)`,
    `latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    `errors ${result.errors}, timeouts ${result.timeouts}, unexpected statuses ${Math.max(0, non2xx)}`,
  ].join("\n"),
);
