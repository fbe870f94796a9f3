"use client";

import { useState, type FormEvent } from "react";
import { X } from "lucide-react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel, FieldLegend, FieldSet } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { useDebouncedValue } from "@/lib/hooks/use-debounced-value";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import {
  ACCESS_RULE_MAX_EMAILS,
  ACCESS_RULE_ROLES,
  normalizeEmailDomain,
  useCreateAccessRule,
  usePlanOptions,
  type CreateAccessRuleInput,
} from "@/lib/queries/access-rules";
import { useCatalogSearch } from "@/lib/queries/catalog";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { cn } from "@/lib/utils";

type TargetKind = "item" | "plan";
type MatchKind = "email_domain" | "role" | "emails";
type PickedItem = { item_type: string; item_id: string; name: string };

const MATCH_KINDS: { value: MatchKind; label: string }[] = [
  { value: "email_domain", label: "E-mail domain" },
  { value: "role", label: "Platform role" },
  { value: "emails", label: "List of e-mails" },
];

const ROLE_LABELS: Record<(typeof ACCESS_RULE_ROLES)[number], string> = { owner: "Owners", admin: "Admins", member: "Members" };

/** Addresses split on commas, semicolons, spaces or lines; lower-cased and de-duplicated as the API does. */
export function parseEmails(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((e) => e.trim().toLowerCase()).filter(Boolean))];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `YYYY-MM-DD` of the admin's own calendar, as a date input shows it. */
function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** End of the chosen day in the admin's time zone, as the API's ISO datetime. */
function endOfDay(day: string): string {
  return new Date(`${day}T23:59:59`).toISOString();
}

function segment(active: boolean) {
  return cn(
    "rounded-md px-2.5 py-1 text-sm font-medium whitespace-nowrap text-muted-foreground transition-colors focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none",
    active && "bg-background text-foreground shadow-sm",
  );
}

