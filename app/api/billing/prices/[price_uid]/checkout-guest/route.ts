import { priceGuestCheckout } from "@/lib/checkout/checkout-routes";

export const POST = priceGuestCheckout;
