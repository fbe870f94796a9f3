import type { z } from "zod";
import { isMediaBody, responseSchema, type RouteContract } from "./contract";

// In development and tests every answer is compared with the route's declared contract, so a
// view that drifts from its schema (or a status nobody declared) shows up at once.
//   strict  the answer is replaced by a 500 `response_contract_violation` (tests)
//   log     the answer goes out; the mismatch is logged (development)
//   off     production

export type CheckMode = "strict" | "log" | "off";

export function responseCheckMode(): CheckMode {
  const set = process.env.API_RESPONSE_CHECK;
  if (set === "strict" || set === "log" || set === "off") return set;
  if (process.env.VITEST || process.env.NODE_ENV === "test") return "strict";
  return process.env.NODE_ENV === "production" ? "off" : "log";
}

/** A readable description of how `res` breaks `contract`, or null when it matches. */
export async function contractViolation(contract: RouteContract, method: string, res: Response): Promise<string | null> {
  const schema = responseSchema(contract, method, res.status);
  if (schema === undefined) return `status ${res.status} is not declared for ${method}`;
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim();
  let json: z.ZodType | undefined = undefined;
  if (schema === null) {
    // read only as far as the first byte: an empty body is what was declared
    const reader = res.clone().body?.getReader();
    const first = reader ? await reader.read() : { done: true as const, value: undefined };
    await reader?.cancel();
    return first.done || !first.value?.length ? null : `status ${res.status} is declared without a body but one was sent`;
  }
  if (isMediaBody(schema)) {
    if (!schema.media.includes(type)) return `status ${res.status} answered ${type || "no content type"}, declared ${schema.media.join(" or ")}`;
    // a streamed file (CSV, a script) is not read here: only JSON bodies have a schema to check
    if (type !== "application/json" || !schema.schema) return null;
    json = schema.schema;
  } else {
    if (type !== "application/json") return `status ${res.status} answered ${type || "no content type"}, not JSON`;
    json = schema;
  }
  const text = await res.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `status ${res.status} body is not valid JSON`;
  }
  const result = json.safeParse(body);
  if (result.success) return null;
  const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  return `status ${res.status} body does not match its schema: ${issues.join("; ")}`;
}
