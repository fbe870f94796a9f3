import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { apiTokenView, revokeApiToken } from "@/lib/auth/api-tokens";

export const DELETE = withApi(
  {
    auth: "own-record",
    sessionOnly: true,
    params: z.object({ id: z.string().min(1) }),
    responses: { 200: apiTokenView },
    summary: "Revoke one of your API tokens",
    tags: ["tokens"],
  },
  async ({ caller, params }) => revokeApiToken(caller.user.id, params.id),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
