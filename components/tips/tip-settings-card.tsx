"use client";

import { useId } from "react";
import { toast } from "sonner";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { useTipSettings, useUpdateTipSettings } from "@/lib/queries/tip-settings";

/** "Tip the creator" on item pages and /buy, on or off. */
export function TipSettingsCard({ platformKey }: { platformKey: string }) {
  const settings = useTipSettings(platformKey);
  const update = useUpdateTipSettings(platformKey);
  const id = useId();
  return (
    <Card data-testid="tip-settings">
      <CardHeader>
        <CardTitle>Tips</CardTitle>
        <CardDescription>Let buyers send a one-time tip with an optional message. Tips grant no access; they appear in revenue and payouts.</CardDescription>
      </CardHeader>
      <CardContent>
        {settings.isPending && <Skeleton className="h-10 w-full" />}
        {settings.isError && (
          <p role="alert" className="text-sm text-destructive">
            Could not load the tip settings: {settings.error.message}
          </p>
        )}
        {settings.data && (
          <div className="flex items-center justify-between gap-4">
            <label htmlFor={`${id}-tips`} className="text-sm font-medium">
              Offer &ldquo;Tip the creator&rdquo;
            </label>
            <Switch
              id={`${id}-tips`}
              checked={settings.data.tips_enabled}
              disabled={update.isPending}
              onCheckedChange={(on) =>
                update.mutate(
                  { tips_enabled: on },
                  { onSuccess: () => toast.success(`Tips turned ${on ? "on" : "off"}`), onError: (e) => toast.error(`Could not save: ${e.message}`) },
                )
              }
            />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
