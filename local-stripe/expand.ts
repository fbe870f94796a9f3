import type { App } from "./app.js";

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function walk(app: App, node: unknown, segs: string[]): unknown {
  if (segs.length === 0 || node === null || typeof node !== "object") return node;
  if (Array.isArray(node)) return node.map((n) => walk(app, n, segs));
  const obj = node as Record<string, unknown>;
  const [head, ...rest] = segs;
  let value = obj[head];
  if (typeof value === "string") {
    const entry = app.store.entry(value);
    if (entry) value = clone(entry.obj);
  }
  obj[head] = walk(app, value, rest);
  return obj;
}

/** Applies `expand[]` paths (dot-separated, through lists) to a response object. */
export function expand(app: App, body: unknown, paths: string[]): unknown {
  if (paths.length === 0) return body;
  const out = clone(body);
  for (const p of paths) walk(app, out, p.split("."));
  return out;
}
