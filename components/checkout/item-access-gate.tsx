"use client";

import Link from "next/link";
import { useState, type ReactNode } from "react";
import { CircleAlertIcon, ExternalLinkIcon, LockIcon, LockOpenIcon, RefreshCwIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { useAccessCheck, type AccessCheck } from "@/lib/queries/access";
import { formatDate } from "@/lib/format/format";
import { PaywallModal } from "./paywall-modal";
import { TipButton } from "./tip-button";

export type GatedItem = {
  platformKey: string;
  platformName: string;
  itemType: string;
  itemId: string;
  name: string;
  description: string;
  url: string | null;
  trialPeriodDays: number;
  /** The platform takes tips and can be paid: "Tip the creator" is offered. */
  tipsEnabled: boolean;
  /** The tip's currency (the item's first tier's). */
  tipCurrency: string;
};

/** Why the page is open, in the buyer's words. */
function unlockedReason(access: AccessCheck): string {
  const sub = access.subscription;
  switch (access.reason) {
    case "admin":
      return "You have access (platform admin)";
    case "no_paywall":
      return "Free to access";
    case "paywall_disabled":
      return "Free while the paywall is off";
    case "active":
      return sub?.is_one_time ? "You have access (lifetime purchase)" : "You have access (active subscription)";
    case "trialing":
      return sub?.trial_end ? `You have access (free trial until ${formatDate(sub.trial_end)})` : "You have access (free trial)";
    case "free":
      return "You have access (free tier)";
    case "grandfathered":
      return "You have access (grandfathered from before the paywall)";
    case "plan":
      return access.plan ? `You have access (included in your ${access.plan.name} plan)` : "You have access (included in your plan)";
    case "rule":
      return access.rule?.ends_at ? `You have access (granted by the platform until ${formatDate(access.rule.ends_at)})` : "You have access (granted by the platform)";
    default:
      return "You have access";
  }
}

/** Why a previous purchase no longer opens the item, if there was one. */
function deniedNotice(access: AccessCheck): ReactNode {
  const text =
    access.reason === "subscription_canceled"
      ? "Your subscription to this item has ended. Choose a plan to get access again."
      : access.reason === "subscription_past_due"
        ? "Your last payment did not go through, so access is paused. Update your payment method in Purchases."
        : access.reason === "subscription_incomplete"
          ? "Your last checkout was not completed. Choose a plan to try again."
          : null;
  if (!text) return null;
  return (
    <p className="rounded-lg border border-warning/40 bg-warning/10 px-3 py-2.5 text-sm">
      {text}{" "}
      {access.reason === "subscription_past_due" && (
        <Link href="/profile?tab=purchases" className="font-medium text-primary underline underline-offset-4">
          Open Purchases
        </Link>
      )}
    </p>
  );
}

function ItemHeader({ item, status }: { item: GatedItem; status?: ReactNode }) {
  return (
    <header className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
        <span>{item.platformName}</span>
        <span aria-hidden>·</span>
        <Badge variant="secondary">{itemTypeLabel(item.itemType)}</Badge>
        {status}
      </div>
      <h1 className="text-3xl font-semibold tracking-tight">{item.name}</h1>
      {item.description && <p className="max-w-3xl text-muted-foreground">{item.description}</p>}
    </header>
  );
}

/** Stand-in for the item's content; shown sharp when unlocked and blurred behind the paywall. */
function ItemContent({ item, locked }: { item: GatedItem; locked: boolean }) {
  const sections = ["Overview", "Getting started", "Core material", "Practice", "Wrap-up"];
  return (
    <section aria-label={`${item.name} content`} className="rounded-xl border bg-card p-6 shadow-sm">
      <h2 className="text-lg font-semibold">What&apos;s inside</h2>
      <ol className="mt-4 divide-y">
        {sections.map((title, i) => (
          <li key={title} className="flex items-center gap-4 py-3">
            <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-primary/10 text-sm font-medium text-primary">{i + 1}</span>
            <div className="min-w-0 flex-1">
              <p className="font-medium">{title}</p>
              <p className="text-sm text-muted-foreground">
                {item.name} — part {i + 1} of {sections.length}
              </p>
            </div>
            {!locked && <LockOpenIcon aria-hidden className="size-4 text-success" />}
          </li>
        ))}
      </ol>
      {!locked && item.url && (
        <Button asChild className="bg-brand-gradient mt-6 text-white hover:opacity-90">
          <a href={item.url}>
            Open {itemTypeLabel(item.itemType).toLowerCase()}
            <ExternalLinkIcon aria-hidden />
          </a>
        </Button>
      )}
    </section>
  );
}

function LoadingState() {
  return (
    <div className="space-y-6" aria-busy="true" aria-label="Checking your access">
      <div className="space-y-3">
        <Skeleton className="h-4 w-40" />
        <Skeleton className="h-9 w-2/3" />
        <Skeleton className="h-4 w-full max-w-2xl" />
      </div>
      <Skeleton className="h-12 w-full max-w-md" />
      <Skeleton className="h-72 w-full rounded-xl" />
    </div>
  );
}

function ErrorState({ error, onRetry, item }: { error: unknown; onRetry: () => void; item: GatedItem }) {
  const status = error instanceof ApiRequestError ? error.status : 0;
  const here = `/p/${encodeURIComponent(item.platformKey)}/items/${item.itemType}/${encodeURIComponent(item.itemId)}`;
  return (
    <div role="alert" className="flex flex-col items-start gap-3 rounded-xl border border-destructive/30 bg-destructive/5 p-6">
      <p className="flex items-center gap-2 font-medium text-destructive">
        <CircleAlertIcon aria-hidden className="size-4" />
        {status === 401 ? "Your session has ended." : status === 404 ? "This item could not be found." : "We could not check your access to this item."}
      </p>
      <p className="text-sm text-muted-foreground">
        {status === 401
          ? "Sign in again to continue."
          : status === 404
            ? "It may have been removed from the catalog."
            : error instanceof Error
              ? error.message
              : "Something went wrong."}
      </p>
      {status === 401 ? (
        <Button asChild size="sm">
          <Link href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`}>Sign in</Link>
        </Button>
      ) : status !== 404 ? (
        <Button size="sm" variant="outline" onClick={onRetry}>
          <RefreshCwIcon aria-hidden />
          Try again
        </Button>
      ) : null}
    </div>
  );
}

function ItemTip({ item, className }: { item: GatedItem; className?: string }) {
  return (
    <TipButton
      platformKey={item.platformKey}
      itemType={item.itemType}
      itemId={item.itemId}
      creatorName={item.platformName}
      currency={item.tipCurrency}
      // the item page is for signed-in people only: the receipt goes to the session's address
      signedIn
      className={className}
    />
  );
}

/**
 * `payPerUse`: the item can also be used for credits (an agent with a chat model), so its tiers are
 * an offer the buyer opens, not a paywall that blocks the page.
 */
export function ItemAccessGate({ item, payPerUse = false }: { item: GatedItem; payPerUse?: boolean }) {
  const access = useAccessCheck(item.platformKey, item.itemType, item.itemId);
  const [plansOpen, setPlansOpen] = useState(false);

  if (access.isPending) return <LoadingState />;
  if (access.isError) {
    return (
      <div className="space-y-6">
        <ItemHeader item={item} />
        <ErrorState error={access.error} onRetry={() => access.refetch()} item={item} />
      </div>
    );
  }

  const data = access.data;
  if (data.has_access) {
    return (
      <div className="space-y-6">
        <ItemHeader
          item={item}
          status={
            <Badge variant="success">
              <LockOpenIcon aria-hidden />
              Unlocked
            </Badge>
          }
        />
        <p role="status" className="flex w-fit items-center gap-2 rounded-lg border border-success/30 bg-success/10 px-3 py-2 text-sm">
          <LockOpenIcon aria-hidden className="size-4 text-success" />
          {unlockedReason(data)}
        </p>
        <ItemContent item={item} locked={false} />
        {item.tipsEnabled && <ItemTip item={item} />}
      </div>
    );
  }

  // an item may be sold only as part of plans, with no tiers of its own
  const purchasable = data.pricing_available && data.pricing && (data.pricing.prices.length > 0 || data.plans.length > 0);
  return (
    <div className="space-y-6">
      <ItemHeader
        item={item}
        status={
          <Badge variant="outline">
            <LockIcon aria-hidden />
            Locked
          </Badge>
        }
      />
      <div className="relative">
        {/* a taste of what is behind the paywall, unreadable and out of the tab order */}
        <div aria-hidden inert className="pointer-events-none blur-sm select-none">
          <ItemContent item={item} locked />
        </div>
        {!purchasable && (
          <div className="absolute inset-0 flex items-center justify-center p-4">
            <div role="status" className="max-w-sm rounded-xl border bg-background/95 p-6 text-center shadow-lg">
              <LockIcon aria-hidden className="mx-auto size-6 text-muted-foreground" />
              <p className="mt-3 font-semibold">Not available for purchase right now</p>
              <p className="mt-1 text-sm text-muted-foreground">The seller is not taking payments for this item at the moment. Check back later.</p>
              <Button asChild variant="outline" size="sm" className="mt-4">
                <Link href={`/p/${encodeURIComponent(item.platformKey)}`}>Browse {item.platformName}</Link>
              </Button>
            </div>
          </div>
        )}
      </div>
      {purchasable && payPerUse && (
        <div role="note" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border p-4 text-sm">
          <p>Subscribe for unlimited access, or chat below and pay per use with credits.</p>
          <Button size="sm" onClick={() => setPlansOpen(true)}>
            See plans
          </Button>
        </div>
      )}
      {purchasable && data.pricing && payPerUse && (
        <PaywallModal
          pricing={data.pricing}
          platformKey={item.platformKey}
          itemId={item.itemId}
          itemType={item.itemType}
          open={plansOpen}
          onClose={() => setPlansOpen(false)}
          trialPeriodDays={item.trialPeriodDays}
          notice={deniedNotice(data)}
          plans={data.plans}
        />
      )}
      {purchasable && data.pricing && !payPerUse && (
        <PaywallModal
          pricing={data.pricing}
          platformKey={item.platformKey}
          itemId={item.itemId}
          itemType={item.itemType}
          open
          onClose={() => {}}
          closable={false}
          trialPeriodDays={item.trialPeriodDays}
          notice={deniedNotice(data)}
          plans={data.plans}
          footer={item.tipsEnabled ? <ItemTip item={item} className="border-t pt-4" /> : undefined}
          // a hard paywall cannot be closed; leaving the item is always possible
          back={{ href: `/p/${encodeURIComponent(item.platformKey)}`, label: `Back to ${item.platformName}` }}
        />
      )}
    </div>
  );
}
