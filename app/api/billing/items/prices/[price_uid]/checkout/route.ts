import { priceCheckout } from "@/lib/checkout/checkout-routes";

export const POST = priceCheckout;
