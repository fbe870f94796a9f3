import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentViewer } from "@/lib/auth/session";
import { AccountTabs } from "@/components/account/account-tabs";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ profileTab?: string }> }) {
  const viewer = await currentViewer();
  if (!viewer) redirect("/sign-in?callbackUrl=/account");
  const { profileTab } = await searchParams;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        <p className="text-sm text-muted-foreground">{viewer.platform ? viewer.platform.name : "No platform yet"}</p>
      </div>
      <AccountTabs
        tab={profileTab}
        platforms={viewer.platforms.map((p) => ({ key: p.key, name: p.name }))}
        currentPlatformKey={viewer.platform?.key ?? null}
        monetizationPlatformKey={
          viewer.platform?.enable_monetization && ["owner", "admin", "operator"].includes(viewer.platform.role) ? viewer.platform.key : null
        }
        monetizationOff={!viewer.platform ? { reason: "no_platform" } : !["owner", "admin", "operator"].includes(viewer.platform.role) ? { reason: "not_admin", platformName: viewer.platform.name } : viewer.platform.enable_monetization ? null : { reason: "flag_off", platformName: viewer.platform.name, viewerIsOperator: viewer.user.isOperator }}
      />
    </div>
  );
}