function Segmented<T extends string>({ label, options, value, onChange }: { label: string; options: { value: T; label: string }[]; value: T; onChange: (v: T) => void }) {
  return (
    <div role="group" aria-label={label} className="inline-flex w-fit max-w-full flex-wrap gap-0.5 rounded-lg bg-muted p-1">
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={value === o.value} className={segment(value === o.value)} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Catalog search for the rule's item: type to search, click a result to pick it. */
function ItemPicker({ platformKey, value, onChange, invalid }: { platformKey: string; value: PickedItem | null; onChange: (v: PickedItem | null) => void; invalid: boolean }) {
  const [query, setQuery] = useState("");
  const debounced = useDebouncedValue(query.trim(), 300);
  const search = useCatalogSearch(platformKey, debounced, { limit: 6 });
  const items = search.data?.groups.flatMap((g) => g.items) ?? [];

  if (value) {
    return (
      <div className="flex items-center gap-2 rounded-md border p-2" data-testid="access-rule-picked-item">
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">{value.name}</p>
          <p className="truncate font-mono text-xs text-muted-foreground">{value.item_id}</p>
        </div>
        <Badge variant="outline">{itemTypeLabel(value.item_type)}</Badge>
        <Button type="button" size="icon" variant="ghost" aria-label={`Choose another item than ${value.name}`} onClick={() => onChange(null)}>
          <X aria-hidden />
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <Input
        id="access-rule-item-search"
        type="search"
        value={query}
        placeholder="Search agents, courses, programs, pathways…"
        aria-invalid={invalid}
        aria-controls="access-rule-item-results"
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul id="access-rule-item-results" aria-label="Matching items" className="max-h-48 space-y-1 overflow-y-auto">
        {search.isPending && (
          <li className="flex items-center gap-2 px-2 py-1 text-sm text-muted-foreground">
            <Spinner aria-hidden /> Searching…
          </li>
        )}
        {search.isError && (
          <li role="alert" className="px-2 py-1 text-sm text-destructive">
            Search failed: {search.error.message}
          </li>
        )}
        {search.isSuccess && items.length === 0 && <li className="px-2 py-1 text-sm text-muted-foreground">{debounced ? `No items match “${debounced}”.` : "The catalog is empty."}</li>}
        {items.map((item) => (
          <li key={`${item.item_type}/${item.item_id}`}>
            <button
              type="button"
              className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
              onClick={() => onChange({ item_type: item.item_type, item_id: item.item_id, name: item.name })}
            >
              <span className="min-w-0 flex-1 truncate">{item.name}</span>
              <Badge variant="outline">{itemTypeLabel(item.item_type)}</Badge>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Creates a rule: what it grants (an item or a plan), whom (domain, role or list) and until when. */
export function AccessRuleDialog({ platformKey, onClose }: { platformKey: string; onClose: () => void }) {
  const create = useCreateAccessRule(platformKey);
  const [targetKind, setTargetKind] = useState<TargetKind>("item");
  const [item, setItem] = useState<PickedItem | null>(null);
  const [planId, setPlanId] = useState("");
  const plans = usePlanOptions(platformKey, { enabled: targetKind === "plan" });
  const [matchKind, setMatchKind] = useState<MatchKind>("email_domain");
  const [domain, setDomain] = useState("");
  const [role, setRole] = useState<(typeof ACCESS_RULE_ROLES)[number]>("member");
  const [emailsText, setEmailsText] = useState("");
  const [endDay, setEndDay] = useState("");
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});
  const [serverMessage, setServerMessage] = useState<string | null>(null);

  const emails = parseEmails(emailsText);
  const badEmails = emails.filter((e) => !EMAIL.test(e));
  const [today] = useState(() => localDay(new Date()));

  const targetProblem = targetKind === "item" ? (item ? null : "Pick an item.") : planId ? null : "Pick a plan.";
  const matchProblem =
    matchKind === "email_domain"
      ? normalizeEmailDomain(domain)
        ? null
        : "Enter a domain such as school.edu."
      : matchKind === "emails"
        ? emails.length === 0
          ? "List at least one e-mail address."
          : emails.length > ACCESS_RULE_MAX_EMAILS
            ? `At most ${ACCESS_RULE_MAX_EMAILS} addresses per rule (${emails.length} listed).`
            : badEmails.length
              ? `Not valid: ${badEmails.slice(0, 3).join(", ")}${badEmails.length > 3 ? "…" : ""}`
              : null
        : null;
  // the end of today is still ahead, so today is the earliest end
  const endProblem = endDay && endDay < today ? "The end must be in the future." : null;

  function failed(error: unknown) {
    const e = error instanceof ApiRequestError ? error : null;
    if (e && Object.keys(e.errors).length) setServerErrors(e.errors);
    setServerMessage(e?.detail ?? "The server could not be reached. Try again.");
  }

  function submit(ev: FormEvent) {
    ev.preventDefault();
    setTouched(true);
    if (targetProblem || matchProblem || endProblem) return;
    setServerErrors({});
    setServerMessage(null);
    const body: CreateAccessRuleInput = {
      target: targetKind === "item" ? { item_type: item!.item_type, item_id: item!.item_id } : { plan_id: planId },
      match: matchKind === "email_domain" ? { email_domain: domain.trim() } : matchKind === "role" ? { role } : { emails },
      ...(endDay ? { ends_at: endOfDay(endDay) } : {}),
    };
    create.mutate(body, {
      onSuccess: () => {
        toast.success("Access rule created");
        onClose();
      },
      onError: failed,
    });
  }

  const fieldErrors = (local: string | null, ...keys: string[]) => {
    const server = keys.flatMap((k) => Object.entries(serverErrors).filter(([f]) => f === k || f.startsWith(`${k}.`)).flatMap(([, v]) => v));
    const list = touched && local ? [local] : server;
    return list.length ? list.map((message) => ({ message })) : undefined;
  };
  const targetErrors = fieldErrors(targetProblem, "target");
  const matchErrors = fieldErrors(matchProblem, "match");
  const endErrors = fieldErrors(endProblem, "ends_at");

  return (
    <Dialog open onOpenChange={(open) => !open && !create.isPending && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-xl" aria-describedby="access-rule-dialog-description">
        <DialogHeader>
          <DialogTitle>New access rule</DialogTitle>
          <DialogDescription id="access-rule-dialog-description">
            Grant an item or a plan without a purchase. Domain and e-mail rules only match people whose address is verified.
          </DialogDescription>
        </DialogHeader>
        <form id="access-rule-form" onSubmit={submit} className="space-y-5" noValidate>
          <FieldSet data-invalid={!!targetErrors}>
            <FieldLegend>Grants</FieldLegend>
            <Segmented
              label="What the rule grants"
              options={[
                { value: "item", label: "An item" },
                { value: "plan", label: "A plan" },
              ]}
              value={targetKind}
              onChange={setTargetKind}
            />
            {targetKind === "item" ? (
              <ItemPicker platformKey={platformKey} value={item} onChange={setItem} invalid={!!targetErrors} />
            ) : (
              <Field>
                <FieldLabel htmlFor="access-rule-plan" className="sr-only">
                  Plan
                </FieldLabel>
                {plans.isError ? (
                  <p role="alert" className="text-sm text-destructive">
                    Could not load plans: {plans.error.message}
                  </p>
                ) : plans.isSuccess && plans.data.length === 0 ? (
                  <p className="text-sm text-muted-foreground">This platform has no plans yet.</p>
                ) : (
                  <Select value={planId} onValueChange={setPlanId} disabled={!plans.isSuccess}>
                    <SelectTrigger id="access-rule-plan" className="w-full" aria-invalid={!!targetErrors}>
                      <SelectValue placeholder={plans.isPending ? "Loading plans…" : "Choose a plan"} />
                    </SelectTrigger>
                    <SelectContent>
                      {(plans.data ?? []).map((p) => (
                        <SelectItem key={p.id} value={p.id}>
                          {p.name || p.id}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                )}
              </Field>
            )}
            <FieldError errors={targetErrors} />
          </FieldSet>

          <FieldSet data-invalid={!!matchErrors}>
            <FieldLegend>To</FieldLegend>
            <Segmented label="Who the rule matches" options={MATCH_KINDS} value={matchKind} onChange={setMatchKind} />
            {matchKind === "email_domain" && (
              <Field>
                <FieldLabel htmlFor="access-rule-domain">E-mail domain</FieldLabel>
                <Input
                  id="access-rule-domain"
                  value={domain}
                  placeholder="@school.edu"
                  autoComplete="off"
                  aria-invalid={!!matchErrors}
                  onChange={(e) => setDomain(e.target.value)}
                />
                <FieldDescription>Everyone with a verified address at exactly this domain (not its subdomains).</FieldDescription>
              </Field>
            )}
            {matchKind === "role" && (
              <Field>
                <FieldLabel htmlFor="access-rule-role">Role</FieldLabel>
                <Select value={role} onValueChange={(v) => setRole(v as typeof role)}>
                  <SelectTrigger id="access-rule-role" className="w-48">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {ACCESS_RULE_ROLES.map((r) => (
                      <SelectItem key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
                <FieldDescription>Owners and admins can already open everything; a member rule opens the item to every member.</FieldDescription>
              </Field>
            )}
            {matchKind === "emails" && (
              <Field>
                <FieldLabel htmlFor="access-rule-emails">E-mail addresses</FieldLabel>
                <Textarea
                  id="access-rule-emails"
                  value={emailsText}
                  rows={5}
                  placeholder={"ada@example.com\ngrace@example.com"}
                  aria-invalid={!!matchErrors}
                  onChange={(e) => setEmailsText(e.target.value)}
                />
                <FieldDescription>
                  One per line or comma-separated, up to {ACCESS_RULE_MAX_EMAILS}. {emails.length > 0 && `${emails.length} address${emails.length === 1 ? "" : "es"}.`}
                </FieldDescription>
              </Field>
            )}
            <FieldError errors={matchErrors} />
          </FieldSet>

          <Field data-invalid={!!endErrors}>
            <FieldLabel htmlFor="access-rule-end">Ends (optional)</FieldLabel>
            <Input id="access-rule-end" type="date" className="w-44" min={today} value={endDay} aria-invalid={!!endErrors} onChange={(e) => setEndDay(e.target.value)} />
            <FieldDescription>Access stops at the end of that day. Leave empty to grant until you revoke the rule.</FieldDescription>
            <FieldError errors={endErrors} />
          </Field>

          {serverMessage && (
            <p role="alert" className="rounded-md bg-destructive/10 p-3 text-sm text-destructive">
              {serverMessage}
            </p>
          )}
        </form>
        <DialogFooter>
          <Button type="button" variant="outline" disabled={create.isPending} onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="access-rule-form" disabled={create.isPending}>
            {create.isPending && <Spinner aria-hidden />}
            Create rule
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
