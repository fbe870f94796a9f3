import "server-only";
import { db } from "@/lib/db";

/**
 * Purchases made as a guest belong to whoever proves they own the e-mail. Called at sign-in once
 * the address is verified (a magic link verifies it).
 */
export async function claimGuestPurchases(userId: string): Promise<number> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user?.emailVerified) return 0;
  const email = user.email.toLowerCase();
  const [subs] = await db.$transaction([
    db.subscription.updateMany({ where: { email, userId: null }, data: { userId: user.id } }),
    db.checkoutSession.updateMany({ where: { email, userId: null }, data: { userId: user.id } }),
  ]);
  return subs.count;
}
