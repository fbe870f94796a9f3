"use client";

import { useState, type FormEvent } from "react";
import { Check, Copy, KeyRound } from "lucide-react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { copyText } from "@/lib/copy-text";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { useApiTokens, useMintApiToken, useRevokeApiToken } from "@/lib/queries/api-tokens";
import { formatDateTime } from "@/lib/format/format";

type Props = { platforms: { key: string; name: string }[]; defaultPlatformKey: string | null };

const formatDate = (iso: string | null) => formatDateTime(iso) ?? "—";

export function ApiTokensPanel({ platforms, defaultPlatformKey }: Props) {
  const tokens = useApiTokens();
  const mint = useMintApiToken();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState("");
  const [platformKey, setPlatformKey] = useState(defaultPlatformKey ?? platforms[0]?.key ?? "");
  const [minted, setMinted] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const errors = mint.error instanceof ApiRequestError ? mint.error.errors : {};

  async function onMint(e: FormEvent) {
    e.preventDefault();
    const res = await mint.mutateAsync({ name, platform_key: platformKey }).catch((err: Error) => {
      toast.error(err.message);
      return null;
    });
    if (res) {
      setMinted(res.key);
      setCopied(false);
      setName("");
      toast.success("Token created. Copy it now: it will not be shown again.");
    }
  }

  async function copy() {
    if (!minted) return;
    await copyText(minted).catch(() => {});
    setCopied(true);
  }

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader>
          <CardTitle>Create an API token</CardTitle>
          <CardDescription>
            Tokens act as you on one platform. Send them as <code className="rounded bg-muted px-1">Authorization: Token &lt;key&gt;</code>.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {platforms.length === 0 ? (
            <p className="text-sm text-muted-foreground">You are not a member of any platform yet.</p>
          ) : (
            <form onSubmit={onMint} className="grid gap-4 sm:grid-cols-[1fr_14rem_auto] sm:items-end">
              <Field data-invalid={!!errors.name}>
                <FieldLabel htmlFor="token-name">Token name</FieldLabel>
                <Input id="token-name" value={name} maxLength={80} placeholder="e.g. CI deploy" onChange={(e) => setName(e.target.value)} />
                <FieldError errors={errors.name} />
              </Field>
              <Field>
                <FieldLabel htmlFor="token-platform">Platform</FieldLabel>
                <Select value={platformKey} onValueChange={setPlatformKey}>
                  <SelectTrigger id="token-platform" className="w-full"><SelectValue /></SelectTrigger>
                  <SelectContent>
                    {platforms.map((p) => <SelectItem key={p.key} value={p.key}>{p.name}</SelectItem>)}
                  </SelectContent>
                </Select>
              </Field>
              <Button type="submit" disabled={mint.isPending || !name.trim()}>
                <KeyRound /> {mint.isPending ? "Creating…" : "Create token"}
              </Button>
            </form>
          )}
          {minted && (
            <div className="rounded-lg border border-success/40 bg-success/10 p-4" role="status">
              <p className="text-sm font-medium">Your new token (shown once):</p>
              <div className="mt-2 flex items-center gap-2">
                <code data-testid="minted-token" className="flex-1 truncate rounded bg-background px-2 py-1 font-mono text-sm">{minted}</code>
                <Button type="button" size="sm" variant="outline" onClick={copy}>
                  {copied ? <Check /> : <Copy />} {copied ? "Copied" : "Copy"}
                </Button>
              </div>
            </div>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Your tokens</CardTitle>
        </CardHeader>
        <CardContent>
          {tokens.isPending ? (
            <div className="space-y-2"><Skeleton className="h-8" /><Skeleton className="h-8" /></div>
          ) : tokens.isError ? (
            <p className="text-sm text-destructive" role="alert">Could not load tokens: {tokens.error.message}</p>
          ) : tokens.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">No tokens yet.</p>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Key</TableHead>
                  <TableHead>Platform</TableHead>
                  <TableHead>Last used</TableHead>
                  <TableHead className="text-right">Status</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {tokens.data.map((t) => (
                  <TableRow key={t.id}>
                    <TableCell className="font-medium">{t.name}</TableCell>
                    <TableCell className="font-mono text-xs">{t.prefix}…</TableCell>
                    <TableCell>{t.platform_key}</TableCell>
                    <TableCell>{formatDate(t.last_used_at)}</TableCell>
                    <TableCell className="text-right">
                      {t.revoked_at ? (
                        <Badge variant="secondary">Revoked</Badge>
                      ) : (
                        <AlertDialog>
                          <AlertDialogTrigger asChild>
                            <Button size="sm" variant="outline" aria-label={`Revoke ${t.name}`}>Revoke</Button>
                          </AlertDialogTrigger>
                          <AlertDialogContent>
                            <AlertDialogHeader>
                              <AlertDialogTitle>Revoke “{t.name}”?</AlertDialogTitle>
                              <AlertDialogDescription>Anything using this token stops working immediately.</AlertDialogDescription>
                            </AlertDialogHeader>
                            <AlertDialogFooter>
                              <AlertDialogCancel>Cancel</AlertDialogCancel>
                              <AlertDialogAction
                                onClick={() =>
                                  revoke.mutate(t.id, {
                                    onSuccess: () => toast.success("Token revoked"),
                                    onError: (err) => toast.error(err.message),
                                  })
                                }
                              >
                                Revoke token
                              </AlertDialogAction>
                            </AlertDialogFooter>
                          </AlertDialogContent>
                        </AlertDialog>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
