import { z } from "zod";
import { db } from "@/lib/db";
import { withApi } from "@/lib/api/with-api";
import { NotFoundError } from "@/lib/api/errors";
import type { Caller } from "@/lib/auth/caller";
import { isUuid } from "@/lib/paywalls/item-ref";
import { ADMIN_ROLES, requirePlatformRole } from "@/lib/platforms/platform-access";
import { deletePrice, updatePrice } from "./prices";
import { updatePriceInput } from "./price-input";
import { priceView } from "./price-view";

const params = z.object({ price_uid: z.string().min(1) });

/** Canonical price detail resolves only active tiers of enabled paywalls. */
async function load(caller: Caller, priceUid: string) {
  const price = isUuid(priceUid)
    ? await db.price.findFirst({
        where: { uniqueId: priceUid, deletedAt: null, isActive: true, paywall: { isEnabled: true } },
        include: { paywall: { include: { platform: true } } },
      })
    : null;
  if (!price) throw new NotFoundError("Price not found or not available.");
  const { platform } = await requirePlatformRole(caller, price.paywall.platform.key, ADMIN_ROLES);
  const { paywall, ...row } = price;
  const { platform: _p, ...paywallRow } = paywall;
  return { ref: { platform, itemType: paywall.itemType, itemId: paywall.itemId, paywall: paywallRow }, price: row };
}

const update = withApi({ auth: "user", params, body: updatePriceInput }, async ({ caller, params, body }) => {
  const { ref, price } = await load(caller, params.price_uid);
  return updatePrice(ref, price, body, caller.user);
});

export const canonicalPriceDetail = {
  GET: withApi({ auth: "user", params }, async ({ caller, params }) => priceView((await load(caller, params.price_uid)).price)),
  PUT: update,
  PATCH: update,
  DELETE: withApi({ auth: "user", params }, async ({ caller, params }) => {
    const { ref, price } = await load(caller, params.price_uid);
    await deletePrice(ref, price, caller.user);
  }),
};
