import { z } from "zod";
import { json, withApi } from "@/lib/api/with-api";
import { NotFoundError } from "@/lib/api/errors";
import { CURRENT_PLATFORM_COOKIE, myPlatforms } from "@/lib/platforms/my-platforms";

export const PUT = withApi(
  { auth: "user", sessionOnly: true, body: z.object({ platform_key: z.string().min(1) }) },
  async ({ caller, body }) => {
    const platforms = await myPlatforms(caller.user.id, caller.isOperator);
    const platform = platforms.find((p) => p.key === body.platform_key);
    if (!platform) throw new NotFoundError("Platform not found.");
    const res = json(platform);
    res.cookies.set(CURRENT_PLATFORM_COOKIE, platform.key, { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });
    return res;
  },
);
