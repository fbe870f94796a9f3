import "server-only";
import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { decisionsInput, decisionsSchema } from "./decisions-schema";
import { decideMany } from "./decisions";

export const decisionsRoute = withApi(
  {
    auth: "public",
    scope: "platform",
    params: platformParams,
    body: decisionsInput,
    responses: { 200: decisionsSchema },
    errors: [403],
    summary: "Access decisions for a page of items",
    description:
      "Up to 100 items in one database round trip: for each, whether the caller (signed in, by token, or anonymous) may open it and why, and on a denial the offers to show — the item's tiers, the plans on sale that contain it and the platform's public promotion codes for it. The same decision as the single access check; nothing is written on the request path.",
    tags: ["decisions"],
  },
  // another platform's token is no credential here: its holder is decided for as anonymous
  async ({ platform, caller, body }) => decideMany(platform, caller?.tokenPlatformId && caller.tokenPlatformId !== platform.id ? null : caller, body),
);
