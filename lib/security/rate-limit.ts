import "server-only";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/lib/db";

export class RateLimitedError extends Error {
  constructor(public retryAfterSeconds: number) {
    super("Too many requests, try again later.");
  }
}

/** A named limit: `points` hits per `durationSeconds` per key. */
export type Limit = { name: string; points: number; durationSeconds: number };

// One limiter per limit, counters in the database (rate_limits) so every app instance shares them.
const limiters = new Map<string, RateLimiterPrisma>();

function limiterFor(limit: Limit): RateLimiterPrisma {
  const id = `${limit.name}:${limit.points}:${limit.durationSeconds}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new RateLimiterPrisma({
      storeClient: db,
      tableName: "rateLimiterFlexible",
      keyPrefix: limit.name,
      points: limit.points,
      duration: limit.durationSeconds,
    });
    limiters.set(id, limiter);
  }
  return limiter;
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Counts one hit for `key`; throws RateLimitedError (→ 429 + Retry-After) once over the limit. */
export async function hitRateLimit(limit: Limit, key: string): Promise<void> {
  try {
    await limiterFor(limit).consume(key);
  } catch (e) {
    if (e instanceof RateLimiterRes) throw new RateLimitedError(retryAfter(e));
    throw e;
  }
}

/** Seconds until `key` may try again, or 0 when it is under the limit; counts nothing. */
export async function limitedFor(limit: Limit, key: string): Promise<number> {
  const res = await limiterFor(limit).get(key);
  return res && res.consumedPoints >= limit.points ? retryAfter(res) : 0;
}

/** Gives back `points` hits of `key` (an attempt that turned out to be legitimate). */
export async function refundRateLimit(limit: Limit, key: string, points = 1): Promise<void> {
  await limiterFor(limit).reward(key, points);
}

/** Forgets the hits of `key` (a successful sign-in clears its failures). */
export async function resetRateLimit(limit: Limit, key: string): Promise<void> {
  await limiterFor(limit).delete(key);
}
