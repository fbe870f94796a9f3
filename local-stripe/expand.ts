import type { App } from "./app.js";

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function walk(app: App, node: unknown, segs: string[]): unknown {
  if (segs.length === 0 || node === null || typeof node !== "object") return node;
  if (Array.isArray(node)) return node.map((n) => walk(app, n, segs));
  const obj = node as Record<string, unknown>;
  const [head, ...rest] = segs;
  const resolve = (v: unknown): unknown => {
    if (typeof v !== "string") return v;
    const entry = app.store.entry(v);
    return entry ? clone(entry.obj) : v;
  };
  const value = obj[head];
  // lists of ids (e.g. `discounts`) expand element by element
  obj[head] = walk(app, Array.isArray(value) ? value.map(resolve) : resolve(value), rest);
  return obj;
}

/** Applies `expand[]` paths (dot-separated, through lists) to a response object. */
export function expand(app: App, body: unknown, paths: string[]): unknown {
  if (paths.length === 0) return body;
  const out = clone(body);
  for (const p of paths) walk(app, out, p.split("."));
  return out;
}
