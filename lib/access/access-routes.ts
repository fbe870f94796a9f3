import { z } from "zod";
import { db } from "@/lib/db";
import { json, withApi } from "@/lib/api/with-api";
import { BadRequestError, NotFoundError } from "@/lib/api/errors";
import { afterResponse } from "@/lib/api/after-response";
import type { Caller } from "@/lib/auth/caller";
import { assertItemType, canonicalParams, compositeParams, isUuid } from "@/lib/paywalls/item-ref";
import { checkAccess, recordFirstAccess } from "./access-check";

// 200 when allowed, 402 when denied, the same body either way.
async function respond(caller: Caller, platformKey: string, itemType: string, itemId: string) {
  assertItemType(itemType);
  const result = await checkAccess(caller, platformKey, itemType, itemId);
  if (result.recordAccess) {
    const first = result.recordAccess;
    afterResponse(() => recordFirstAccess(first));
  }
  return json(result.body, result.status, { "Cache-Control": "private, no-store" });
}

export const scopedAccessCheck = withApi({ auth: "user", params: compositeParams }, async ({ caller, params }) =>
  respond(caller, params.pk, params.type, params.id),
);

export const unscopedAccessCheck = withApi(
  {
    auth: "user",
    params: z.object({ type: z.string().min(1), id: z.string().min(1).max(255) }),
    query: z.object({ platform_key: z.string().min(1).optional() }),
  },
  async ({ caller, params, query }) => {
    let platformKey = query.platform_key;
    if (!platformKey && caller.tokenPlatformId) {
      platformKey = (await db.platform.findUnique({ where: { id: caller.tokenPlatformId } }))?.key;
    }
    if (!platformKey) throw new BadRequestError("platform_key is required.", { errors: { platform_key: ["Required."] } });
    return respond(caller, platformKey, params.type, params.id);
  },
);

export const canonicalAccessCheck = withApi({ auth: "user", params: canonicalParams }, async ({ caller, params }) => {
  const paywall = isUuid(params.uid) ? await db.paywall.findUnique({ where: { uniqueId: params.uid }, include: { platform: { select: { key: true } } } }) : null;
  if (!paywall) throw new NotFoundError("Paywall not found.");
  return respond(caller, paywall.platform.key, paywall.itemType, paywall.itemId);
});
