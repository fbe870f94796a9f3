import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { db } from "@/lib/db";
import { currentUser } from "@/lib/auth/session";
import { WalletView } from "@/components/wallet/wallet-view";

export const dynamic = "force-dynamic";

type Params = { platform: string };

function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export const metadata: Metadata = { title: "Your credits" };

/** The buyer's wallet on one platform: where the top-up link of an agent chat leads. */
export default async function WalletPage({ params }: { params: Promise<Params> }) {
  const platformKey = segment((await params).platform);
  const user = await currentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/p/${encodeURIComponent(platformKey)}/wallet`)}`);
  const platform = await db.platform.findUnique({ where: { key: platformKey }, select: { key: true, name: true } });
  if (!platform) notFound();
  return <WalletView platformKey={platform.key} platformName={platform.name} />;
}
