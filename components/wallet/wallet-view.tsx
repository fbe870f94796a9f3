"use client";

import { useState } from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { CheckCircle2, Coins, History, ShieldCheck } from "lucide-react";
import { toast } from "sonner";
import { EmptyState, LoadError } from "@/components/monetization/shared/list-states";
import { TextField } from "@/components/monetization/shared/text-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatMoney } from "@/lib/format/format";
import { useCreditPacks, useTopUp } from "@/lib/queries/credit-packs";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { creditsInMoney, useMyWallet, useMyWalletEntries, usePollMyWallet, useUpdateMyCaps, type MyWallet } from "./wallet-hooks";
import { ENTRY_KIND_LABEL } from "./entry-kind-label";

/** The signed-in buyer's wallet on one platform: balance, packs to buy, history and own caps. */
export function WalletView({ platformKey, platformName }: { platformKey: string; platformName: string }) {
  const params = useSearchParams();
  const toppedUp = params.get("topped_up");
  const wallet = useMyWallet(platformKey);
  usePollMyWallet(platformKey, !!toppedUp);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Your credits on {platformName}</h1>
        <p className="text-sm text-muted-foreground">Credits pay for agent chats and metered use on this platform.</p>
      </div>
      {toppedUp && (
        <p role="status" data-testid="topped-up" className="flex w-fit items-center gap-2 rounded-lg border border-success/30 bg-success/10 px-3 py-2 text-sm">
          <CheckCircle2 aria-hidden className="size-4 text-success" />
          Thanks! Your payment went through; the credits appear here as soon as it is confirmed.
        </p>
      )}
      <BalanceCard wallet={wallet} />
      <PacksCard platformKey={platformKey} />
      {wallet.data && <CapsCard platformKey={platformKey} wallet={wallet.data} />}
      <HistoryCard platformKey={platformKey} />
      <p className="text-sm">
        <Link className="underline underline-offset-4" href={`/p/${encodeURIComponent(platformKey)}`}>
          Back to {platformName}
        </Link>
      </p>
    </div>
  );
}

