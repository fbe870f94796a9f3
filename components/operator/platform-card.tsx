"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { itemTypeLabel } from "@/lib/platforms/item-types";
import type { OperatorPlatformRow } from "@/lib/platforms/platform-schema";
import { useAddMember, usePlatformMembers, useUpdatePlatform, type PlatformMember, type PlatformPatch } from "@/lib/queries/operator-platforms";

export function PlatformCard({ platform }: { platform: OperatorPlatformRow }) {
  const update = useUpdatePlatform(platform.key);
  const [showMembers, setShowMembers] = useState(false);

  function patch(p: PlatformPatch, message: string) {
    update.mutate(p, { onSuccess: () => toast.success(message), onError: (e) => toast.error(e.message) });
  }

  return (
    <Card data-testid={`platform-${platform.key}`}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          {platform.name} <Badge variant="outline">{platform.key}</Badge>
        </CardTitle>
        <CardDescription>
          {platform.member_count ?? 0} members · Stripe {platform.stripe_account_id ? `connected (${platform.stripe_account_id})` : "not connected"}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-6">
        <div className="flex flex-wrap gap-8">
          <label className="flex items-center gap-3 text-sm">
            <Switch
              checked={platform.enable_monetization}
              disabled={update.isPending}
              onCheckedChange={(v) => patch({ enable_monetization: v }, `Monetization ${v ? "enabled" : "disabled"} for ${platform.name}`)}
              aria-label={`Enable monetization for ${platform.key}`}
            />
            Enable monetization
          </label>
          <label className="flex items-center gap-3 text-sm">
            <Switch
              checked={platform.show_paywall}
              disabled={update.isPending}
              onCheckedChange={(v) => patch({ show_paywall: v }, `Paywall ${v ? "shown" : "hidden"} for ${platform.name}`)}
              aria-label={`Show paywall for ${platform.key}`}
            />
            Show paywall
          </label>
        </div>
        <CommissionForm platform={platform} onSave={(c) => patch({ commission_bps: c }, "Commission saved")} saving={update.isPending} />
        <div>
          <Button variant="outline" size="sm" onClick={() => setShowMembers((v) => !v)} aria-expanded={showMembers}>
            {showMembers ? "Hide members" : "Members"}
          </Button>
          {showMembers && <Members platformKey={platform.key} />}
        </div>
      </CardContent>
    </Card>
  );
}

function CommissionForm({ platform, onSave, saving }: { platform: OperatorPlatformRow; onSave: (c: Record<string, number>) => void; saving: boolean }) {
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(Object.entries(platform.commission_bps).map(([k, v]) => [k, String(v)])),
  );
  const invalid = Object.entries(values).filter(([, v]) => !/^\d+$/.test(v) || Number(v) > 10_000).map(([k]) => k);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (invalid.length) return;
    onSave(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(v)])));
  }

  return (
    <form onSubmit={submit} className="space-y-3">
      <h3 className="text-sm font-medium">Commission (basis points; 2500 = 25%)</h3>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {Object.keys(values).map((type) => (
          <Field key={type} data-invalid={invalid.includes(type)}>
            <FieldLabel htmlFor={`${platform.key}-bps-${type}`}>{itemTypeLabel(type)}</FieldLabel>
            <Input
              id={`${platform.key}-bps-${type}`}
              inputMode="numeric"
              value={values[type]}
              aria-invalid={invalid.includes(type)}
              onChange={(e) => setValues((v) => ({ ...v, [type]: e.target.value }))}
            />
          </Field>
        ))}
      </div>
      {invalid.length > 0 && <p role="alert" className="text-sm text-destructive">Use whole numbers from 0 to 10000.</p>}
      <Button type="submit" size="sm" disabled={saving || invalid.length > 0}>Save commission</Button>
    </form>
  );
}

function Members({ platformKey }: { platformKey: string }) {
  const members = usePlatformMembers(platformKey, true);
  const add = useAddMember(platformKey);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<PlatformMember["role"]>("member");

  function submit(e: FormEvent) {
    e.preventDefault();
    add.mutate(
      { email, role },
      { onSuccess: (m) => { toast.success(`${m.email} is now ${m.role}`); setEmail(""); }, onError: (err) => toast.error(err.message) },
    );
  }

  return (
    <div className="mt-3 space-y-3">
      {members.isPending ? (
        <p className="text-sm text-muted-foreground">Loading members…</p>
      ) : members.isError ? (
        <p className="text-sm text-destructive" role="alert">{members.error.message}</p>
      ) : (
        <ul className="divide-y rounded-md border text-sm">
          {members.data.map((m) => (
            <li key={m.email} className="flex justify-between px-3 py-2">
              <span>{m.email}</span>
              <Badge variant="secondary">{m.role}</Badge>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <Field className="w-64">
          <FieldLabel htmlFor={`${platformKey}-member-email`}>Add member by e-mail</FieldLabel>
          <Input id={`${platformKey}-member-email`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Select value={role} onValueChange={(v) => setRole(v as PlatformMember["role"])}>
          <SelectTrigger aria-label="Role" className="w-32"><SelectValue /></SelectTrigger>
          <SelectContent>
            <SelectItem value="member">Member</SelectItem>
            <SelectItem value="admin">Admin</SelectItem>
            <SelectItem value="owner">Owner</SelectItem>
          </SelectContent>
        </Select>
        <Button type="submit" size="sm" disabled={add.isPending || !email}>Add</Button>
      </form>
    </div>
  );
}
