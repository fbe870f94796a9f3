"use client";

import { useEffect, useRef, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ExternalLink, Unplug } from "lucide-react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import type { OnboardRequest } from "@/lib/connect/connect-schema";
import { requirementLabels } from "@/lib/connect/requirement-labels";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import {
  useConnectStatus,
  useDashboardLink,
  useDisconnect,
  useRefreshOnboarding,
  useStartOnboarding,
  type ConnectStatus,
} from "@/lib/queries/connect";

type BusinessType = NonNullable<OnboardRequest["business_type"]>;

// the account changed elsewhere (another tab, a webhook) since the card was drawn
const STATE_MOVED = new Set(["already_connected", "not_connected", "onboarding_complete"]);

/** Where Stripe sends the owner back: this tab, with a marker saying why. */
function returnUrls() {
  const make = (marker: string) => {
    const url = new URL(window.location.href);
    url.searchParams.set("profileTab", "monetization");
    url.searchParams.set("connect", marker);
    return url.toString();
  };
  return { return_url: make("return"), refresh_url: make("refresh") };
}

function stateOf(s: ConnectStatus) {
  if (s.is_ready_for_payments) return { badge: <Badge variant="info">Connected</Badge>, text: "Stripe is connected and ready to accept payments." };
  if (s.has_account)
    return {
      badge: <Badge variant="warning">Incomplete</Badge>,
      text: "Stripe account created but onboarding is incomplete. Complete setup to start accepting payments.",
    };
  return { badge: <Badge variant="secondary">Not connected</Badge>, text: "Connect a Stripe account to sell items on this platform." };
}

