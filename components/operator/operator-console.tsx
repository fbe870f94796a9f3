"use client";

import { useState, type FormEvent } from "react";
import { Plus } from "lucide-react";
import { toast } from "sonner";
import { OperatorRevenuePanel } from "@/components/revenue/operator-revenue-panel";
import { JobsPanel } from "./jobs-panel";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { useCreatePlatform, useOperatorPlatforms } from "@/lib/queries/operator-platforms";
import type { OperatorPlatformRow } from "@/lib/platforms/platform-schema";
import { PlatformCard } from "./platform-card";

export function OperatorConsole({ initialPlatforms }: { initialPlatforms: OperatorPlatformRow[] }) {
  const platforms = useOperatorPlatforms(initialPlatforms);
  const create = useCreatePlatform();
  const [key, setKey] = useState("");
  const [name, setName] = useState("");
  const errors = create.error instanceof ApiRequestError ? create.error.errors : {};

  function onCreate(e: FormEvent) {
    e.preventDefault();
    create.mutate(
      { key, name },
      {
        onSuccess: (p) => {
          toast.success(`Platform ${p.name} created`);
          setKey("");
          setName("");
        },
        onError: (err) => toast.error(err.message),
      },
    );
  }

  return (
    <div className="space-y-6">
      <OperatorRevenuePanel />
      <JobsPanel />
      <Card>
        <CardHeader>
          <CardTitle>New platform</CardTitle>
          <CardDescription>The key appears in URLs and the API and cannot change later.</CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={onCreate} className="grid gap-4 sm:grid-cols-[12rem_1fr_auto] sm:items-end">
            <Field data-invalid={!!errors.key}>
              <FieldLabel htmlFor="new-platform-key">Key</FieldLabel>
              <Input id="new-platform-key" value={key} placeholder="e.g. initech" onChange={(e) => setKey(e.target.value)} />
              <FieldError errors={errors.key} />
            </Field>
            <Field data-invalid={!!errors.name}>
              <FieldLabel htmlFor="new-platform-name">Name</FieldLabel>
              <Input id="new-platform-name" value={name} placeholder="e.g. Initech University" onChange={(e) => setName(e.target.value)} />
              <FieldError errors={errors.name} />
            </Field>
            <Button type="submit" disabled={create.isPending || !key || !name}>
              <Plus /> Create platform
            </Button>
          </form>
        </CardContent>
      </Card>
      <div className="space-y-4">
        {platforms.data?.map((p) => <PlatformCard key={p.key} platform={p} />)}
      </div>
    </div>
  );
}
