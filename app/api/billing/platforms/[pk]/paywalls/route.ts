import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { listPaywalls, paywallListQuery } from "@/lib/paywalls/paywall-list";

export const GET = withApi(
  { auth: "platform-admin", params: z.object({ pk: z.string() }), query: paywallListQuery },
  async ({ platform, query }) => listPaywalls(platform, query),
);
