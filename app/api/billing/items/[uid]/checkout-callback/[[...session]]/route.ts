import { canonicalCallback } from "@/lib/checkout/checkout-routes";

export const GET = canonicalCallback;
