import { z } from "zod";

// Path parameters shared by the routes that name a platform, an item or a price.

export const platformParams = z.object({ pk: z.string().min(1).max(255) });
export const compositeParams = z.object({ pk: z.string().min(1).max(255), type: z.string().min(1).max(64), id: z.string().min(1).max(255) });
export const canonicalParams = z.object({ uid: z.string().min(1).max(255).meta({ description: "The paywall's unique id." }) });
export const priceUidParams = z.object({ price_uid: z.string().min(1).max(255).meta({ description: "The price's unique id." }) });
export const compositePriceParams = compositeParams.extend({ price_id: z.string().min(1).max(255) });
