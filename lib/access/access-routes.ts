import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { json, withApi } from "@/lib/api/with-api";
import { BadRequestError } from "@/lib/api/errors";
import { afterResponse } from "@/lib/api/after-response";
import { canonicalParams, compositeParams } from "@/lib/api/route-params";
import { resolveScope, type ItemScope } from "@/lib/api/route-scope";
import type { Caller } from "@/lib/auth/caller";
import { accessCheckSchema } from "./access-check-schema";
import { countDecision } from "@/lib/insights/decision-counter";
import { checkAccess, firstAccessToRecord, recordFirstAccess } from "./access-check";

// 200 when allowed, 402 when denied (no subscription, or a metered tier's quota and wallet used up), the same body either way.
const responses = { 200: accessCheckSchema, 402: accessCheckSchema };
const description =
  "200 when the caller may open the item, 402 when not (with the tiers on sale); the same body either way. A subscriber whose tier is metered gets 402 `quota_exhausted` once the period's included units are used and the wallet holds less than one further unit's credits, with `quota` and `top_up_url` (the wallet page). Reads the database only, so a purchase, cancel, refund or top-up shows on the very next check.";

async function respond(caller: Caller, item: ItemScope) {
  const result = await checkAccess(caller, item);
  // counted in memory and written in batches: no write on the request path
  countDecision({ platformId: item.platform.id, itemType: result.body.item_type, itemId: result.body.item_id, reason: result.body.reason });
  if (result.recordAccess && firstAccessToRecord(result.recordAccess)) {
    const first = result.recordAccess;
    afterResponse(() => recordFirstAccess(first));
  }
  return json(result.body, result.status);
}

export const scopedAccessCheck = withApi(
  { auth: "own-record", scope: "item", params: compositeParams, responses, summary: "Check the caller's access to the item", description, tags: ["access"] },
  async ({ caller, item }) => respond(caller, item),
);

export const canonicalAccessCheck = withApi(
  { auth: "own-record", scope: "item", params: canonicalParams, responses, summary: "Check the caller's access to the item", description, tags: ["access"] },
  async ({ caller, item }) => respond(caller, item),
);

const unscopedParams = z.object({ type: z.string().min(1).max(64), id: z.string().min(1).max(255) });

export const unscopedAccessCheck = withApi(
  {
    auth: "own-record",
    params: unscopedParams,
    query: z.object({ platform_key: z.string().min(1).max(255).optional().meta({ description: "Required unless the caller is an API token (its platform)." }) }),
    responses,
    summary: "Check the caller's access to an item by type and id",
    description,
    tags: ["access"],
  },
  async ({ caller, params, query }) => {
    let platformKey = query.platform_key;
    if (!platformKey && caller.tokenPlatformId) {
      platformKey = (await db.platform.findUnique({ where: { id: caller.tokenPlatformId }, select: { key: true } }))?.key;
    }
    if (!platformKey) throw new BadRequestError("platform_key is required.", { errors: { platform_key: ["Required."] } }, "validation_error");
    // the path names no platform: resolve it as the scoped route would (a token sees only its own)
    const { item } = await resolveScope("own-record", "item", caller, { pk: platformKey, type: params.type, id: params.id });
    return respond(caller, item!);
  },
);
