import "server-only";
import { db } from "@/lib/db";
import { afterResponse } from "@/lib/api/after-response";

// A token's last use is informational (shown in the token list): it is refreshed at most once a
// minute per token, after the response, so an authenticated request never waits on a write.

const REFRESH_MS = 60_000;
/** token id → when this process last wrote it; bounded by the tokens in use. */
const written = new Map<string, number>();
const MAX_TRACKED = 10_000;

export function noteTokenUse(tokenId: string, lastUsedAt: Date | null, now = Date.now()): void {
  const stored = Math.max(lastUsedAt?.getTime() ?? 0, written.get(tokenId) ?? 0);
  if (now - stored <= REFRESH_MS) return;
  if (written.size >= MAX_TRACKED) written.clear();
  written.set(tokenId, now);
  const at = new Date(now);
  afterResponse(() => db.apiToken.updateMany({ where: { id: tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: at } }] }, data: { lastUsedAt: at } }));
}
