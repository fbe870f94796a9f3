"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { fetchJson } from "@/lib/queries/fetch-json";
import type { MyPlatform } from "@/lib/platforms/my-platforms-schema";

export function PlatformSwitcher({ platforms, currentKey }: { platforms: MyPlatform[]; currentKey: string | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(key: string) {
    startTransition(async () => {
      try {
        await fetchJson<MyPlatform>("/api/me/current-platform", { method: "PUT", json: { platform_key: key } });
        router.refresh();
      } catch (e) {
        toast.error(e instanceof Error ? e.message : "Could not switch platform");
      }
    });
  }

  if (platforms.length === 1) {
    return <span className="text-sm text-muted-foreground" data-testid="current-platform">{platforms[0].name}</span>;
  }
  return (
    <Select value={currentKey ?? undefined} onValueChange={choose} disabled={pending}>
      <SelectTrigger size="sm" aria-label="Platform" className="w-48">
        <SelectValue placeholder="Choose a platform" />
      </SelectTrigger>
      <SelectContent>
        {platforms.map((p) => (
          <SelectItem key={p.key} value={p.key}>
            {p.name}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
