import { json, withApi } from "@/lib/api/with-api";
import { CURRENT_PLATFORM_COOKIE, myPlatform } from "@/lib/platforms/my-platforms";
import { currentPlatformInput, myPlatformSchema } from "@/lib/platforms/my-platforms-schema";

export const PUT = withApi(
  {
    auth: "own-record",
    sessionOnly: true,
    body: currentPlatformInput,
    responses: { 200: myPlatformSchema },
    errors: [404],
    summary: "Choose the platform the app shows",
    description: "Sets the platform cookie; 404 for a platform you cannot use.",
    tags: ["account"],
  },
  async ({ caller, body }) => {
    const platform = await myPlatform(caller.user.id, caller.isOperator, body.platform_key);
    const res = json(platform);
    res.cookies.set(CURRENT_PLATFORM_COOKIE, platform.key, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });
    return res;
  },
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
