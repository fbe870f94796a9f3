import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { revokeApiToken } from "@/lib/auth/api-tokens";

export const DELETE = withApi(
  { auth: "user", sessionOnly: true, params: z.object({ id: z.string().min(1) }) },
  async ({ caller, params }) => revokeApiToken(caller.user.id, params.id),
);
