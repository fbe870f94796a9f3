"use client";

import Link from "next/link";
import { useEffect, useState, type ReactNode } from "react";
import { ArrowRightIcon, CircleAlertIcon, CircleCheckIcon, ClockIcon, RefreshCwIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { useCheckoutSession, type CheckoutSessionStatus } from "@/lib/queries/checkout";
import { formatAmount, formatDate, formatPriceWithInterval, INTERVAL_LABELS } from "@/lib/format/format";
import { PLAN_ITEM_TYPE } from "@/lib/plans/plan-schema";

// the webhook normally lands within a second or two; past this we stop polling and say so
const POLL_FOR_MS = 60_000;

function Panel({ tone = "default", icon, title, children }: { tone?: "default" | "error"; icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-lg rounded-2xl border bg-card p-8 text-center shadow-sm">
      <div className={tone === "error" ? "text-destructive" : "text-muted-foreground"}>{icon}</div>
      <h1 className="mt-4 text-xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-2 space-y-4 text-sm text-muted-foreground">{children}</div>
    </div>
  );
}

/** The return address as a same-origin path (for sign-in callbacks), or null when it is elsewhere. */
function localPath(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.origin === window.location.origin ? `${parsed.pathname}${parsed.search}${parsed.hash}` : null;
  } catch {
    return null;
  }
}

// "Monthly (monthly)" says nothing twice
function planLabel(s: CheckoutSessionStatus): string {
  if (!s.price_name) return "—";
  if (!s.interval) return s.price_name;
  const interval = INTERVAL_LABELS[s.interval].toLowerCase();
  const letters = (text: string) => text.toLowerCase().replace(/[^a-z]/g, "");
  return letters(s.price_name).includes(letters(interval)) ? s.price_name : `${s.price_name} (${interval})`;
}

function itemUrl(s: CheckoutSessionStatus) {
  // a plan opens many items: without a destination of the seller's, the catalog shows them unlocked
  if (s.item_type === PLAN_ITEM_TYPE && (!s.return_url || s.return_url.includes(`/items/${PLAN_ITEM_TYPE}/`))) {
    return `/p/${encodeURIComponent(s.platform.key)}`;
  }
  return s.return_url || `/p/${encodeURIComponent(s.platform.key)}/items/${s.item_type}/${encodeURIComponent(s.item_id)}`;
}

/** What the buyer pays: "$10.00/month", "$24.99 one-time"; null when unknown. */
function amountLabel(s: CheckoutSessionStatus): string | null {
  if (!s.amount || !s.currency) return null;
  const interval = s.is_one_time ? "one_time" : (s.interval ?? "one_time");
  return formatPriceWithInterval({ amount: s.amount, currency: s.currency, interval });
}

/** Where a guest goes to open the item: sign in first, by e-mail link, with the address filled in. */
function guestSignIn(session: CheckoutSessionStatus, target: string) {
  const params = new URLSearchParams({ method: "email", callbackUrl: localPath(target) ?? "/profile?tab=purchases" });
  if (session.email) params.set("email", session.email);
  return `/sign-in?${params}`;
}

function receiptLine(session: CheckoutSessionStatus): string | null {
  const mail = session.receipt_email;
  if (!mail) return null;
  if (mail.status === "sent") return `A receipt was sent to ${mail.to}.`;
  if (mail.status === "queued") return `A receipt is on its way to ${mail.to}.`;
  return `We could not e-mail the receipt to ${mail.to}; this page and Profile → Purchases show the details.`;
}

