import { z } from "zod";

// Stamped on every Checkout Session, PaymentIntent and Subscription Tollgate creates, so webhook
// handlers can map any Stripe object back to the item, tier and buyer.
export const purchaseMetadata = z.object({
  tollgate: z.literal("1"),
  platform_key: z.string(),
  item_type: z.string(),
  item_id: z.string(),
  paywall_unique_id: z.string(),
  price_unique_id: z.string(),
  // Stripe drops metadata keys set to "": guests have no user_id at all
  user_id: z.string().optional().default(""),
  email: z.string(),
  fee_bps: z.coerce.number().int(),
});
export type PurchaseMetadata = z.infer<typeof purchaseMetadata>;

export function toStripeMetadata(m: PurchaseMetadata): Record<string, string> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== "").map(([k, v]) => [k, String(v)]));
}

export function readPurchaseMetadata(metadata: Record<string, string> | null | undefined): PurchaseMetadata | null {
  const parsed = purchaseMetadata.safeParse(metadata ?? {});
  return parsed.success ? parsed.data : null;
}
