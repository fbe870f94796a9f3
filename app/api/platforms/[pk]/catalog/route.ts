import { json, withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { createCatalogItem, listCatalog } from "@/lib/catalog/catalog";
import { catalogItemInput, catalogItemSchema, catalogListSchema } from "@/lib/catalog/catalog-schema";

export const GET = withApi(
  { auth: "platform-admin", params: platformParams, responses: { 200: catalogListSchema }, summary: "List the platform's catalog", tags: ["catalog"] },
  async ({ platform }) => ({ results: await listCatalog(platform) }),
);

export const POST = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    body: catalogItemInput,
    responses: { 201: catalogItemSchema },
    errors: [409],
    summary: "Add an item to the catalog",
    description: "409 `catalog_item_exists` when the type and id are taken.",
    tags: ["catalog"],
  },
  async ({ platform, body }) => json(await createCatalogItem(platform, body), 201),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
