import "server-only";
import { db } from "@/lib/db";
import { entryView } from "./wallet-entries";
import { topUpUrl } from "./top-up-url";
import type { MyWalletView } from "./wallet-schema";

const RECENT = 5;

/** The caller's wallets on every platform (an API token: its platform only), newest activity first. */
export async function myWallets(userId: string, tokenPlatformId: string | null): Promise<{ results: MyWalletView[] }> {
  const wallets = await db.wallet.findMany({
    where: { userId, ...(tokenPlatformId ? { platformId: tokenPlatformId } : {}) },
    include: { platform: true, entries: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: RECENT } },
    orderBy: { updatedAt: "desc" },
    take: 100,
  });
  return {
    results: wallets.map((w) => ({
      platform: { key: w.platform.key, name: w.platform.name },
      balance: w.balance,
      currency: w.platform.creditCurrency,
      credit_unit_micros: w.platform.creditUnitMicros,
      top_up_url: topUpUrl(w.platform.key),
      recent_entries: w.entries.map(entryView),
    })),
  };
}
