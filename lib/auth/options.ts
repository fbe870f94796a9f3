import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import EmailProvider from "next-auth/providers/email";
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter } from "next-auth/adapters";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/config/env";
import { magicLinksEnabled, sendMail } from "@/lib/mail/send-mail";
import { claimGuestPurchases } from "@/lib/subscriptions/claim-guest-purchases";
import { sameOriginPath } from "@/lib/security/redirect-guard";
import { verifyPassword } from "./password";
import { authSecret } from "./secret";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

function buildAuthOptions(): AuthOptions {
  return {
    secret: authSecret(),
    adapter: PrismaAdapter(db) as Adapter,
    // JWT sessions: the Credentials provider needs them, and they let route handlers read the
    // session from the request cookie alone.
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const user = await db.user.findUnique({ where: { email: parsed.data.email } });
          if (!user || !(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
      ...(magicLinksEnabled() ? [magicLinkProvider()] : []),
    ],
    events: {
      async signIn({ user }) {
        if (user?.id) await claimGuestPurchases(user.id);
      },
    },
    callbacks: {
      // only our own pages, whatever the callbackUrl says
      async redirect({ url, baseUrl }) {
        return new URL(sameOriginPath(url), baseUrl).toString();
      },
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

/** Sign-in by e-mail link; only offered where mail really leaves the machine (or the demo). */
function magicLinkProvider() {
  return EmailProvider({
    from: env().EMAIL_FROM,
    maxAge: 24 * 60 * 60,
    normalizeIdentifier: (identifier) => identifier.trim().toLowerCase(),
    async sendVerificationRequest({ identifier, url }) {
      const host = new URL(url).host;
      await sendMail({
        to: identifier,
        subject: `Sign in to Tollgate`,
        text: `Sign in to ${host}:\n${url}\n\nIf you did not ask for this e-mail, ignore it.`,
        html: `<p>Sign in to <strong>${host}</strong>:</p><p><a href="${url}">Sign in</a></p><p>If you did not ask for this e-mail, ignore it.</p>`,
      });
    },
  });
}

let cached: AuthOptions | undefined;
export function authOptions(): AuthOptions {
  cached ??= buildAuthOptions();
  return cached;
}
