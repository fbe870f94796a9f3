import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { catalogItemPatch, deleteCatalogItem, getCatalogItem, updateCatalogItem } from "@/lib/catalog/catalog";

const params = z.object({ pk: z.string(), type: z.string(), id: z.string() });

export const GET = withApi({ auth: "platform-admin", params }, async ({ platform, params }) => getCatalogItem(platform, params.type, params.id));

export const PATCH = withApi({ auth: "platform-admin", params, body: catalogItemPatch }, async ({ platform, params, body }) =>
  updateCatalogItem(platform, params.type, params.id, body),
);

export const DELETE = withApi({ auth: "platform-admin", params }, async ({ platform, params }) => {
  await deleteCatalogItem(platform, params.type, params.id);
});
