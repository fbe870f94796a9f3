"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, FieldError, FieldGroup, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Separator } from "@/components/ui/separator";

type Props = {
  callbackUrl: string;
  initialError?: string;
  magicLinks?: boolean;
  /** Offer the e-mail link first (a buyer coming from the thank-you page has no password). */
  emailFirst?: boolean;
  initialEmail?: string;
};

export function SignInForm({ callbackUrl, initialError, magicLinks = true, emailFirst = false, initialEmail = "" }: Props) {
  const router = useRouter();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState("");
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState<"password" | "link" | null>(null);

  async function withPassword(e: FormEvent) {
    e.preventDefault();
    setBusy("password");
    setError(undefined);
    const res = await signIn("credentials", { email, password, redirect: false, callbackUrl });
    setBusy(null);
    if (!res || res.error) {
      setError(res?.status === 429 ? "Too many sign-in attempts. Wait a few minutes, then try again." : "Wrong e-mail or password.");
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  async function withLink(e?: FormEvent) {
    e?.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email)) {
      setError("Enter your e-mail address first.");
      return;
    }
    setBusy("link");
    setError(undefined);
    await signIn("email", { email, callbackUrl });
    setBusy(null);
  }

  if (emailFirst && magicLinks) {
    return (
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">Sign in to Tollgate</h1></CardTitle>
          <CardDescription>We&apos;ll e-mail you a one-time sign-in link: no password needed.</CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={withLink} noValidate>
            <FieldGroup>
              <Field>
                <FieldLabel htmlFor="email">E-mail</FieldLabel>
                <Input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
              </Field>
              {error && <FieldError errors={[error]} />}
              <Button type="submit" disabled={busy !== null}>
                {busy === "link" ? "Sending…" : "E-mail me a sign-in link"}
              </Button>
            </FieldGroup>
          </form>
          <div className="my-5 flex items-center gap-3 text-xs text-muted-foreground">
            <Separator className="flex-1" /> or, if you have a password <Separator className="flex-1" />
          </div>
          <form onSubmit={withPassword} noValidate>
            <FieldGroup>
              <Field>
                <FieldLabel htmlFor="password">Password</FieldLabel>
                <Input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
              </Field>
              <Button type="submit" variant="outline" disabled={busy !== null || !email || !password}>
                {busy === "password" ? "Signing in…" : "Sign in with password"}
              </Button>
            </FieldGroup>
          </form>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle><h1 className="text-xl">Sign in to Tollgate</h1></CardTitle>
        <CardDescription>{magicLinks ? "Use your password, or get a one-time sign-in link by e-mail." : "Use your e-mail address and password."}</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={withPassword} noValidate>
          <FieldGroup>
            <Field>
              <FieldLabel htmlFor="email">E-mail</FieldLabel>
              <Input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
            </Field>
            <Field>
              <FieldLabel htmlFor="password">Password</FieldLabel>
              <Input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
            </Field>
            {error && <FieldError errors={[error]} />}
            <Button type="submit" disabled={busy !== null || !email || !password}>
              {busy === "password" ? "Signing in…" : "Sign in with password"}
            </Button>
          </FieldGroup>
        </form>
        {magicLinks && (
          <>
            <div className="my-5 flex items-center gap-3 text-xs text-muted-foreground">
              <Separator className="flex-1" /> or <Separator className="flex-1" />
            </div>
            <Button type="button" variant="outline" className="w-full" disabled={busy !== null} onClick={() => withLink()}>
              {busy === "link" ? "Sending…" : "E-mail me a sign-in link"}
            </Button>
          </>
        )}
      </CardContent>
    </Card>
  );
}
