import type { Metadata } from "next";
import { cache } from "react";
import { notFound } from "next/navigation";
import { CheckIcon, LayersIcon, LockIcon } from "lucide-react";
import { currentUser } from "@/lib/auth/session";
import { loadBuyPage } from "@/lib/checkout/buy-page";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { Badge } from "@/components/ui/badge";
import { BuyCheckout } from "@/components/checkout/buy-checkout";
import { PlanOffers } from "@/components/checkout/plan-offers";

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
  // a plan's page sells a bundle: it says what the bundle opens
  const isPlan = data.planItems !== null;

  return (
    <div className="mx-auto max-w-5xl space-y-8">
      <section className="bg-brand-gradient rounded-2xl px-6 py-8 text-white sm:px-10 sm:py-10">
        <div className="flex flex-wrap items-center gap-2 text-sm text-white">
          <span>{data.platform.name}</span>
          <Badge variant="outline" className="border-white/70 bg-transparent text-white">
            {isPlan ? (
              <>
                <LayersIcon aria-hidden /> Plan
              </>
            ) : (
              itemTypeLabel(data.itemType)
            )}
          </Badge>
        </div>
        <h1 className="mt-3 text-3xl font-semibold tracking-tight sm:text-4xl">{data.itemName}</h1>
        {data.description && <p className="mt-3 max-w-2xl text-white">{data.description}</p>}
        {isPlan && <PlanIncludes items={data.planItems ?? []} coversAllItems={data.coversAllItems} platformName={data.platform.name} />}
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
          isPlan={isPlan}
          plans={data.plans}
          tipsEnabled={data.tipsEnabled}
          platformName={data.platform.name}
        />
      ) : (
        <div role="status" className="mx-auto flex max-w-md flex-col items-center gap-3 rounded-xl border bg-card p-8 text-center shadow-sm">
          <LockIcon aria-hidden className="size-6 text-muted-foreground" />
          <p className="font-semibold">This {isPlan ? "plan" : "item"} is not available for purchase right now.</p>
          {data.plans.length > 0 ? (
            <>
              <p className="text-sm text-muted-foreground">It comes with a plan instead.</p>
              <PlanOffers plans={data.plans} className="w-full text-left" />
            </>
          ) : (
            <p className="text-sm text-muted-foreground">The seller is not taking payments for it at the moment. Check back later.</p>
          )}
        </div>
      )}
    </div>
  );
}

/** What a plan opens: its items, or every item of the platform (present and future). */
function PlanIncludes({ items, coversAllItems, platformName }: { items: { item_type: string; item_id: string; name: string }[]; coversAllItems: boolean; platformName: string }) {
  if (coversAllItems) {
    return (
      <p className="mt-4 flex items-center gap-2 font-medium text-white" data-testid="plan-includes">
        <CheckIcon aria-hidden className="size-4 shrink-0" />
        Every item on {platformName}, including new ones as they are added
      </p>
    );
  }
  if (!items.length) return null;
  return (
    <div className="mt-4" data-testid="plan-includes">
      <p className="text-sm font-medium text-white">Includes:</p>
      <ul className="mt-2 grid gap-1.5 sm:grid-cols-2" aria-label="Included items">
        {items.map((item) => (
          <li key={`${item.item_type}/${item.item_id}`} className="flex min-w-0 items-start gap-2 text-white">
            <CheckIcon aria-hidden className="mt-1 size-4 shrink-0" />
            <span className="min-w-0 break-words">
              {item.name} <span className="text-sm">· {itemTypeLabel(item.item_type)}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
