import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { WalletEntry } from "@/lib/db";
import { readPurchaseMetadata } from "@/lib/checkout/purchase-metadata";
import { invoiceSubscriptionId } from "@/lib/stripe/object-ids";
import { creditWallet, debitWallet, walletFor } from "@/lib/wallets/wallet-ledger";

// Credits a recurring tier grants per period. Each paid subscription invoice deposits the tier's
// `grantCredits` once (sourceKey `grant:<in>`). Without rollover, the unspent part of the
// subscription's previous grant expires first (`expiry:<in>`): that grant less the usage since,
// never more than the balance. Grants carry their subscription and period start in metadata, so a
// late delivery of an older invoice never expires a newer period's grant.

const GRANT_REASONS = new Set<string | null>(["subscription_create", "subscription_cycle"]);

type GrantMeta = { subscription_id?: string; period_start?: number };
const grantMeta = (e: WalletEntry) => (e.metadata ?? {}) as GrantMeta;

/** The service period an invoice bills: its first line's period (the invoice's own fields name the previous one). */
function periodStart(invoice: Stripe.Invoice): number {
  return invoice.lines?.data?.[0]?.period?.start ?? invoice.created;
}

/** The tier behind a subscription: the Stripe price's own id mapping, else the checkout's metadata. */
async function tierOf(sub: Stripe.Subscription, fallbackUniqueId: string) {
  const priceMeta = sub.items.data[0]?.price?.metadata as Record<string, string> | undefined;
  const uniqueId = priceMeta?.price_unique_id || fallbackUniqueId;
  return uniqueId ? db.price.findUnique({ where: { uniqueId } }) : null;
}

/** invoice.paid: the tier's credits for the period, once per invoice. Returns the credits granted (0 when nothing was due or already done). */
export async function grantInvoiceCredits(stripe: Stripe, invoiceId: string): Promise<number> {
  const invoice = await stripe.invoices.retrieve(invoiceId);
  if (invoice.status !== "paid" || !GRANT_REASONS.has(invoice.billing_reason ?? null)) return 0;
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return 0;
  const sub = await stripe.subscriptions.retrieve(subscriptionId);
  const meta = readPurchaseMetadata(sub.metadata);
  if (!meta) return 0;
  const price = await tierOf(sub, meta.price_unique_id);
  if (!price?.grantCredits || price.interval === "one_time") return 0;
  const platform = await db.platform.findUnique({ where: { key: meta.platform_key }, select: { id: true } });
  if (!platform) return 0;
  // a guest checkout has no wallet until the purchase is theirs
  const row = await db.subscription.findUnique({ where: { stripeSubscriptionId: sub.id }, select: { userId: true } });
  const userId = row?.userId ?? (meta.user_id || null);
  if (!userId) return 0;

  const grantKey = `grant:${invoice.id}`;
  if (await db.walletEntry.findUnique({ where: { sourceKey: grantKey } })) return 0;
  const wallet = await walletFor(platform.id, userId);
  const start = periodStart(invoice);
  const grants = (await db.walletEntry.findMany({ where: { walletId: wallet.id, kind: "grant" }, orderBy: { createdAt: "asc" } })).filter(
    (e) => grantMeta(e).subscription_id === sub.id && e.sourceKey !== grantKey,
  );

  if (!price.grantRollover) {
    // an older period delivered late: a newer grant replaced it already, so it has nothing to give
    if (grants.some((e) => (grantMeta(e).period_start ?? 0) > start)) return 0;
    const previous = grants.filter((e) => (grantMeta(e).period_start ?? 0) < start).at(-1);
    if (previous) {
      const used = await db.walletEntry.aggregate({
        where: { walletId: wallet.id, kind: "usage", createdAt: { gte: previous.createdAt } },
        _sum: { amount: true },
      });
      const remainder = Math.max(0, previous.amount + (used._sum.amount ?? 0));
      if (remainder > 0) {
        await debitWallet(platform.id, userId, "expiry", remainder, {
          sourceKey: `expiry:${invoice.id}`,
          reason: "Unused granted credits expired",
          itemType: meta.item_type,
          itemId: meta.item_id,
          partial: true,
          metadata: { subscription_id: sub.id, invoice_id: invoice.id, expired_grant: previous.sourceKey },
        });
      }
    }
  }

  const granted = await creditWallet(platform.id, userId, "grant", price.grantCredits, {
    sourceKey: grantKey,
    reason: `Credits included with ${price.name}`,
    itemType: meta.item_type,
    itemId: meta.item_id,
    metadata: { subscription_id: sub.id, invoice_id: invoice.id, period_start: start, price_id: price.uniqueId },
  });
  return granted.duplicate ? 0 : price.grantCredits;
}
