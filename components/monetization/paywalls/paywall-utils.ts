import { ApiRequestError } from "@/lib/queries/fetch-json";

/** What the wizard was opened for; a new custom item has no key until Item Details is saved. */
export type WizardTarget =
  | { kind: "catalog"; itemType: string; itemId: string; name: string }
  | { kind: "custom"; itemType: string; itemId: string; name: string }
  | { kind: "new-custom"; name: string };

export type WizardStep = "item-details" | "paywall" | "pricing";

export const STEP_LABELS: Record<WizardStep, string> = { "item-details": "Item Details", paywall: "Paywall", pricing: "Pricing" };

export const isCustomType = (itemType: string) => itemType.startsWith("custom:");

/** Lower-case, dashes for spaces and underscores, nothing but [a-z0-9-], no leading or trailing dash. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\w\s-]/g, "")
    .replace(/[\s_]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Where buyers land after paying when the admin sets nothing else: the item's own page. */
export function defaultSuccessUrl(platformKey: string, itemType: string, itemId: string): string {
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return `${origin}/p/${encodeURIComponent(platformKey)}/items/${itemType}/${encodeURIComponent(itemId)}`;
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Splits an API failure into a message and per-field errors for inline display. */
export function describeError(e: unknown): { detail: string; fields: Record<string, string[]> } {
  if (!(e instanceof ApiRequestError)) return { detail: e instanceof Error ? e.message : "Something went wrong.", fields: {} };
  // "features.3" belongs to the features field
  const fields: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(e.errors ?? {})) {
    const root = key.split(".")[0];
    fields[root] = [...(fields[root] ?? []), ...messages];
  }
  return { detail: e.detail, fields };
}

/** A paywall that is on with no active tier locks everyone out with nothing to buy: a warning, not "Active". */
export type PaywallStatus = "active" | "no-tiers" | "disabled";

export function paywallStatus(isEnabled: boolean, activeTiers: number): PaywallStatus {
  if (!isEnabled) return "disabled";
  return activeTiers > 0 ? "active" : "no-tiers";
}
