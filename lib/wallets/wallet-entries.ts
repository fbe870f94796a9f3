import "server-only";
import { db } from "@/lib/db";
import type { WalletEntry } from "@/lib/db";
import { pageArgs, pageOf, type PageQuery } from "@/lib/api/pagination";
import { csvCell, csvStream } from "@/lib/ledger/ledger-export";
import { WALLET_CSV_COLUMNS, type WalletEntryView } from "./wallet-schema";

// A wallet's entries: paginated newest first, or all of them as CSV (oldest first, keyset batches).

export const WALLET_EXPORT_BATCH = 1000;

export function entryView(e: WalletEntry): WalletEntryView {
  return {
    id: e.id,
    kind: e.kind,
    amount: e.amount,
    balance_after: e.balanceAfter,
    reason: e.reason,
    item_type: e.itemType,
    item_id: e.itemId,
    units: e.units,
    metadata: (e.metadata ?? {}) as Record<string, unknown>,
    created_at: e.createdAt.toISOString(),
  };
}

/** The entries of (platform, user), newest first; no wallet → an empty page. */
export async function listEntries(platformId: string, userId: string, q: PageQuery) {
  const wallet = await db.wallet.findUnique({ where: { platformId_userId: { platformId, userId } }, select: { id: true } });
  if (!wallet) return pageOf<WalletEntryView>([], 0, q);
  const where = { walletId: wallet.id };
  const [rows, count] = await Promise.all([
    db.walletEntry.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...pageArgs(q) }),
    db.walletEntry.count({ where }),
  ]);
  return pageOf(rows.map(entryView), count, q);
}

async function* entryRecords(walletId: string, batchSize: number) {
  let last: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const rows: WalletEntry[] = await db.walletEntry.findMany({
      where: last
        ? { walletId, createdAt: { gte: last.createdAt }, OR: [{ createdAt: { gt: last.createdAt } }, { id: { gt: last.id } }] }
        : { walletId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batchSize,
    });
    for (const e of rows) {
      const v = entryView(e);
      const out: Record<string, string> = {};
      for (const c of WALLET_CSV_COLUMNS) out[c] = c === "amount" || c === "balance_after" || c === "units" ? (v[c] === null ? "" : String(v[c])) : csvCell(c, v[c]);
      yield out;
    }
    if (rows.length < batchSize) return;
    const tail = rows[rows.length - 1];
    last = { createdAt: tail.createdAt, id: tail.id };
  }
}

async function* nothing() {}

/** The CSV download of a wallet's entries, streamed as the client reads. */
export async function walletCsvResponse(platform: { id: string; key: string }, userId: string, batchSize = WALLET_EXPORT_BATCH): Promise<Response> {
  const wallet = await db.wallet.findUnique({ where: { platformId_userId: { platformId: platform.id, userId } }, select: { id: true } });
  const body = csvStream(wallet ? entryRecords(wallet.id, batchSize) : nothing(), WALLET_CSV_COLUMNS, "wallets");
  const safe = `${platform.key}-wallet-${userId}`.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(body, { status: 200, headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${safe}.csv"` } });
}
