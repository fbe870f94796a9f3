import { z } from "zod";

/** What a Checkout Session sells: a tier (`purchase`, the default), a tip (no tier, no access) or a credit top-up (credits, no access). */
export const PURCHASE_KINDS = ["purchase", "tip", "top_up"] as const;
export type PurchaseKind = (typeof PURCHASE_KINDS)[number];

// Stamped on every Checkout Session, PaymentIntent and Subscription Tollgate creates, so webhook
// handlers can map any Stripe object back to the item, tier and buyer.
export const purchaseMetadata = z.object({
  tollgate: z.literal("1"),
  platform_key: z.string(),
  item_type: z.string(),
  item_id: z.string(),
  // Stripe drops metadata keys set to "": a tip of an item without a paywall has neither id
  paywall_unique_id: z.string().optional().default(""),
  price_unique_id: z.string().optional().default(""),
  // Stripe drops metadata keys set to "": guests have no user_id at all
  user_id: z.string().optional().default(""),
  email: z.string(),
  fee_bps: z.coerce.number().int(),
  // absent on everything sold before tips existed: a purchase
  purchase_kind: z.enum(PURCHASE_KINDS).optional(),
});
export type PurchaseMetadata = z.infer<typeof purchaseMetadata>;

export function toStripeMetadata(m: PurchaseMetadata): Record<string, string> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== "" && v !== undefined).map(([k, v]) => [k, String(v)]));
}

export function readPurchaseMetadata(metadata: Record<string, string> | null | undefined): PurchaseMetadata | null {
  const parsed = purchaseMetadata.safeParse(metadata ?? {});
  return parsed.success ? parsed.data : null;
}

/** A tip: money for the creator, no tier and no access. */
export const isTip = (m: PurchaseMetadata | null | undefined): boolean => m?.purchase_kind === "tip";

/** A credit top-up (item `credit_pack`): credits for the buyer's wallet, no tier and no access. */
export const isTopUp = (m: PurchaseMetadata | null | undefined): boolean => m?.purchase_kind === "top_up";
