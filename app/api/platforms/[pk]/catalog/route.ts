import { z } from "zod";
import { json, withApi } from "@/lib/api/with-api";
import { catalogItemInput, createCatalogItem, listCatalog } from "@/lib/catalog/catalog";

const params = z.object({ pk: z.string() });

export const GET = withApi({ auth: "platform-admin", params }, async ({ platform }) => ({ results: await listCatalog(platform) }));

export const POST = withApi({ auth: "platform-admin", params, body: catalogItemInput }, async ({ platform, body }) =>
  json(await createCatalogItem(platform, body), 201),
);