function Granted({ session }: { session: CheckoutSessionStatus }) {
  const name = session.item_name || "your purchase";
  const target = itemUrl(session);
  const trialing = session.subscription_status === "trialing" && session.trial_end;
  const amount = amountLabel(session);
  const paid = session.payment;
  const row = (label: string, value: ReactNode | null | undefined): [string, ReactNode][] => (value ? [[label, value]] : []);
  const renewal = session.is_one_time
    ? row("Renewal", "One-time purchase")
    : trialing
      ? row("First payment", [amount, formatDate(session.trial_end!)].filter(Boolean).join(" on "))
      : row("Next renewal", formatDate(session.next_renewal) ?? "None — this plan is set to end");
  const rows: [string, ReactNode][] = [
    // a bundle of items is itself the "plan"; its price is then the tier
    ...(session.item_type === PLAN_ITEM_TYPE
      ? ([["Plan", session.item_name ?? session.item_id], ["Tier", planLabel(session)]] as [string, ReactNode][])
      : ([["Item", session.item_name ?? `${session.item_type}:${session.item_id}`], ["Plan", planLabel(session)]] as [string, ReactNode][])),
    ...row(paid ? "Amount paid" : "Price", paid ? formatAmount(paid.amount, paid.currency) : amount),
    ...(trialing ? row("Free trial until", formatDate(session.trial_end!)) : []),
    ...row("Date", formatDate(paid?.paid_at)),
    ...row("Receipt number", paid?.receipt_number),
    ...renewal,
    ["Sold by", session.platform.name],
  ];
  const receipt = receiptLine(session);
  const guest = session.is_guest && session.email;
  return (
    <div className="mx-auto max-w-lg overflow-hidden rounded-2xl border bg-card shadow-sm">
      <div className="bg-brand-gradient px-6 py-8 text-center text-white">
        <CircleCheckIcon aria-hidden className="mx-auto size-10" />
        <h1 className="mt-3 text-2xl font-semibold tracking-tight">You&apos;re in</h1>
        <p className="mt-1 text-white/90">
          {trialing ? "Your free trial has started." : "Your payment is confirmed."} {name} is unlocked.
        </p>
      </div>
      <dl className="divide-y px-6 text-sm" aria-label="Purchase details">
        {rows.map(([label, value]) => (
          <div key={label} className="flex justify-between gap-4 py-3">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="text-right font-medium break-all">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="space-y-3 px-6 pt-2 pb-6">
        {receipt && (
          <p role="status" className="text-center text-sm text-muted-foreground">
            {receipt}
            {paid?.hosted_invoice_url && (
              <>
                {" "}
                <a href={paid.hosted_invoice_url} target="_blank" rel="noreferrer" className="text-primary underline underline-offset-4">
                  View invoice
                </a>
              </>
            )}
          </p>
        )}
        <Button asChild size="lg" className="bg-brand-gradient w-full text-white hover:opacity-90">
          {/* a guest is not signed in yet: our item page would only show its paywall */}
          <a href={guest && localPath(target) ? guestSignIn(session, target) : target}>
            Go to {name}
            <ArrowRightIcon aria-hidden />
          </a>
        </Button>
        {guest && (
          <p className="text-center text-sm">
            <Link href={guestSignIn(session, "/profile?tab=purchases")} className="text-primary underline underline-offset-4">
              Sign in with this e-mail ({session.email}) to manage your purchase.
            </Link>
          </p>
        )}
      </div>
    </div>
  );
}

export function CheckoutComplete({ sessionId }: { sessionId: string }) {
  const [pollUntil, setPollUntil] = useState(() => Date.now() + POLL_FOR_MS);
  const [timedOut, setTimedOut] = useState(false);
  const query = useCheckoutSession(sessionId, pollUntil);
  const session = query.data;
  const settled = session && session.status !== "open";

  useEffect(() => {
    if (!sessionId || settled) return;
    const timer = setTimeout(() => setTimedOut(true), Math.max(0, pollUntil - Date.now()));
    return () => clearTimeout(timer);
  }, [sessionId, settled, pollUntil]);

  if (!sessionId) {
    return (
      <Panel tone="error" icon={<CircleAlertIcon aria-hidden className="mx-auto size-8" />} title="No checkout to confirm">
        <p role="alert">This link is missing its checkout session id. If you just paid, check your e-mail for the receipt.</p>
        <HomeLinks />
      </Panel>
    );
  }

  if (query.error instanceof ApiRequestError && query.error.status === 404) {
    return (
      <Panel tone="error" icon={<CircleAlertIcon aria-hidden className="mx-auto size-8" />} title="We couldn't find this checkout">
        <p role="alert">The checkout session in this link is unknown. Check that you opened the full link from Stripe.</p>
        <HomeLinks />
      </Panel>
    );
  }

  if (session?.status === "complete" && session.access_granted) return <Granted session={session} />;

  if (session?.status === "complete") {
    return (
      <Panel tone="error" icon={<CircleAlertIcon aria-hidden className="mx-auto size-8" />} title="This purchase is no longer active">
        <p role="alert">
          Your payment for {session.item_name ?? "this item"} went through, but it does not give access anymore
          {session.subscription_status ? ` (status: ${session.subscription_status.replace("_", " ")})` : ""}. It may have been refunded or canceled.
        </p>
        <Button asChild variant="outline">
          <Link href="/profile?tab=purchases">Open Purchases</Link>
        </Button>
      </Panel>
    );
  }

  if (session?.status === "expired") {
    const back = session.paywall_unique_id ? `/buy/${session.paywall_unique_id}` : itemUrl(session);
    return (
      <Panel icon={<ClockIcon aria-hidden className="mx-auto size-8" />} title="This checkout expired">
        <p>No payment was taken. You can start again whenever you like.</p>
        <Button asChild className="bg-brand-gradient text-white hover:opacity-90">
          <a href={back}>Back to {session.item_name ?? "the item"}</a>
        </Button>
      </Panel>
    );
  }

  if (timedOut) {
    return (
      <Panel icon={<ClockIcon aria-hidden className="mx-auto size-8" />} title="Still confirming your payment">
        <p role="status">
          Stripe has not confirmed your payment yet — refresh in a minute. If you were charged, the purchase will appear as soon as it is confirmed.
        </p>
        <Button
          variant="outline"
          onClick={() => {
            setTimedOut(false);
            setPollUntil(Date.now() + POLL_FOR_MS);
            void query.refetch();
          }}
        >
          <RefreshCwIcon aria-hidden />
          Check again
        </Button>
      </Panel>
    );
  }

  return (
    <div className="mx-auto max-w-lg rounded-2xl border bg-card p-8 text-center shadow-sm">
      <Spinner role="presentation" aria-hidden aria-label={undefined} className="mx-auto size-8 text-primary" />
      <div role="status" aria-live="polite" className="mt-4 space-y-1">
        <h1 className="text-xl font-semibold tracking-tight">Confirming your payment…</h1>
        <p className="text-sm text-muted-foreground">This usually takes a few seconds. Please keep this page open.</p>
      </div>
    </div>
  );
}

function HomeLinks() {
  return (
    <div className="flex justify-center gap-3">
      <Button asChild variant="outline">
        <Link href="/profile?tab=purchases">Your purchases</Link>
      </Button>
      <Button asChild variant="ghost">
        <Link href="/">Home</Link>
      </Button>
    </div>
  );
}
