"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { Coins, Cpu, Package, Trash2, Users } from "lucide-react";
import { toast } from "sonner";
import { EmptyState, LoadError } from "@/components/monetization/shared/list-states";
import { TextField } from "@/components/monetization/shared/text-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChartContainer, ChartLegend, ChartTooltipContent, chartColor } from "@/components/ui/chart";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { decimalToMinor, formatMoney } from "@/lib/format/format";
import { useCreateCreditPack, useCreditPacks, useDeactivateCreditPack } from "@/lib/queries/credit-packs";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { useCreateModelProvider, useDeleteModelProvider, useModelProviders } from "@/lib/queries/model-providers";
import { useCreateModelPrice, useDeleteModelPrice, useModelPrices } from "@/lib/queries/model-prices";
import {
  parseWhole,
  useCreditSettings,
  useCreditsDaily,
  useUpdateCreditSettings,
  useUpdateWalletCaps,
  useWallets,
  type CreditSettings,
  type WalletListItem,
} from "./credits-hooks";

const USED = chartColor(0);
const BOUGHT = chartColor(2);
const GRANTED = chartColor(1);

const errs = (e: Error | null, field: string) => (e instanceof ApiRequestError ? e.errors[field]?.map((message) => ({ message })) : undefined);
const fail = (what: string) => (e: Error) => toast.error(`Could not ${what}: ${e.message}`);

function Section({ title, description, icon: Icon, testId, children }: { title: string; description: string; icon: typeof Coins; testId: string; children: ReactNode }) {
  return (
    <Card data-testid={testId}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Icon aria-hidden className="size-5" />
          <h3>{title}</h3>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">{children}</CardContent>
    </Card>
  );
}

/** The creator's side of usage credits: the credit unit and default caps, packs, models, wallets and use per day. */
export function CreditsPanel({ platformKey }: { platformKey: string }) {
  return (
    <div className="space-y-6" data-testid="credits-panel">
      <SettingsSection pk={platformKey} />
      <PacksSection pk={platformKey} />
      <ProvidersSection pk={platformKey} />
      <PricesSection pk={platformKey} />
      <WalletsSection pk={platformKey} />
      <DailySection pk={platformKey} />
    </div>
  );
}

function SettingsSection({ pk }: { pk: string }) {
  const settings = useCreditSettings(pk);
  return (
    <Section title="Credit settings" description="What one credit is worth, and the spending limits every wallet starts with." icon={Coins} testId="credit-settings">
      {settings.isPending && <Skeleton className="h-24 w-full" />}
      {settings.isError && <LoadError message={`Could not load the credit settings: ${settings.error.message}`} onRetry={() => settings.refetch()} />}
      {settings.data && <SettingsForm pk={pk} settings={settings.data} />}
    </Section>
  );
}

function SettingsForm({ pk, settings }: { pk: string; settings: CreditSettings }) {
  const update = useUpdateCreditSettings(pk);
  const [unit, setUnit] = useState(String(settings.credit_unit_micros));
  const [currency, setCurrency] = useState(settings.credit_currency);
  const [daily, setDaily] = useState(settings.default_daily_cap?.toString() ?? "");
  const [monthly, setMonthly] = useState(settings.default_monthly_cap?.toString() ?? "");
  const u = parseWhole(unit);
  const d = parseWhole(daily);
  const m = parseWhole(monthly);
  const bad = u === "invalid" || u === null || d === "invalid" || m === "invalid";
  function submit(e: FormEvent) {
    e.preventDefault();
    if (bad) return;
    update.mutate(
      { credit_unit_micros: u as number, credit_currency: currency.trim().toLowerCase(), default_daily_cap: d as number | null, default_monthly_cap: m as number | null },
      { onSuccess: () => toast.success("Credit settings saved"), onError: fail("save the credit settings") },
    );
  }
  return (
    <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2">
      <TextField id="credit-unit" label="Micro-units per credit" inputMode="numeric" value={unit} onValueChange={setUnit} invalid={u === "invalid" || u === null} errors={errs(update.error, "credit_unit_micros")}>
        <p className="text-xs text-muted-foreground">10000 = 0.01 {currency.toUpperCase()} per credit.</p>
      </TextField>
      <TextField id="credit-currency" label="Currency" value={currency} onValueChange={setCurrency} maxLength={3} errors={errs(update.error, "credit_currency")} />
      <TextField id="default-daily-cap" label="Default daily limit (credits)" placeholder="No limit" inputMode="numeric" value={daily} onValueChange={setDaily} invalid={d === "invalid"} errors={errs(update.error, "default_daily_cap")} />
      <TextField id="default-monthly-cap" label="Default monthly limit (credits)" placeholder="No limit" inputMode="numeric" value={monthly} onValueChange={setMonthly} invalid={m === "invalid"} errors={errs(update.error, "default_monthly_cap")} />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={bad || update.isPending}>
          Save settings
        </Button>
      </div>
    </form>
  );
}

