import "server-only";
import { json, withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import type { Caller } from "@/lib/auth/caller";
import type { Platform } from "@/lib/db";
import { isPlatformAdmin, roleOnPlatform } from "@/lib/platforms/platform-access";
import { createCreditPack, creditPackView, deactivateCreditPack, findCreditPack, listCreditPacks, updateCreditPack } from "./credit-packs";
import { createCreditPackInput, creditPackListSchema, creditPackParams, creditPackSchema, updateCreditPackInput } from "./credit-pack-schema";

const TAGS = ["credit-packs"] as const;

/** Admins (and operators) also see inactive packs; buyers only what is for sale. */
async function seesInactive(caller: Caller | null, platform: Platform): Promise<boolean> {
  return caller ? isPlatformAdmin(await roleOnPlatform(caller, platform)) : false;
}

export const listPacks = withApi(
  {
    auth: "public",
    scope: "platform",
    params: platformParams,
    responses: { 200: creditPackListSchema },
    summary: "List the platform's credit packs",
    description: "Buyers (and anonymous callers) see the active packs; platform admins see every pack, inactive ones included. Ordered by `sort_order`, then price.",
    tags: TAGS,
  },
  async ({ platform, caller }) => ({ results: await listCreditPacks(platform, { includeInactive: await seesInactive(caller, platform) }) }),
);

export const createPack = withApi(
  {
    auth: "platform-admin",
    scope: "platform",
    params: platformParams,
    body: createCreditPackInput,
    responses: { 201: creditPackSchema },
    summary: "Create a credit pack",
    description: "`amount` is the price in minor units of `currency`; `credits` the whole number of credits a purchase adds to the buyer's wallet.",
    tags: TAGS,
  },
  async ({ platform, body, caller }) => json(await createCreditPack(platform, body, caller.user), 201),
);

export const readPack = withApi(
  {
    auth: "public",
    scope: "platform",
    params: creditPackParams,
    responses: { 200: creditPackSchema },
    summary: "Read a credit pack",
    description: "Inactive packs answer 404 except to platform admins.",
    tags: TAGS,
  },
  async ({ platform, params, caller }) => creditPackView(await findCreditPack(platform, params.id, { includeInactive: await seesInactive(caller, platform) })),
);

export const updatePack = withApi(
  {
    auth: "platform-admin",
    scope: "platform",
    params: creditPackParams,
    body: updateCreditPackInput,
    responses: { 200: creditPackSchema },
    summary: "Update a credit pack",
    description: "Partial update. A top-up already started keeps the credits and price it was started with; `is_active: true` puts a deactivated pack back on sale.",
    tags: TAGS,
  },
  async ({ platform, params, body, caller }) =>
    updateCreditPack(platform, await findCreditPack(platform, params.id, { includeInactive: true }), body, caller.user),
);

export const deletePack = withApi(
  {
    auth: "platform-admin",
    scope: "platform",
    params: creditPackParams,
    responses: { 204: null },
    summary: "Deactivate a credit pack",
    description: "The pack is taken off sale (`is_active: false`), never deleted: past top-ups keep pointing at it.",
    tags: TAGS,
  },
  async ({ platform, params, caller }) => {
    await deactivateCreditPack(platform, await findCreditPack(platform, params.id, { includeInactive: true }), caller.user);
  },
);
