import "server-only";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";
import { DEMO_PASSWORD } from "@/lib/db/seed";

// The landing page lists the demo accounts wherever they still work: in development, and under
// `npm start` on the seeded embedded database (production mode, same demo data). An account
// whose password was changed, or that does not exist, is not listed.

export const DEMO_ACCOUNTS = [
  { email: "operator@tollgate.test", role: "Operator: every platform, /operator" },
  { email: "owner@acme.test", role: "Owner of Acme Academy: Stripe, paywalls, revenue" },
  { email: "admin@acme.test", role: "Admin of Acme Academy" },
  { email: "learner@acme.test", role: "Learner on Acme Academy: meets the paywall; 30 credits to chat with Calculus Tutor" },
  { email: "owner@globex.test", role: "Owner of Globex Learning" },
] as const;

export type DemoAccount = (typeof DEMO_ACCOUNTS)[number];

// the seed gives every demo user the same hash; checking each distinct hash once per process
// keeps bcrypt off the hot path of the landing page
const verified = new Map<string, Promise<boolean>>();
function isDemoHash(hash: string): Promise<boolean> {
  let result = verified.get(hash);
  if (!result) {
    result = verifyPassword(DEMO_PASSWORD, hash);
    verified.set(hash, result);
  }
  return result;
}

export async function workingDemoAccounts(): Promise<DemoAccount[]> {
  const users = await db.user.findMany({
    where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } },
    select: { email: true, passwordHash: true },
  });
  const ok = new Set<string>();
  await Promise.all(
    users.map(async (u) => {
      if (u.passwordHash && (await isDemoHash(u.passwordHash))) ok.add(u.email);
    }),
  );
  return DEMO_ACCOUNTS.filter((a) => ok.has(a.email));
}
