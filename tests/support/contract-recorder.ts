import fs from "node:fs";
import path from "node:path";

// Records every answer the in-process tests get from a route handler, so the run can check them
// all against the generated OpenAPI document (scripts/check-recorded-responses.ts).

type Located = { method: string; path: string };
let byHandler: Map<unknown, Located> | undefined;

async function locate(handler: unknown, method: string): Promise<Located | undefined> {
  if (!byHandler) {
    const { ROUTES } = await import("@/app/api/route-manifest");
    byHandler = new Map();
    for (const r of ROUTES) {
      for (const [m, fn] of Object.entries(r.module)) if (!byHandler.has(fn)) byHandler.set(fn, { method: m, path: r.paths.at(-1)! });
    }
  }
  const found = byHandler.get(handler);
  return found && found.method === method ? found : undefined;
}

export async function recordAnswer(handler: unknown, method: string, res: Response, text: string) {
  const dir = process.env.API_CONTRACT_RECORD_DIR;
  // preflights are CORS plumbing, not operations of the document
  if (!dir || method === "OPTIONS") return;
  const at = await locate(handler, method);
  if (!at) return;
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim();
  let body: unknown = null;
  if (type === "application/json" && text) body = JSON.parse(text);
  const line = JSON.stringify({ ...at, status: res.status, type, body, test: process.env.VITEST_POOL_ID ?? "" });
  fs.appendFileSync(path.join(dir, `answers-${process.pid}.jsonl`), line + "\n");
}
