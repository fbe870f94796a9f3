import { db } from "@/lib/db";

export class RateLimitedError extends Error {
  constructor(public retryAfterSeconds: number) {
    super("Too many requests, try again later.");
  }
}

/**
 * Fixed-window counter kept in the database so every app instance shares it.
 * Throws RateLimitedError once `limit` hits land in the current window.
 */
export async function hitRateLimit(key: string, limit: number, windowSeconds: number): Promise<void> {
  const now = Date.now();
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count) VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_buckets.count + 1
    RETURNING count`;
  if (rows[0].count > limit) {
    throw new RateLimitedError(Math.ceil((windowStart.getTime() + windowMs - now) / 1000));
  }
}
