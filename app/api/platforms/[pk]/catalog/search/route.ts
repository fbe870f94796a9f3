import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { searchCatalog } from "@/lib/catalog/catalog";
import { catalogSearchQuery, catalogSearchResultSchema } from "@/lib/catalog/catalog-schema";

export const GET = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: catalogSearchQuery,
    responses: { 200: catalogSearchResultSchema },
    summary: "Search the catalog for the item picker",
    description: "An empty query lists everything, grouped by type.",
    tags: ["catalog"],
  },
  async ({ platform, query }) => searchCatalog(platform, query),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