function BalanceCard({ wallet }: { wallet: ReturnType<typeof useMyWallet> }) {
  return (
    <Card data-testid="wallet-balance">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Coins aria-hidden className="size-5" /> Balance
        </CardTitle>
      </CardHeader>
      <CardContent>
        {wallet.isPending && <Skeleton className="h-10 w-40" />}
        {wallet.isError && <LoadError message={`Could not load your wallet: ${wallet.error.message}`} onRetry={() => wallet.refetch()} />}
        {wallet.data && (
          <div className="space-y-1">
            <p className="text-3xl font-semibold tabular-nums">
              <span data-testid="wallet-balance-credits">{wallet.data.balance.toLocaleString("en-US")}</span> credits
            </p>
            <p className="text-sm text-muted-foreground">
              Worth {creditsInMoney(wallet.data.balance, wallet.data.credit_unit_micros, wallet.data.currency)} · used today {wallet.data.period.day_spent}, this month{" "}
              {wallet.data.period.month_spent}
            </p>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function PacksCard({ platformKey }: { platformKey: string }) {
  const packs = useCreditPacks(platformKey);
  const topUp = useTopUp(platformKey);
  const active = (packs.data ?? []).filter((p) => p.is_active);
  return (
    <Card data-testid="credit-packs">
      <CardHeader>
        <CardTitle>Buy credits</CardTitle>
        <CardDescription>Pay once through secure checkout; the credits never expire.</CardDescription>
      </CardHeader>
      <CardContent>
        {packs.isPending && <Skeleton className="h-16 w-full" />}
        {packs.isError && <LoadError message={`Could not load the credit packs: ${packs.error.message}`} onRetry={() => packs.refetch()} />}
        {packs.data && active.length === 0 && (
          <EmptyState icon={Coins} title="No credit packs for sale" hint="The platform sells no credits right now." className="rounded-lg border p-6" />
        )}
        {active.length > 0 && (
          <ul className="grid gap-3 sm:grid-cols-2">
            {active.map((pack) => (
              <li key={pack.id} className="flex items-center justify-between gap-3 rounded-lg border p-4">
                <div>
                  <p className="font-medium">{pack.name}</p>
                  <p className="text-sm text-muted-foreground">
                    {pack.credits.toLocaleString("en-US")} credits · {formatMoney(pack.amount, pack.currency)}
                  </p>
                </div>
                <Button
                  aria-label={`Buy ${pack.name}`}
                  disabled={topUp.isPending}
                  onClick={() =>
                    topUp.mutate(
                      { pack_id: pack.id },
                      {
                        onSuccess: (started) => {
                          window.location.assign(started.checkout_url);
                        },
                        onError: (e) => toast.error(`Could not start the checkout: ${e.message}`),
                      },
                    )
                  }
                >
                  Buy
                </Button>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

/** The server's messages for one field of a failed save. */
const fieldErrors = (e: Error | null, field: string) => (e instanceof ApiRequestError ? e.errors[field]?.map((message) => ({ message })) : undefined);

function parseCap(value: string): number | null | "invalid" {
  const v = value.trim();
  if (v === "") return null;
  if (!/^\d+$/.test(v)) return "invalid";
  return Number(v);
}

function CapsCard({ platformKey, wallet }: { platformKey: string; wallet: MyWallet }) {
  const update = useUpdateMyCaps(platformKey);
  const [daily, setDaily] = useState(wallet.caps.user_daily_cap?.toString() ?? "");
  const [monthly, setMonthly] = useState(wallet.caps.user_monthly_cap?.toString() ?? "");
  const d = parseCap(daily);
  const m = parseCap(monthly);
  const capText = (n: number | null) => (n === null ? "no limit" : `${n.toLocaleString("en-US")} credits`);
  return (
    <Card data-testid="wallet-caps">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <ShieldCheck aria-hidden className="size-5" /> Spending limits
        </CardTitle>
        <CardDescription>
          In force now: {capText(wallet.caps.effective_daily)} a day, {capText(wallet.caps.effective_monthly)} a month. You can set lower limits of your own.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            if (d === "invalid" || m === "invalid") return;
            update.mutate(
              { user_daily_cap: d, user_monthly_cap: m },
              { onSuccess: () => toast.success("Spending limits saved"), onError: (err) => toast.error(`Could not save: ${err.message}`) },
            );
          }}
        >
          <TextField
            id="wallet-daily-cap"
            label="My daily limit (credits)"
            inputMode="numeric"
            placeholder="No limit"
            value={daily}
            onValueChange={setDaily}
            invalid={d === "invalid" || !!fieldErrors(update.error, "user_daily_cap")}
            errors={d === "invalid" ? [{ message: "Enter a whole number or leave empty." }] : fieldErrors(update.error, "user_daily_cap")}
          />
          <TextField
            id="wallet-monthly-cap"
            label="My monthly limit (credits)"
            inputMode="numeric"
            placeholder="No limit"
            value={monthly}
            onValueChange={setMonthly}
            invalid={m === "invalid" || !!fieldErrors(update.error, "user_monthly_cap")}
            errors={m === "invalid" ? [{ message: "Enter a whole number or leave empty." }] : fieldErrors(update.error, "user_monthly_cap")}
          />
          <Button type="submit" disabled={update.isPending || d === "invalid" || m === "invalid"}>
            Save limits
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}

function HistoryCard({ platformKey }: { platformKey: string }) {
  const [page, setPage] = useState(1);
  const entries = useMyWalletEntries(platformKey, page);
  return (
    <Card data-testid="wallet-history">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <History aria-hidden className="size-5" /> Usage history
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-3">
        {entries.isPending && <Skeleton className="h-24 w-full" />}
        {entries.isError && <LoadError message={`Could not load the history: ${entries.error.message}`} onRetry={() => entries.refetch()} />}
        {entries.data && entries.data.results.length === 0 && (
          <EmptyState icon={History} title="Nothing yet" hint="Top-ups and usage appear here." className="rounded-lg border p-6" />
        )}
        {entries.data && entries.data.results.length > 0 && (
          <>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>What</TableHead>
                  <TableHead className="text-right">Credits</TableHead>
                  <TableHead className="text-right">Balance</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {entries.data.results.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell className="whitespace-nowrap">{formatDateTime(e.created_at)}</TableCell>
                    <TableCell>
                      {ENTRY_KIND_LABEL[e.kind] ?? e.kind}
                      {e.reason ? ` · ${e.reason}` : ""}
                      {e.item_id ? ` · ${e.item_id}` : ""}
                    </TableCell>
                    <TableCell className={`text-right tabular-nums ${e.amount < 0 ? "" : "text-success"}`}>
                      {e.amount > 0 ? `+${e.amount}` : e.amount}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{e.balance_after}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <nav aria-label="History pages" className="flex items-center justify-between gap-2 text-sm">
              <Button variant="outline" size="sm" disabled={!entries.data.previous_page} onClick={() => setPage(entries.data.previous_page ?? 1)}>
                Previous
              </Button>
              <span className="text-muted-foreground">
                Page {page} · {entries.data.count} entries
              </span>
              <Button variant="outline" size="sm" disabled={!entries.data.next_page} onClick={() => setPage(entries.data.next_page ?? page)}>
                Next
              </Button>
            </nav>
          </>
        )}
      </CardContent>
    </Card>
  );
}
