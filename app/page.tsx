import Link from "next/link";
import { currentViewer } from "@/lib/auth/session";
import { DEMO_PASSWORD } from "@/lib/db/seed";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { workingDemoAccounts } from "@/lib/demo/demo-accounts";

export const dynamic = "force-dynamic";

const features = [
  { title: "Paywalls per item", text: "Put any agent, course, program, pathway or custom item behind a paywall with monthly, yearly or one-time tiers." },
  { title: "Paid into your Stripe", text: "Buyers pay through Stripe Checkout into your own Connect Express account; the operator's commission is taken at source." },
  { title: "Share links for guests", text: "Sell to people without an account: they pay with their e-mail and find the purchase when they sign in." },
  { title: "A ledger you can trust", text: "Every charge, refund and dispute is an append-only ledger row that the revenue figures are built from." },
];

// what a new creator actually does, in order; the operator step is the one people miss
const steps = [
  { title: "Sign in", text: "With a password, or with a sign-in link sent to your e-mail where this deployment sends mail." },
  {
    title: "Get a platform",
    text: "The operator who runs this Tollgate deployment creates your platform in the operator console, adds you as its owner and turns on monetization. Ask them; there is no self-service sign-up.",
  },
  { title: "Connect Stripe", text: "In Account → Monetization, the owner connects a Stripe Express account and finishes Stripe's onboarding." },
  { title: "Set up paywalls", text: "Pick an item, add pricing tiers, then share its buy link or let members meet the paywall on the item page." },
];

type Viewer = NonNullable<Awaited<ReturnType<typeof currentViewer>>>;

/** The next step for this viewer, truthfully: only owners and admins of a switched-on platform can sell now. */
function nextStep(viewer: Viewer | null): { text: string; href: string; label: string } {
  if (!viewer) return { text: "Start with step 1.", href: "/sign-in", label: "Sign in" };
  if (viewer.user.isOperator) return { text: "You run this deployment: create platforms and switch monetization on for them.", href: "/operator", label: "Open the operator console" };
  const p = viewer.platform;
  if (!p) return { text: "You are signed in but not on a platform yet: ask the operator for one (step 2).", href: "/profile?tab=purchases", label: "See your purchases" };
  if (p.role !== "owner" && p.role !== "admin") return { text: `You are a member of ${p.name}; its owner sets up selling.`, href: "/profile?tab=purchases", label: "See your purchases" };
  if (!p.enable_monetization) return { text: `Monetization is off for ${p.name}: the operator turns it on (step 2).`, href: "/account?profileTab=monetization", label: "Open Monetization" };
  return { text: `${p.name} can sell: connect Stripe and set up paywalls.`, href: "/account?profileTab=monetization", label: "Open Monetization" };
}

export default async function HomePage() {
  const [viewer, demoAccounts] = await Promise.all([currentViewer(), workingDemoAccounts()]);
  const next = nextStep(viewer);
  return (
    <div className="space-y-10">
      <section className="bg-brand-gradient rounded-2xl px-8 py-12 text-white">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">Sell what you teach.</h1>
        <p className="mt-3 max-w-2xl text-white">
          Tollgate lets platforms sell AI agents, courses, programs and pathways behind paywalls, paid through Stripe Connect.
        </p>
        <div className="mt-6 flex flex-wrap gap-3">
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
          <Button asChild variant="outline" className="bg-transparent text-white hover:bg-white/10 hover:text-white">
            <Link href="#start-selling">How to start selling</Link>
          </Button>
        </div>
      </section>
      {viewer && (
        <p className="text-sm text-muted-foreground">
          Signed in as <strong className="text-foreground">{viewer.user.email}</strong>
          {viewer.platform ? <> on <strong className="text-foreground">{viewer.platform.name}</strong></> : null}.
        </p>
      )}

      <section id="start-selling" aria-labelledby="start-selling-heading" className="scroll-mt-20 space-y-4">
        <h2 id="start-selling-heading" className="text-xl font-semibold tracking-tight">Start selling</h2>
        <ol className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {steps.map((s, i) => (
            <li key={s.title} className="rounded-xl border bg-card p-5 shadow-sm">
              <p className="flex items-center gap-2 font-medium">
                <span aria-hidden className="flex size-6 items-center justify-center rounded-full bg-primary text-xs text-primary-foreground">{i + 1}</span>
                {s.title}
              </p>
              <p className="mt-2 text-sm text-muted-foreground">{s.text}</p>
            </li>
          ))}
        </ol>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <p>{next.text}</p>
          <Button asChild size="sm"><Link href={next.href}>{next.label}</Link></Button>
        </div>
      </section>

      {demoAccounts.length > 0 && (
        <section aria-labelledby="demo-heading" className="space-y-3 rounded-xl border bg-surface p-5" data-testid="demo-accounts">
          <div>
            <h2 id="demo-heading" className="text-lg font-semibold">Demo accounts</h2>
            <p className="text-sm text-muted-foreground">
              This deployment has the demo data. Every demo account&apos;s password is <code className="rounded bg-muted px-1 py-0.5 font-mono text-foreground">{DEMO_PASSWORD}</code>.{" "}
              {!viewer && (
                <Link href="/sign-in" className="font-medium text-primary underline underline-offset-4">
                  Sign in with one
                </Link>
              )}
            </p>
          </div>
          <ul className="grid gap-2 sm:grid-cols-2">
            {demoAccounts.map((a) => (
              <li key={a.email} className="flex flex-col rounded-lg border bg-background px-3 py-2 text-sm">
                <span className="font-mono font-medium">{a.email}</span>
                <span className="text-muted-foreground">{a.role}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="grid gap-4 sm:grid-cols-2" aria-label="What Tollgate does">
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
