import { PayloadTooLargeError } from "./errors";

/** API bodies are small JSON documents; webhooks carry one Stripe event. */
export const API_BODY_LIMIT_BYTES = 64 * 1024;
export const WEBHOOK_BODY_LIMIT_BYTES = 512 * 1024;
/** Deeper than any document the API takes; refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 32;

/**
 * Reads the body as text, refusing (413) anything over `limitBytes` — by Content-Length up front,
 * and by counting while streaming for chunked bodies, so an oversized body is never buffered.
 */
export async function readLimitedText(req: Request, limitBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limitBytes) throw new PayloadTooLargeError(limitBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** A lone UTF-16 surrogate: not Unicode text, and PostgreSQL and Stripe both refuse it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "Must not contain NUL characters.";
  if (LONE_SURROGATE.test(s)) return "Must be valid Unicode text (lone surrogate).";
  return null;
}

/**
 * Walks a parsed input without recursion and returns the first problem: nesting deeper than
 * MAX_JSON_DEPTH, or a string or key that is not storable text.
 */
export function inputProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === "string") {
      const p = textProblem(v);
      if (p) return p;
    } else if (v && typeof v === "object") {
      if (depth >= MAX_JSON_DEPTH) return `Must not be nested deeper than ${MAX_JSON_DEPTH} levels.`;
      if (Array.isArray(v)) for (const item of v) stack.push([item, depth + 1]);
      else
        for (const [k, item] of Object.entries(v)) {
          const p = textProblem(k);
          if (p) return p;
          stack.push([item, depth + 1]);
        }
    }
  }
  return null;
}
