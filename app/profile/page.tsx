import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentViewer } from "@/lib/auth/session";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ProfileTabs } from "@/components/profile/profile-tabs";

export const metadata: Metadata = { title: "Profile" };
export const dynamic = "force-dynamic";

const roleLabel = { owner: "Owner", admin: "Admin", member: "Member", operator: "Operator" } as const;

export default async function ProfilePage({ searchParams }: { searchParams: Promise<{ tab?: string }> }) {
  const viewer = await currentViewer();
  const { tab } = await searchParams;
  if (!viewer) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/profile${tab ? `?tab=${tab}` : ""}`)}`);
  const { user, platforms } = viewer;
  const overview = (
      <Card>
        <CardHeader>
          <CardTitle>{user.name ?? user.email}</CardTitle>
          <CardDescription>{user.email}</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          {user.isOperator && <Badge variant="info">Operator</Badge>}
          <div>
            <h2 className="mb-2 text-sm font-medium">Platforms</h2>
            {platforms.length === 0 ? (
              <p className="text-sm text-muted-foreground">
                You are not a member of any platform. Things you bought are under{" "}
                <Link href="/profile?tab=purchases" className="text-primary underline underline-offset-4">Purchases</Link>.
              </p>
            ) : (
              <ul className="divide-y rounded-md border">
                {platforms.map((p) => (
                  <li key={p.key} className="flex items-center justify-between px-3 py-2 text-sm">
                    <span>{p.name} <span className="text-muted-foreground">({p.key})</span></span>
                    <Badge variant="outline">{roleLabel[p.role]}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </CardContent>
      </Card>
  );
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Profile</h1>
      <ProfileTabs tab={tab} overview={overview} />
    </div>
  );
}
