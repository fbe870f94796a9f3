import type { Paywall, Platform, Price } from "@/lib/db";
import { env } from "@/lib/config/env";
import { priceView } from "@/lib/prices/price-view";
import type { PaywallStub, PaywallView } from "./paywall-schema";

export function shareUrl(paywall: Pick<Paywall, "uniqueId">): string {
  return `${env().APP_URL}/buy/${paywall.uniqueId}`;
}

export function paywallView(paywall: Paywall, platform: Platform, prices: Price[]): PaywallView {
  return {
    unique_id: paywall.uniqueId,
    item_type: paywall.itemType,
    item_id: paywall.itemId,
    item_name: paywall.itemName,
    item_metadata: paywall.itemMetadata ?? null,
    platform: { key: platform.key, name: platform.name },
    is_enabled: paywall.isEnabled,
    description: paywall.description,
    allow_free_tier: paywall.allowFreeTier,
    stripe_product_id: paywall.stripeProductId,
    trial_period_days: paywall.trialPeriodDays,
    grandfathering_strategy: paywall.grandfatheringStrategy,
    on_successful_payment: paywall.onSuccessfulPayment,
    paywall_enabled_at: paywall.paywallEnabledAt?.toISOString() ?? null,
    share_url: shareUrl(paywall),
    prices: prices.map(priceView),
    created_at: paywall.createdAt.toISOString(),
    updated_at: paywall.updatedAt.toISOString(),
  };
}

/** GET on an item without a paywall row: the shape the wizard reads as "first save will create it". */
export function paywallStub(itemType: string, itemId: string): PaywallStub {
  return { item_type: itemType, item_id: itemId, is_enabled: false, allow_free_tier: false, trial_period_days: 0, prices: [] };
}
