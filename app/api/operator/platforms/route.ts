import { json, withApi } from "@/lib/api/with-api";
import { createPlatform, listPlatforms } from "@/lib/platforms/platform-admin";
import { createPlatformInput, operatorPlatformListSchema, operatorPlatformSchema } from "@/lib/platforms/platform-schema";

export const GET = withApi(
  { auth: "operator", responses: { 200: operatorPlatformListSchema }, summary: "List every platform", tags: ["operator"] },
  async () => ({ results: await listPlatforms() }),
);

export const POST = withApi(
  {
    auth: "operator",
    body: createPlatformInput,
    responses: { 201: operatorPlatformSchema },
    errors: [409],
    summary: "Create a platform",
    description: "409 `platform_key_taken` when the key is in use.",
    tags: ["operator"],
  },
  async ({ caller, body }) => json(await createPlatform(caller.user.id, body), 201),
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
