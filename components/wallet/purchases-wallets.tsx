"use client";

import Link from "next/link";
import { Coins } from "lucide-react";
import { useMyWallets, type MyWalletView } from "@/lib/queries/wallets";
import { ENTRY_KIND_LABEL } from "./entry-kind-label";

/** "Credits" in Purchases: the buyer's wallet on every platform, with its latest usage. */
export function PurchasesWallets() {
  const wallets = useMyWallets();
  const rows = wallets.data?.results ?? [];
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="purchases-credits-heading" className="space-y-2" data-testid="purchases-credits">
      <h3 id="purchases-credits-heading" className="text-base font-semibold">
        Credits
      </h3>
      <ul className="grid gap-2 sm:grid-cols-2">
        {rows.map((w) => (
          <WalletLine key={w.platform.key} wallet={w} />
        ))}
      </ul>
    </section>
  );
}

function WalletLine({ wallet }: { wallet: MyWalletView }) {
  const { key, name } = wallet.platform;
  return (
    <li className="space-y-2 rounded-lg border p-3 text-sm">
      <div className="flex items-center justify-between gap-3">
        <span className="flex items-center gap-2">
          <Coins aria-hidden className="size-4 text-muted-foreground" />
          {name}
          <span className="text-muted-foreground tabular-nums">· {wallet.balance.toLocaleString("en-US")} credits</span>
        </span>
        <Link className="font-medium underline underline-offset-4" href={`/p/${encodeURIComponent(key)}/wallet`}>
          Wallet<span className="sr-only"> on {name}</span>
        </Link>
      </div>
      {wallet.recent_entries.length > 0 && (
        <ul aria-label={`Latest credit activity on ${name}`} className="space-y-1 text-xs text-muted-foreground">
          {wallet.recent_entries.map((e) => (
            <li key={e.id} className="flex justify-between gap-2">
              <span>
                {ENTRY_KIND_LABEL[e.kind] ?? e.kind}
                {e.reason ? ` · ${e.reason}` : ""}
              </span>
              <span className="tabular-nums">
                {e.amount > 0 ? "+" : ""}
                {e.amount.toLocaleString("en-US")}
              </span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
