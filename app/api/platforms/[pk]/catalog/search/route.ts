import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { catalogSearchQuery, searchCatalog } from "@/lib/catalog/catalog";

export const GET = withApi(
  { auth: "platform-admin", params: z.object({ pk: z.string() }), query: catalogSearchQuery },
  async ({ platform, query }) => searchCatalog(platform, query),
);
