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

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const target = sameOriginPath(callbackUrl);
  if (await currentUser()) redirect(target);
  return (
    <div className="mx-auto max-w-md">
      <SignInForm callbackUrl={target} magicLinks={magicLinksEnabled()} initialError={error ? (errorMessages[error] ?? "Sign-in failed. Try again.") : undefined} />
    </div>
  );
}
