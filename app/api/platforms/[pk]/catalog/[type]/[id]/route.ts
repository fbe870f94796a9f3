import { withApi } from "@/lib/api/with-api";
import { compositeParams } from "@/lib/api/route-params";
import { deleteCatalogItem, getCatalogItem, updateCatalogItem } from "@/lib/catalog/catalog";
import { catalogItemPatch, catalogItemSchema } from "@/lib/catalog/catalog-schema";

export const GET = withApi(
  { auth: "platform-admin", params: compositeParams, responses: { 200: catalogItemSchema }, summary: "Read a catalog item", tags: ["catalog"] },
  async ({ platform, params }) => getCatalogItem(platform, params.type, params.id),
);

export const PATCH = withApi(
  {
    auth: "platform-admin",
    params: compositeParams,
    body: catalogItemPatch,
    responses: { 200: catalogItemSchema },
    summary: "Change a catalog item's name, description or link",
    tags: ["catalog"],
  },
  async ({ platform, params, body }) => updateCatalogItem(platform, params.type, params.id, body),
);

export const DELETE = withApi(
  { auth: "platform-admin", params: compositeParams, responses: { 204: null }, summary: "Remove a catalog item", tags: ["catalog"] },
  async ({ platform, params }) => {
    await deleteCatalogItem(platform, params.type, params.id);
  },
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
