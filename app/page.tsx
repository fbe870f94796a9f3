import Link from "next/link";
import { currentViewer } from "@/lib/auth/session";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const dynamic = "force-dynamic";

const features = [
  { title: "Paywalls per item", text: "Put any agent, course, program, pathway or custom item behind a paywall with monthly, yearly or one-time tiers." },
  { title: "Paid into your Stripe", text: "Buyers pay through Stripe Checkout into your own Connect Express account; the operator's commission is taken at source." },
  { title: "Share links for guests", text: "Sell to people without an account: they pay with their e-mail and find the purchase when they sign in." },
  { title: "A ledger you can trust", text: "Every charge, refund and dispute is an append-only ledger row that the revenue figures are built from." },
];

export default async function HomePage() {
  const viewer = await currentViewer();
  return (
    <div className="space-y-10">
      <section className="bg-brand-gradient rounded-2xl px-8 py-12 text-white">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Sell what you teach.</h1>
        <p className="mt-3 max-w-2xl text-white/90">
          Tollgate lets platforms sell AI agents, courses, programs and pathways behind paywalls, paid through Stripe Connect.
        </p>
        <div className="mt-6 flex gap-3">
          {viewer ? (
            <>
              <Button asChild variant="secondary"><Link href="/account">Open your account</Link></Button>
              {viewer.user.isOperator && (
                <Button asChild variant="outline" className="bg-transparent text-white hover:bg-white/10 hover:text-white">
                  <Link href="/operator">Operator console</Link>
                </Button>
              )}
            </>
          ) : (
            <Button asChild variant="secondary"><Link href="/sign-in">Sign in</Link></Button>
          )}
        </div>
      </section>
      {viewer && (
        <p className="text-sm text-muted-foreground">
          Signed in as <strong className="text-foreground">{viewer.user.email}</strong>
          {viewer.platform ? <> on <strong className="text-foreground">{viewer.platform.name}</strong></> : null}.
        </p>
      )}
      <section className="grid gap-4 sm:grid-cols-2">
        {features.map((f) => (
          <Card key={f.title}>
            <CardHeader>
              <CardTitle>{f.title}</CardTitle>
              <CardDescription>{f.text}</CardDescription>
            </CardHeader>
          </Card>
        ))}
      </section>
    </div>
  );
}
