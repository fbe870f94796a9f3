"use client";

import { useId } from "react";
import { toast } from "sonner";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { useNotificationSettings, useUpdateNotificationSettings, type NotificationSettingsInput } from "@/lib/queries/notification-settings";

type Setting = keyof NotificationSettingsInput;

const SETTINGS: { key: Setting; label: string; description: string }[] = [
  { key: "new_sale", label: "New sale", description: "Every time a buyer pays for an item." },
  { key: "refund", label: "Refund", description: "When a payment is refunded." },
  { key: "dispute", label: "Dispute opened", description: "When a buyer disputes a payment with their bank: you have a deadline to respond." },
];

/** E-mails to the platform's owners, each on or off (owner only; admins see the settings). */
export function NotificationSettingsCard({ platformKey }: { platformKey: string }) {
  const settings = useNotificationSettings(platformKey);
  const update = useUpdateNotificationSettings(platformKey);
  const id = useId();

  function toggle(key: Setting, on: boolean, label: string) {
    update.mutate({ [key]: on }, {
      onSuccess: () => toast.success(`${label} e-mails turned ${on ? "on" : "off"}`),
      onError: (e) => toast.error(`Could not save: ${e.message}`),
    });
  }

  return (
    <Card data-testid="notification-settings">
      <CardHeader>
        <CardTitle>E-mail notifications</CardTitle>
        <CardDescription>E-mails sent to the platform&apos;s owners. Buyers always get their receipts and notices.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {settings.isPending && <Skeleton className="h-24 w-full" />}
        {settings.isError && (
          <p role="alert" className="text-sm text-destructive">
            Could not load the notification settings: {settings.error.message}
          </p>
        )}
        {settings.data && (
          <>
            <ul className="divide-y rounded-md border">
              {SETTINGS.map((s) => (
                <li key={s.key} className="flex items-center justify-between gap-4 px-4 py-3">
                  <div className="space-y-0.5">
                    <label htmlFor={`${id}-${s.key}`} className="text-sm font-medium">
                      {s.label}
                    </label>
                    <p id={`${id}-${s.key}-description`} className="text-sm text-muted-foreground">
                      {s.description}
                    </p>
                  </div>
                  <Switch
                    id={`${id}-${s.key}`}
                    aria-describedby={`${id}-${s.key}-description`}
                    checked={settings.data[s.key]}
                    disabled={!settings.data.is_owner}
                    onCheckedChange={(on) => toggle(s.key, on, s.label)}
                  />
                </li>
              ))}
            </ul>
            {!settings.data.is_owner && <p className="text-sm text-muted-foreground">Only the platform owner can change these.</p>}
          </>
        )}
      </CardContent>
    </Card>
  );
}