function PacksSection({ pk }: { pk: string }) {
  const packs = useCreditPacks(pk);
  const create = useCreateCreditPack(pk);
  const deactivate = useDeactivateCreditPack(pk);
  const [name, setName] = useState("");
  const [credits, setCredits] = useState("");
  const [amount, setAmount] = useState("");
  const [currency, setCurrency] = useState("usd");
  const c = parseWhole(credits);
  const amountOk = /^\d+(\.\d{1,2})?$/.test(amount.trim());
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim() || typeof c !== "number" || !amountOk) return;
    const cur = currency.trim().toLowerCase();
    create.mutate(
      { name: name.trim(), credits: c, amount: decimalToMinor(amount.trim(), cur), currency: cur },
      {
        onSuccess: (pack) => {
          toast.success(`Credit pack “${pack.name}” created`);
          setName("");
          setCredits("");
          setAmount("");
        },
        onError: fail("create the pack"),
      },
    );
  }
  return (
    <Section title="Credit packs" description="What buyers can top up their wallet with." icon={Package} testId="credit-packs-admin">
      {packs.isPending && <Skeleton className="h-16 w-full" />}
      {packs.isError && <LoadError message={`Could not load the credit packs: ${packs.error.message}`} onRetry={() => packs.refetch()} />}
      {packs.data && packs.data.length === 0 && <EmptyState icon={Package} title="No credit packs yet" hint="Add one below so buyers can top up." className="rounded-lg border p-6" />}
      {packs.data && packs.data.length > 0 && (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead className="text-right">Credits</TableHead>
              <TableHead className="text-right">Price</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {packs.data.map((p) => (
              <TableRow key={p.id}>
                <TableCell>{p.name}</TableCell>
                <TableCell className="text-right tabular-nums">{p.credits.toLocaleString("en-US")}</TableCell>
                <TableCell className="text-right tabular-nums">{formatMoney(p.amount, p.currency)}</TableCell>
                <TableCell>{p.is_active ? "On sale" : "Off sale"}</TableCell>
                <TableCell className="text-right">
                  {p.is_active && (
                    <Button variant="outline" size="sm" disabled={deactivate.isPending} onClick={() => deactivate.mutate(p.id, { onSuccess: () => toast.success("Pack taken off sale"), onError: fail("take the pack off sale") })}>
                      Take off sale<span className="sr-only">: {p.name}</span>
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <form onSubmit={submit} className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-end" aria-label="New credit pack">
        <TextField id="pack-name" label="Pack name" value={name} onValueChange={setName} errors={errs(create.error, "name")} />
        <TextField id="pack-credits" label="Credits" inputMode="numeric" value={credits} onValueChange={setCredits} invalid={c === "invalid"} errors={errs(create.error, "credits")} />
        <TextField id="pack-amount" label="Price" inputMode="decimal" placeholder="5.00" value={amount} onValueChange={setAmount} invalid={amount !== "" && !amountOk} errors={errs(create.error, "amount")} />
        <TextField id="pack-currency" label="Currency" maxLength={3} value={currency} onValueChange={setCurrency} errors={errs(create.error, "currency")} />
        <Button type="submit" disabled={create.isPending || !name.trim() || typeof c !== "number" || !amountOk}>
          Add pack
        </Button>
      </form>
    </Section>
  );
}

function ProvidersSection({ pk }: { pk: string }) {
  const list = useModelProviders(pk);
  const create = useCreateModelProvider(pk);
  const remove = useDeleteModelProvider(pk);
  const [name, setName] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [apiKey, setApiKey] = useState("");
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    create.mutate(
      { name: name.trim(), base_url: baseUrl.trim() || null, api_key: apiKey || null },
      {
        onSuccess: () => {
          toast.success("Provider added");
          setName("");
          setBaseUrl("");
          setApiKey("");
        },
        onError: fail("add the provider"),
      },
    );
  }
  return (
    <Section title="Model providers" description="OpenAI-compatible upstreams. Keys are stored encrypted and never shown again; no base URL means the built-in Local model." icon={Cpu} testId="model-providers">
      {list.isPending && <Skeleton className="h-16 w-full" />}
      {list.isError && <LoadError message={`Could not load the providers: ${list.error.message}`} onRetry={() => list.refetch()} />}
      {list.data && list.data.length > 0 && (
        <ul className="divide-y rounded-lg border">
          {list.data.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-3 p-3 text-sm">
              <div>
                <p className="font-medium">{p.name}</p>
                <p className="text-muted-foreground">
                  {p.base_url ?? "Built-in Local model"}
                  {p.api_key_last4 ? ` · key …${p.api_key_last4}` : ""}
                </p>
              </div>
              <Button variant="ghost" size="icon" aria-label={`Remove provider ${p.name}`} disabled={remove.isPending} onClick={() => remove.mutate(p.id, { onError: fail("remove the provider") })}>
                <Trash2 aria-hidden />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="grid gap-4 sm:grid-cols-[1fr_2fr_1fr_auto] sm:items-end" aria-label="New model provider">
        <TextField id="provider-name" label="Provider name" value={name} onValueChange={setName} errors={errs(create.error, "name")} />
        <TextField id="provider-base-url" label="Base URL (optional)" placeholder="https://api.openai.com/v1" value={baseUrl} onValueChange={setBaseUrl} errors={errs(create.error, "base_url")} />
        <TextField id="provider-api-key" label="API key (optional)" type="password" autoComplete="off" value={apiKey} onValueChange={setApiKey} errors={errs(create.error, "api_key")} />
        <Button type="submit" disabled={create.isPending || !name.trim()}>
          Add provider
        </Button>
      </form>
    </Section>
  );
}

function PricesSection({ pk }: { pk: string }) {
  const list = useModelPrices(pk);
  const provs = useModelProviders(pk);
  const create = useCreateModelPrice(pk);
  const remove = useDeleteModelPrice(pk);
  const [form, setForm] = useState({ model: "", provider: "", upstream: "", prompt: "", completion: "", markup: "", min: "", item: "" });
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const prompt = parseWhole(form.prompt);
  const completion = parseWhole(form.completion);
  const markup = parseWhole(form.markup);
  const min = parseWhole(form.min);
  const item = form.item.trim().match(/^([^:\s]+):(\S+)$/);
  const provider = form.provider || provs.data?.[0]?.id || "";
  const ok = form.model.trim() && provider && typeof prompt === "number" && typeof completion === "number" && markup !== "invalid" && min !== "invalid" && (form.item.trim() === "" || item);
  const providerName = (id: string) => provs.data?.find((p) => p.id === id)?.name ?? id;
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!ok) return;
    create.mutate(
      {
        model: form.model.trim(),
        provider_id: provider,
        upstream_model: form.upstream.trim() || null,
        prompt_credits_per_1k: prompt as number,
        completion_credits_per_1k: completion as number,
        ...(typeof markup === "number" ? { markup_bps: markup } : {}),
        ...(typeof min === "number" ? { min_credits: min } : {}),
        item_type: item ? item[1] : null,
        item_id: item ? item[2] : null,
      },
      {
        onSuccess: () => {
          toast.success("Model price added");
          setForm({ model: "", provider: "", upstream: "", prompt: "", completion: "", markup: "", min: "", item: "" });
        },
        onError: fail("add the model price"),
      },
    );
  }
  return (
    <Section title="Model prices" description="Credits per 1,000 prompt and completion tokens, an optional markup and a minimum per request; bind a model to an item to offer its chat there." icon={Cpu} testId="model-prices">
      {list.isPending && <Skeleton className="h-16 w-full" />}
      {list.isError && <LoadError message={`Could not load the model prices: ${list.error.message}`} onRetry={() => list.refetch()} />}
      {list.data && list.data.length === 0 && <EmptyState icon={Cpu} title="No model prices yet" hint="Price a model below to meter it." className="rounded-lg border p-6" />}
      {list.data && list.data.length > 0 && (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Model</TableHead>
              <TableHead>Provider</TableHead>
              <TableHead className="text-right">Prompt / 1k</TableHead>
              <TableHead className="text-right">Completion / 1k</TableHead>
              <TableHead className="text-right">Minimum</TableHead>
              <TableHead>Item</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.data.map((p) => (
              <TableRow key={p.id}>
                <TableCell className="font-medium">{p.model}</TableCell>
                <TableCell>{providerName(p.provider_id)}</TableCell>
                <TableCell className="text-right tabular-nums">{p.prompt_credits_per_1k}</TableCell>
                <TableCell className="text-right tabular-nums">{p.completion_credits_per_1k}</TableCell>
                <TableCell className="text-right tabular-nums">{p.min_credits}</TableCell>
                <TableCell>{p.item_type && p.item_id ? `${p.item_type}:${p.item_id}` : "—"}</TableCell>
                <TableCell className="text-right">
                  <Button variant="ghost" size="icon" aria-label={`Remove price of ${p.model}`} disabled={remove.isPending} onClick={() => remove.mutate(p.id, { onError: fail("remove the price") })}>
                    <Trash2 aria-hidden />
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <form onSubmit={submit} className="grid gap-4 sm:grid-cols-4 sm:items-end" aria-label="New model price">
        <TextField id="price-model" label="Model name" value={form.model} onValueChange={set("model")} errors={errs(create.error, "model")} />
        <div className="flex flex-col gap-2">
          <label htmlFor="price-provider" className="text-sm font-medium">
            Provider
          </label>
          <select
            id="price-provider"
            className="h-9 rounded-md border bg-background px-3 text-sm"
            value={provider}
            onChange={(e) => set("provider")(e.target.value)}
          >
            {(provs.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <TextField id="price-upstream" label="Upstream model (optional)" value={form.upstream} onValueChange={set("upstream")} errors={errs(create.error, "upstream_model")} />
        <TextField id="price-item" label="Item (type:id, optional)" placeholder="mentor:calculus-tutor" value={form.item} onValueChange={set("item")} invalid={form.item.trim() !== "" && !item} />
        <TextField id="price-prompt" label="Prompt credits / 1k tokens" inputMode="numeric" value={form.prompt} onValueChange={set("prompt")} invalid={prompt === "invalid"} errors={errs(create.error, "prompt_credits_per_1k")} />
        <TextField id="price-completion" label="Completion credits / 1k tokens" inputMode="numeric" value={form.completion} onValueChange={set("completion")} invalid={completion === "invalid"} errors={errs(create.error, "completion_credits_per_1k")} />
        <TextField id="price-markup" label="Markup (basis points)" inputMode="numeric" placeholder="0" value={form.markup} onValueChange={set("markup")} invalid={markup === "invalid"} errors={errs(create.error, "markup_bps")} />
        <TextField id="price-min" label="Minimum credits per request" inputMode="numeric" placeholder="0" value={form.min} onValueChange={set("min")} invalid={min === "invalid"} errors={errs(create.error, "min_credits")} />
        <div className="sm:col-span-4">
          <Button type="submit" disabled={create.isPending || !ok}>
            Add model price
          </Button>
        </div>
      </form>
    </Section>
  );
}

function WalletsSection({ pk }: { pk: string }) {
  const [page, setPage] = useState(1);
  const wallets = useWallets(pk, { page, page_size: 20 });
  return (
    <Section title="Wallets and limits" description="Each buyer's balance and use; set a per-user daily or monthly limit (empty = the platform default)." icon={Users} testId="credit-wallets">
      {wallets.isPending && <Skeleton className="h-16 w-full" />}
      {wallets.isError && <LoadError message={`Could not load the wallets: ${wallets.error.message}`} onRetry={() => wallets.refetch()} />}
      {wallets.data && wallets.data.results.length === 0 && <EmptyState icon={Users} title="No wallets yet" hint="A wallet appears when a buyer first tops up or uses credits." className="rounded-lg border p-6" />}
      {wallets.data && wallets.data.results.length > 0 && (
        <>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>User</TableHead>
                <TableHead className="text-right">Balance</TableHead>
                <TableHead className="text-right">Today / month</TableHead>
                <TableHead>Limits (daily, monthly)</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {wallets.data.results.map((w) => (
                <WalletRow key={w.user_id} pk={pk} wallet={w} />
              ))}
            </TableBody>
          </Table>
          <nav aria-label="Wallet pages" className="flex items-center justify-between gap-2 text-sm">
            <Button variant="outline" size="sm" disabled={!wallets.data.previous_page} onClick={() => setPage(wallets.data.previous_page ?? 1)}>
              Previous
            </Button>
            <span className="text-muted-foreground">
              Page {page} · {wallets.data.count} wallets
            </span>
            <Button variant="outline" size="sm" disabled={!wallets.data.next_page} onClick={() => setPage(wallets.data.next_page ?? page)}>
              Next
            </Button>
          </nav>
        </>
      )}
    </Section>
  );
}

function WalletRow({ pk, wallet }: { pk: string; wallet: WalletListItem }) {
  const save = useUpdateWalletCaps(pk, wallet.user_id);
  const [daily, setDaily] = useState(wallet.caps.daily_cap?.toString() ?? "");
  const [monthly, setMonthly] = useState(wallet.caps.monthly_cap?.toString() ?? "");
  const d = parseWhole(daily);
  const m = parseWhole(monthly);
  const who = wallet.email ?? wallet.external_id ?? wallet.user_id;
  return (
    <TableRow>
      <TableCell className="max-w-48 truncate">{who}</TableCell>
      <TableCell className="text-right tabular-nums">{wallet.balance}</TableCell>
      <TableCell className="text-right tabular-nums">
        {wallet.period.day_spent} / {wallet.period.month_spent}
      </TableCell>
      <TableCell>
        <form
          className="flex items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (d === "invalid" || m === "invalid") return;
            save.mutate({ daily_cap: d, monthly_cap: m }, { onSuccess: () => toast.success(`Limits saved for ${who}`), onError: fail("save the limits") });
          }}
        >
          <input
            aria-label={`Daily limit for ${who}`}
            inputMode="numeric"
            placeholder="Default"
            className="h-8 w-24 rounded-md border bg-background px-2 text-sm"
            aria-invalid={d === "invalid"}
            value={daily}
            onChange={(e) => setDaily(e.target.value)}
          />
          <input
            aria-label={`Monthly limit for ${who}`}
            inputMode="numeric"
            placeholder="Default"
            className="h-8 w-24 rounded-md border bg-background px-2 text-sm"
            aria-invalid={m === "invalid"}
            value={monthly}
            onChange={(e) => setMonthly(e.target.value)}
          />
          <Button type="submit" size="sm" variant="outline" disabled={save.isPending || d === "invalid" || m === "invalid"}>
            Save<span className="sr-only"> limits for {who}</span>
          </Button>
        </form>
      </TableCell>
    </TableRow>
  );
}

function DailySection({ pk }: { pk: string }) {
  const daily = useCreditsDaily(pk, 30);
  const days = daily.data?.days ?? [];
  const currency = daily.data?.currency ?? "usd";
  const empty = days.every((d) => d.credits_used === 0 && d.credits_bought === 0 && d.credits_granted === 0 && d.top_up_revenue === 0);
  const data = days.map((d) => ({ day: d.day.slice(5), used: d.credits_used, bought: d.credits_bought, granted: d.credits_granted }));
  return (
    <Section title="Usage and revenue per day" description="Credits used, bought and granted over the last 30 days, with top-up revenue." icon={Coins} testId="credits-daily">
      {daily.isPending && <Skeleton className="h-56 w-full" />}
      {daily.isError && <LoadError message={`Could not load the daily figures: ${daily.error.message}`} onRetry={() => daily.refetch()} />}
      {daily.data && empty && <EmptyState icon={Coins} title="No credit activity in the last 30 days" hint="Use and top-ups appear here day by day." className="rounded-lg border p-6" />}
      {daily.data && !empty && (
        <>
          <div className="space-y-2" data-testid="chart-credits-daily">
            <ChartContainer label={`Credits used, bought and granted per day, ${data.length} days`}>
              <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid vertical={false} />
                <XAxis dataKey="day" tickLine={false} axisLine={false} minTickGap={16} />
                <YAxis tickLine={false} axisLine={false} width={40} allowDecimals={false} />
                <Tooltip content={<ChartTooltipContent />} cursor={{ fillOpacity: 0.5 }} />
                <Bar dataKey="used" name="Used" fill={USED} radius={[3, 3, 0, 0]} />
                <Bar dataKey="bought" name="Bought" fill={BOUGHT} radius={[3, 3, 0, 0]} />
                <Bar dataKey="granted" name="Granted" fill={GRANTED} radius={[3, 3, 0, 0]} />
              </BarChart>
            </ChartContainer>
            <ChartLegend
              items={[
                { label: "Used", color: USED },
                { label: "Bought", color: BOUGHT },
                { label: "Granted", color: GRANTED },
              ]}
              className="px-2"
            />
          </div>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Day</TableHead>
                <TableHead className="text-right">Used</TableHead>
                <TableHead className="text-right">Bought</TableHead>
                <TableHead className="text-right">Granted</TableHead>
                <TableHead className="text-right">Top-up revenue</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {days
                .filter((d) => d.credits_used || d.credits_bought || d.credits_granted || d.top_up_revenue)
                .reverse()
                .map((d) => (
                  <TableRow key={d.day}>
                    <TableCell>{d.day}</TableCell>
                    <TableCell className="text-right tabular-nums">{d.credits_used}</TableCell>
                    <TableCell className="text-right tabular-nums">{d.credits_bought}</TableCell>
                    <TableCell className="text-right tabular-nums">{d.credits_granted}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatMoney(d.top_up_revenue, currency)}</TableCell>
                  </TableRow>
                ))}
            </TableBody>
          </Table>
        </>
      )}
    </Section>
  );
}
