import { compositeGuestCheckout } from "@/lib/checkout/checkout-routes";

export const POST = compositeGuestCheckout;
