import type { Metadata } from "next";
import { cache } from "react";
import { notFound } from "next/navigation";
import { LockIcon } from "lucide-react";
import { currentUser } from "@/lib/auth/session";
import { loadBuyPage } from "@/lib/checkout/buy-page";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { Badge } from "@/components/ui/badge";
import { BuyCheckout } from "@/components/checkout/buy-checkout";

export const dynamic = "force-dynamic";

type Params = { uid: string };

const load = cache(loadBuyPage);

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const data = await load((await params).uid);
  return { title: data ? `Buy ${data.itemName}` : "Not found" };
}

export default async function BuyPage({ params }: { params: Promise<Params> }) {
  const { uid } = await params;
  const [data, user] = await Promise.all([load(uid), currentUser()]);
  if (!data) notFound();

  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <section className="bg-brand-gradient rounded-2xl px-6 py-8 text-white sm:px-10 sm:py-10">
        <div className="flex flex-wrap items-center gap-2 text-sm text-white">
          <span>{data.platform.name}</span>
          <Badge variant="outline" className="border-white/70 bg-transparent text-white">
            {itemTypeLabel(data.itemType)}
          </Badge>
        </div>
        <h1 className="mt-3 text-3xl font-semibold tracking-tight sm:text-4xl">{data.itemName}</h1>
        {data.description && <p className="mt-3 max-w-2xl text-white">{data.description}</p>}
      </section>

      {data.available ? (
        <BuyCheckout
          uniqueId={data.uniqueId}
          platformKey={data.platform.key}
          itemType={data.itemType}
          itemId={data.itemId}
          itemName={data.itemName}
          prices={data.prices}
          trialPeriodDays={data.trialPeriodDays}
          signedInEmail={user?.email ?? null}
        />
      ) : (
        <div role="status" className="mx-auto flex max-w-md flex-col items-center gap-3 rounded-xl border bg-card p-8 text-center shadow-sm">
          <LockIcon aria-hidden className="size-6 text-muted-foreground" />
          <p className="font-semibold">This item is not available for purchase right now.</p>
          <p className="text-sm text-muted-foreground">The seller is not taking payments for it at the moment. Check back later.</p>
        </div>
      )}
    </div>
  );
}
