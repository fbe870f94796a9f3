import "server-only";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { db } from "@/lib/db";
import { CURRENT_PLATFORM_COOKIE, myPlatforms, pickCurrentPlatform } from "@/lib/platforms/my-platforms";
import { authOptions } from "./options";

/** The signed-in user for server components, or null. */
export async function currentUser() {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return db.user.findUnique({ where: { id: session.user.id } });
}

/** User, their platforms and the one selected in the switcher. */
export async function currentViewer() {
  const user = await currentUser();
  if (!user) return null;
  const platforms = await myPlatforms(user.id, user.isOperator);
  const selected = (await cookies()).get(CURRENT_PLATFORM_COOKIE)?.value;
  return { user, platforms, platform: pickCurrentPlatform(platforms, selected) };
}
