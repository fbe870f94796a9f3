import "server-only";
import { createHash } from "node:crypto";
import { db, Prisma } from "@/lib/db";
import { ApiError, BadRequestError, ConflictError } from "@/lib/api/errors";
import { json } from "@/lib/api/with-api";

// `Idempotency-Key` on server-to-server writes. The key is claimed first (a pending row with the
// request's hash), so a retry or a concurrent duplicate never runs the write twice; the first
// answer is stored and replayed for 24 h. Client errors are answers too and are replayed; a
// server failure releases the key so the retry runs.

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "Idempotent-Replayed";
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export type Answer = { status: number; body: unknown };

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value as object).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function requestHash(route: string, body: unknown): string {
  return createHash("sha256").update(route).update("\n").update(JSON.stringify(stable(body ?? null))).digest("hex");
}

function isUniqueViolation(error: unknown) {
  const e = error as { code?: unknown } | null;
  return (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") || e?.code === "P2002";
}

/** The key a request carries, or null; a malformed one is a 400. */
export function idempotencyKeyOf(req: Request): string | null {
  const key = req.headers.get(IDEMPOTENCY_HEADER)?.trim();
  if (!key) return null;
  if (key.length > 255) throw new BadRequestError("Idempotency-Key is longer than 255 characters.", {}, "validation_error");
  return key;
}

/** Claims (platform, key): null when claimed now, else the row that holds it. */
async function claim(platformId: string, key: string, route: string, hash: string) {
  const fresh = new Date(Date.now() - IDEMPOTENCY_TTL_MS);
  // a key older than the window is forgotten: the new request takes it over
  await db.idempotencyKey.deleteMany({ where: { platformId, key, createdAt: { lt: fresh } } });
  try {
    await db.idempotencyKey.create({ data: { platformId, key, route, requestHash: hash } });
    return null;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const row = await db.idempotencyKey.findUnique({ where: { platformId_key: { platformId, key } } });
    // released between our insert and this read: the caller may retry
    if (!row) throw new ConflictError("A request with this Idempotency-Key is in progress.", {}, "idempotency_key_in_progress");
    return row;
  }
}

/**
 * Runs `run` once per `Idempotency-Key` (per platform) and answers with its result; a replay
 * carries `Idempotent-Replayed: true`. The key is required when `required` (default: the caller
 * sent an Authorization header, i.e. an API token — a browser session may omit it).
 */
export async function withIdempotency(
  req: Request,
  platformId: string,
  route: string,
  body: unknown,
  run: () => Promise<Answer>,
  opts: { required?: boolean } = {},
): Promise<Response> {
  const key = idempotencyKeyOf(req);
  const required = opts.required ?? req.headers.has("authorization");
  if (!key) {
    if (required) throw new BadRequestError("This request needs an Idempotency-Key header.", {}, "idempotency_key_required");
    const answer = await run();
    return json(answer.body, answer.status);
  }
  const hash = requestHash(route, body);
  const held = await claim(platformId, key, route, hash);
  if (held) {
    if (held.requestHash !== hash) {
      throw new ConflictError("This Idempotency-Key was used for a different request.", {}, "idempotency_key_reused");
    }
    if (held.status === null) throw new ConflictError("A request with this Idempotency-Key is in progress.", {}, "idempotency_key_in_progress");
    return json(held.response, held.status, { [REPLAYED_HEADER]: "true" });
  }

  let answer: Answer;
  try {
    answer = await run();
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) {
      answer = { status: error.status, body: { detail: error.detail, code: error.code, ...error.extra } };
    } else {
      await db.idempotencyKey.deleteMany({ where: { platformId, key, status: null } }).catch(() => undefined);
      throw error;
    }
  }
  await db.idempotencyKey.update({
    where: { platformId_key: { platformId, key } },
    data: { status: answer.status, response: (answer.body ?? {}) as Prisma.InputJsonValue },
  });
  return json(answer.body, answer.status);
}
