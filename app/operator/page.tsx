import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { listPlatforms } from "@/lib/platforms/platform-admin";
import { OperatorConsole } from "@/components/operator/operator-console";

export const metadata: Metadata = { title: "Operator" };
export const dynamic = "force-dynamic";

export default async function OperatorPage() {
  const user = await currentUser();
  if (!user) redirect("/sign-in?callbackUrl=/operator");
  if (!user.isOperator) notFound();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Operator</h1>
        <p className="text-sm text-muted-foreground">Platforms on this deployment, their flags, commission and members.</p>
      </div>
      <OperatorConsole initialPlatforms={await listPlatforms()} />
    </div>
  );
}