export function StripeConnectCard({ platformKey }: { platformKey: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const marker = searchParams.get("connect");
  const status = useConnectStatus(platformKey, { refreshFromStripe: marker === "return" });
  const start = useStartOnboarding(platformKey);
  const refresh = useRefreshOnboarding(platformKey);
  const dashboard = useDashboardLink(platformKey);
  const disconnect = useDisconnect(platformKey);
  const [businessType, setBusinessType] = useState<BusinessType>("company");
  const handledMarker = useRef(false);

  function onActionError(e: Error) {
    if (e instanceof ApiRequestError && e.code && STATE_MOVED.has(e.code)) void status.refetch();
    toast.error(e.message);
  }

  // Back from Stripe: drop the marker (keeping profileTab); an expired link gets a new one.
  useEffect(() => {
    if (!marker || handledMarker.current || !status.data) return;
    handledMarker.current = true;
    const params = new URLSearchParams(searchParams.toString());
    params.delete("connect");
    router.replace(`${pathname}?${params.toString()}`, { scroll: false });
    if (marker === "refresh" && status.data.is_owner && status.data.has_account && !status.data.onboarding_complete) {
      refresh.mutate(returnUrls(), {
        onSuccess: (r) => window.location.assign(r.onboarding_url),
        onError: (e) => toast.error(e.message),
      });
    } else if (marker === "return" && status.data.is_ready_for_payments) {
      toast.success("Stripe is connected.");
    }
  }, [marker, status.data, searchParams, pathname, router, refresh]);

  if (status.isPending) {
    return (
      <Card>
        <CardHeader><Skeleton className="h-6 w-40" /></CardHeader>
        <CardContent><Skeleton className="h-16" /></CardContent>
      </Card>
    );
  }
  if (status.isError) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>Stripe Connect</CardTitle>
          <CardDescription role="alert" className="text-destructive">Could not load the Stripe status: {status.error.message}</CardDescription>
        </CardHeader>
        <CardFooter><Button variant="outline" onClick={() => status.refetch()}>Try again</Button></CardFooter>
      </Card>
    );
  }

  const s = status.data;
  const { badge, text } = stateOf(s);
  const busy = start.isPending || refresh.isPending || dashboard.isPending || disconnect.isPending;

  function connect() {
    start.mutate({ ...returnUrls(), business_type: businessType }, {
      onSuccess: (r) => window.location.assign(r.onboarding_url),
      onError: onActionError,
    });
  }
  function completeSetup() {
    refresh.mutate(returnUrls(), {
      onSuccess: (r) => window.location.assign(r.onboarding_url),
      onError: onActionError,
    });
  }
  function openDashboard() {
    dashboard.mutate(undefined, {
      onSuccess: (r) => window.open(r.dashboard_url, "_blank", "noopener"),
      onError: onActionError,
    });
  }

  return (
    <Card data-testid="stripe-connect-card">
      <CardHeader>
        <CardTitle>Stripe Connect</CardTitle>
        <CardDescription>{text}</CardDescription>
        <CardAction>{badge}</CardAction>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        {s.has_account && (
          <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
            <dt className="text-muted-foreground">Account</dt><dd className="font-mono text-xs">{s.account_id}</dd>
            <dt className="text-muted-foreground">Business type</dt><dd className="capitalize">{s.business_type ?? "—"}</dd>
            <dt className="text-muted-foreground">Charges</dt><dd>{s.charges_enabled ? "Enabled" : "Not yet"}</dd>
            <dt className="text-muted-foreground">Payouts</dt><dd>{s.payouts_enabled ? "Enabled" : "Not yet"}</dd>
          </dl>
        )}
        {s.has_account && !s.is_ready_for_payments && s.requirements_due.length > 0 && (
          <div className="rounded-lg border border-warning bg-warning/10 p-3" data-testid="requirements-due">
            <p className="font-medium">Stripe still needs:</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {requirementLabels(s.requirements_due).map((label) => (
                <li key={label}>{label}</li>
              ))}
            </ul>
            {s.is_owner && <p className="mt-2 text-muted-foreground">Complete Setup takes you back to Stripe to provide them.</p>}
          </div>
        )}
        <div>
          <h3 className="mb-1 font-medium">Commission per sale</h3>
          <ul className="flex flex-wrap gap-2">
            {Object.entries(s.commission_percent).map(([type, pct]) => (
              <li key={type}><Badge variant="outline">{itemTypeLabel(type)}: {pct}%</Badge></li>
            ))}
          </ul>
        </div>
        {!s.is_owner && <p className="text-muted-foreground">Only the platform owner can connect or manage the Stripe account.</p>}
        {s.is_owner && !s.has_account && (
          <fieldset className="space-y-2">
            <legend className="font-medium">Business type</legend>
            <div className="flex gap-4">
              {(["company", "individual"] as const).map((t) => (
                <div key={t} className="flex items-center gap-2">
                  <input
                    type="radio"
                    id={`business-type-${t}`}
                    name="business-type"
                    value={t}
                    checked={businessType === t}
                    onChange={() => setBusinessType(t)}
                    className="accent-primary"
                  />
                  <Label htmlFor={`business-type-${t}`} className="capitalize">{t}</Label>
                </div>
              ))}
            </div>
          </fieldset>
        )}
      </CardContent>
      {s.is_owner && (
        <CardFooter className="flex flex-wrap gap-2">
          {!s.has_account && (
            <Button className="bg-brand-gradient text-white" disabled={busy} onClick={connect}>
              {start.isPending ? "Redirecting…" : "Connect Stripe"}
            </Button>
          )}
          {s.has_account && !s.is_ready_for_payments && (
            <Button disabled={busy} onClick={completeSetup}>{refresh.isPending ? "Redirecting…" : "Complete Setup"}</Button>
          )}
          {s.is_ready_for_payments && (
            <Button disabled={busy} onClick={openDashboard}>
              <ExternalLink /> Stripe Dashboard
            </Button>
          )}
          {s.has_account && (
            <AlertDialog>
              <AlertDialogTrigger asChild>
                <Button variant="outline" disabled={busy}><Unplug /> Disconnect</Button>
              </AlertDialogTrigger>
              <AlertDialogContent>
                <AlertDialogHeader>
                  <AlertDialogTitle>Disconnect Stripe?</AlertDialogTitle>
                  <AlertDialogDescription>
                    Paywalls, prices and subscribers are kept, but nobody can buy until you connect Stripe again.
                  </AlertDialogDescription>
                </AlertDialogHeader>
                <AlertDialogFooter>
                  <AlertDialogCancel>Cancel</AlertDialogCancel>
                  <AlertDialogAction
                    onClick={() =>
                      disconnect.mutate(undefined, {
                        onSuccess: () => toast.success("Stripe disconnected"),
                        onError: onActionError,
                      })
                    }
                  >
                    Disconnect Stripe
                  </AlertDialogAction>
                </AlertDialogFooter>
              </AlertDialogContent>
            </AlertDialog>
          )}
        </CardFooter>
      )}
    </Card>
  );
}
