import { json, withApi } from "@/lib/api/with-api";
import { createPlatform, createPlatformInput, listPlatforms } from "@/lib/platforms/platform-admin";

export const GET = withApi({ auth: "operator" }, async () => ({ results: await listPlatforms() }));

export const POST = withApi({ auth: "operator", body: createPlatformInput }, async ({ caller, body }) =>
  json(await createPlatform(caller.user.id, body), 201),
);
