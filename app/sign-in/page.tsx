import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { SignInForm } from "@/components/auth/sign-in-form";
import { sameOriginPath } from "@/lib/security/redirect-guard";
import { magicLinksEnabled } from "@/lib/mail/send-mail";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const errorMessages: Record<string, string> = {
  CredentialsSignin: "Wrong e-mail or password.",
  EmailSignin: "We could not send the sign-in e-mail. Try again in a few minutes.",
  Verification: "That sign-in link has expired or was already used. Ask for a new one.",
  RateLimited: "Too many sign-in attempts. Wait a few minutes, then try again.",
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

type Search = { callbackUrl?: string; error?: string; method?: string | string[]; email?: string | string[] };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { callbackUrl, error, ...rest } = await searchParams;
  // `?method=email&email=…` (the thank-you page): the e-mail link first, the address filled in
  const emailFirst = one(rest.method) === "email";
  const email = one(rest.email)?.trim().slice(0, 254) ?? "";
  const target = sameOriginPath(callbackUrl);
  if (await currentUser()) redirect(target);
  return (
    <div className="mx-auto max-w-md">
      <SignInForm
        callbackUrl={target}
        magicLinks={magicLinksEnabled()}
        emailFirst={emailFirst}
        initialEmail={/^[^\s@]+@[^\s@]+$/.test(email) ? email : ""}
        initialError={error ? (errorMessages[error] ?? "Sign-in failed. Try again.") : undefined}
      />
    </div>
  );
}
