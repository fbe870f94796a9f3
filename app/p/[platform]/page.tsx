import type { Metadata } from "next";
import { cache } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LayersIcon, LockIcon, LockOpenIcon, PackageOpenIcon } from "lucide-react";
import { currentUser } from "@/lib/auth/session";
import { formatPriceWithInterval } from "@/lib/format/format";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { loadPlatformCatalog, type CatalogEntry, type CatalogPlan } from "@/lib/catalog/platform-catalog";

export const dynamic = "force-dynamic";

type Params = { platform: string };

function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// metadata and page share one session read and one load per request
const viewer = cache(currentUser);
const load = cache(async (platformKey: string) => loadPlatformCatalog(platformKey, await viewer()));

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const catalog = await load(segment((await params).platform));
  return { title: catalog ? catalog.name : "Platform not found" };
}

function LockBadge({ entry }: { entry: CatalogEntry }) {
  switch (entry.lock) {
    case "unlocked":
      return (
        <Badge variant="success">
          <LockOpenIcon aria-hidden /> Unlocked
        </Badge>
      );
    case "locked":
      return (
        <Badge variant="outline">
          <LockIcon aria-hidden /> Locked
        </Badge>
      );
    case "unavailable":
      return (
        <Badge variant="secondary">
          <LockIcon aria-hidden /> Not on sale
        </Badge>
      );
    default:
      return <Badge variant="secondary">Free</Badge>;
  }
}

function PriceLine({ entry }: { entry: CatalogEntry }) {
  if (entry.lock === "free") return <p className="text-sm text-muted-foreground">Free to open</p>;
  if (!entry.lowest.length) return <p className="text-sm text-muted-foreground">Not available for purchase right now</p>;
  return (
    <p className="text-sm">
      <span className="text-muted-foreground">From </span>
      <span className="font-medium tabular-nums">{entry.lowest.map((p) => formatPriceWithInterval(p)).join(" · ")}</span>
    </p>
  );
}

/** Plans on sale: several items (or all of them) for one price, each with its buy page. */
function PlanList({ plans, platformName }: { plans: CatalogPlan[]; platformName: string }) {
  if (!plans.length) return null;
  return (
    <section aria-labelledby="catalog-plans" className="space-y-3">
      <h2 id="catalog-plans" className="flex items-center gap-2 text-xl font-semibold tracking-tight">
        <LayersIcon aria-hidden className="size-5 text-primary" />
        Plans
      </h2>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={`${platformName} plans`}>
        {plans.map((plan) => (
          <li key={plan.id} data-testid="catalog-plan">
            <article className="flex h-full flex-col gap-3 rounded-xl border border-primary/40 bg-card p-5 shadow-sm">
              <Badge variant="info">{plan.coversAllItems ? "Every item" : "Bundle"}</Badge>
              <h3 className="text-lg leading-tight font-semibold">
                <Link href={plan.buyHref} className="hover:underline">
                  {plan.name}
                </Link>
              </h3>
              {plan.description && <p className="line-clamp-3 text-sm text-muted-foreground">{plan.description}</p>}
              <div className="mt-auto space-y-3 pt-2">
                {plan.lowest.length > 0 && (
                  <p className="text-sm">
                    <span className="text-muted-foreground">From </span>
                    <span className="font-medium tabular-nums">{plan.lowest.map((p) => formatPriceWithInterval(p)).join(" · ")}</span>
                  </p>
                )}
                <Button asChild size="sm" className="bg-brand-gradient text-white hover:opacity-90">
                  <Link href={plan.buyHref} aria-label={`See ${plan.name}`}>
                    See plan
                  </Link>
                </Button>
              </div>
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default async function PlatformCatalogPage({ params }: { params: Promise<Params> }) {
  const platformKey = segment((await params).platform);
  const [catalog, user] = await Promise.all([load(platformKey), viewer()]);
  if (!catalog) notFound();

  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <p className="text-sm text-muted-foreground">Catalog</p>
        <h1 className="text-3xl font-semibold tracking-tight">{catalog.name}</h1>
        <p className="max-w-2xl text-muted-foreground">
          {user
            ? "Everything this platform offers. Locked items show their lowest price; open one to see every plan."
            : "Everything this platform offers. Sign in to open an item, or buy a locked one with just your e-mail."}
        </p>
      </header>

      <PlanList plans={catalog.plans} platformName={catalog.name} />

      {catalog.entries.length === 0 ? (
        <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed p-8 text-center text-sm text-muted-foreground">
          <PackageOpenIcon aria-hidden className="size-5" />
          <p className="font-medium text-foreground">Nothing here yet</p>
          <p>This platform has not published any items.</p>
        </div>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={`${catalog.name} items`}>
          {catalog.entries.map((entry) => (
            <li key={`${entry.itemType}/${entry.itemId}`} data-testid="catalog-entry" data-lock={entry.lock}>
              <article className="flex h-full flex-col gap-3 rounded-xl border bg-card p-5 shadow-sm">
                <div className="flex flex-wrap items-center gap-2">
                  <Badge variant="outline">{itemTypeLabel(entry.itemType)}</Badge>
                  <LockBadge entry={entry} />
                </div>
                <h2 className="text-lg leading-tight font-semibold">
                  <Link href={entry.href} className="hover:underline">
                    {entry.name}
                  </Link>
                </h2>
                {entry.description && <p className="line-clamp-3 text-sm text-muted-foreground">{entry.description}</p>}
                <div className="mt-auto space-y-3 pt-2">
                  <PriceLine entry={entry} />
                  <div className="flex flex-wrap gap-2">
                    <Button asChild size="sm" variant={entry.lock === "locked" ? "outline" : "default"}>
                      <Link href={entry.href} aria-label={`Open ${entry.name}`}>Open</Link>
                    </Button>
                    {entry.lock === "locked" && entry.buyHref && (
                      <Button asChild size="sm" className="bg-brand-gradient text-white hover:opacity-90">
                        <Link href={entry.buyHref} aria-label={`See plans for ${entry.name}`}>See plans</Link>
                      </Button>
                    )}
                  </div>
                </div>
              </article>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
