"use client";

import Link from "next/link";
import { Coins } from "lucide-react";
import { useMyPurchases } from "@/lib/queries/subscriptions";
import { useMyWallet } from "./wallet-hooks";

// No endpoint lists a user's wallets across platforms: the platforms come from the purchases,
// and each wallet is read from that platform's own wallet endpoint.

/** "Credits" in Purchases: the buyer's wallet on every platform they bought on. */
export function PurchasesWallets() {
  const purchases = useMyPurchases({ page: 1, page_size: 100 });
  const platforms = new Map<string, string>();
  for (const p of purchases.data?.results ?? []) platforms.set(p.platform.key, p.platform.name);
  if (platforms.size === 0) return null;
  return (
    <section aria-labelledby="purchases-credits-heading" className="space-y-2" data-testid="purchases-credits">
      <h3 id="purchases-credits-heading" className="text-base font-semibold">
        Credits
      </h3>
      <ul className="grid gap-2 sm:grid-cols-2">
        {[...platforms].map(([key, name]) => (
          <WalletLine key={key} platformKey={key} platformName={name} />
        ))}
      </ul>
    </section>
  );
}

function WalletLine({ platformKey, platformName }: { platformKey: string; platformName: string }) {
  const wallet = useMyWallet(platformKey);
  return (
    <li className="flex items-center justify-between gap-3 rounded-lg border p-3 text-sm">
      <span className="flex items-center gap-2">
        <Coins aria-hidden className="size-4 text-muted-foreground" />
        {platformName}
        {wallet.data && <span className="text-muted-foreground tabular-nums">· {wallet.data.balance.toLocaleString("en-US")} credits</span>}
      </span>
      <Link className="font-medium underline underline-offset-4" href={`/p/${encodeURIComponent(platformKey)}/wallet`}>
        Wallet<span className="sr-only"> on {platformName}</span>
      </Link>
    </li>
  );
}
