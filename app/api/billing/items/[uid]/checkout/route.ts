import { canonicalCheckout } from "@/lib/checkout/checkout-routes";

export const POST = canonicalCheckout;
