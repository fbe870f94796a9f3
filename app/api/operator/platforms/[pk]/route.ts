import { z } from "zod";
import { withApi } from "@/lib/api/with-api";
import { updatePlatform, updatePlatformInput } from "@/lib/platforms/platform-admin";

export const PATCH = withApi(
  { auth: "operator", params: z.object({ pk: z.string() }), body: updatePlatformInput },
  async ({ caller, params, body }) => updatePlatform(caller.user.id, params.pk, body),
);
