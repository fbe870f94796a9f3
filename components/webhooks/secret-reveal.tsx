"use client";

import { useState } from "react";
import { AlertTriangle, Check, Copy } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { copyText } from "@/lib/copy-text";

/** A signing secret the server shows once: copy it now, it cannot be read again. */
export function SecretReveal({ secret, note, onDone }: { secret: string; note?: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await copyText(secret);
      setCopied(true);
      toast.success("Signing secret copied");
    } catch {
      toast.error("Could not copy; select the secret and copy it by hand.");
    }
  }

  return (
    <div className="space-y-3 rounded-lg border border-warning/50 bg-warning/10 p-4" role="status" data-testid="webhook-secret">
      <p className="flex items-start gap-2 text-sm font-medium">
        <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>Copy the signing secret now: it is shown only this once. Your receiver needs it to verify each webhook.</span>
      </p>
      {note && <p className="text-sm text-muted-foreground">{note}</p>}
      <div className="flex items-center gap-2">
        <code data-testid="webhook-secret-value" aria-label="Signing secret" className="flex-1 truncate rounded bg-background px-2 py-1 font-mono text-sm select-all">
          {secret}
        </code>
        <Button type="button" size="sm" variant="outline" onClick={copy}>
          {copied ? <Check aria-hidden /> : <Copy aria-hidden />} {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <div className="flex justify-end">
        <Button type="button" size="sm" onClick={onDone}>
          I have saved the secret
        </Button>
      </div>
    </div>
  );
}
