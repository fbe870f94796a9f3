"use client";

import { useEffect, useId, useRef, useState } from "react";
import Link from "next/link";
import { Bot, Coins, SendHorizontal, User } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { ChatText } from "./chat-text";

type Message = { role: "user" | "assistant"; content: string };
type Completion = { choices?: { message?: { role: string; content: string | null }; finish_reason?: string }[] };
type Charge = { charged: number | null; balance: number | null };

const MESSAGE_MAX = 4_000;

function headerNumber(res: Response, name: string): number | null {
  const v = res.headers.get(name);
  return v === null || v === "" || Number.isNaN(Number(v)) ? null : Number(v);
}

/**
 * A chat with an item's agent through the metering proxy: every answer is paid from the
 * signed-in user's wallet; an empty wallet answers with a normal message that links to the top-up.
 */
export function AgentChat({ platformKey, itemType, itemId, agentName }: { platformKey: string; itemType: string; itemId: string; agentName: string }) {
  const id = useId();
  const [messages, setMessages] = useState<Message[]>([]);
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [signedOut, setSignedOut] = useState(false);
  const [hidden, setHidden] = useState(false);
  const [charge, setCharge] = useState<Charge | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [messages, sending]);

  if (hidden) return null;
  const enc = encodeURIComponent;
  const walletHref = `/p/${enc(platformKey)}/wallet`;

  async function send() {
    const text = draft.trim();
    if (!text || sending) return;
    const history: Message[] = [...messages, { role: "user", content: text }];
    setMessages(history);
    setDraft("");
    setSending(true);
    setError(null);
    try {
      const res = await fetch(`/api/billing/platforms/${enc(platformKey)}/items/${enc(itemType)}/${enc(itemId)}/chat/`, {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify({ messages: history, stream: false }),
      });
      if (res.status === 404) {
        setHidden(true);
        return;
      }
      if (res.status === 401) {
        setSignedOut(true);
        setMessages(messages);
        setDraft(text);
        return;
      }
      const body = (await res.json().catch(() => ({}))) as Completion & { detail?: string; error?: { message?: string } };
      if (!res.ok) {
        setError(body.detail ?? body.error?.message ?? `The agent could not answer (${res.status}).`);
        setMessages(messages);
        setDraft(text);
        return;
      }
      const content = body.choices?.[0]?.message?.content ?? "";
      setMessages([...history, { role: "assistant", content }]);
      setCharge({ charged: headerNumber(res, "X-Credits-Charged"), balance: headerNumber(res, "X-Credits-Balance") });
    } catch {
      setError("The agent could not be reached. Check your connection and try again.");
      setMessages(messages);
      setDraft(text);
    } finally {
      setSending(false);
    }
  }

  return (
    <Card data-testid="agent-chat">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Bot aria-hidden className="size-5" />
          <h2 id={`${id}-title`}>Chat with {agentName}</h2>
        </CardTitle>
        <CardDescription className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <span>Each answer is paid with credits from your wallet.</span>
          <Link href={walletHref} className="inline-flex items-center gap-1 underline underline-offset-4">
            <Coins aria-hidden className="size-3.5" /> Your credits
          </Link>
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div
          ref={listRef}
          role="log"
          aria-live="polite"
          aria-labelledby={`${id}-title`}
          data-testid="chat-messages"
          className="max-h-96 space-y-3 overflow-y-auto rounded-lg border bg-muted/30 p-3"
          tabIndex={0}
        >
          {messages.length === 0 && <div className="text-sm text-muted-foreground">Ask {agentName} a question to start.</div>}
          {messages.map((m, i) => (
            <div key={i} data-role={m.role} className={`flex gap-2 ${m.role === "user" ? "justify-end" : ""}`}>
              {m.role === "assistant" && <Bot aria-hidden className="mt-1 size-4 shrink-0 text-muted-foreground" />}
              <div className={`max-w-[85%] rounded-lg px-3 py-2 text-sm whitespace-pre-wrap ${m.role === "user" ? "bg-primary text-primary-foreground" : "border bg-background"}`}>
                <span className="sr-only">{m.role === "user" ? "You: " : `${agentName}: `}</span>
                {m.role === "assistant" ? <ChatText text={m.content} /> : m.content}
              </div>
              {m.role === "user" && <User aria-hidden className="mt-1 size-4 shrink-0 text-muted-foreground" />}
            </div>
          ))}
          {sending && (
            <div className="flex items-center gap-2 text-sm text-muted-foreground">
              <Spinner aria-hidden /> {agentName} is answering…
            </div>
          )}
        </div>

        {charge && (charge.charged !== null || charge.balance !== null) && (
          <p role="status" data-testid="chat-charge" className="text-sm text-muted-foreground">
            {charge.charged !== null && <>Last answer: {charge.charged} credits. </>}
            {charge.balance !== null && <>Balance: {charge.balance} credits.</>}
          </p>
        )}
        {error && (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        )}
        {signedOut ? (
          <p role="status" className="text-sm">
            <Link className="font-medium underline underline-offset-4" href={`/sign-in?callbackUrl=${enc(typeof window === "undefined" ? "/" : window.location.pathname)}`}>
              Sign in to chat
            </Link>
          </p>
        ) : (
          <form
            className="space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              void send();
            }}
          >
            <label htmlFor={`${id}-input`} className="text-sm font-medium">
              Your message
            </label>
            <Textarea
              id={`${id}-input`}
              value={draft}
              maxLength={MESSAGE_MAX}
              rows={3}
              placeholder="e.g. What is the derivative of x²?"
              aria-describedby={`${id}-hint`}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                // Enter sends, Shift+Enter starts a new line
                if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void send();
                }
              }}
            />
            <div className="flex items-center justify-between gap-2">
              <p id={`${id}-hint`} className="text-xs text-muted-foreground">
                Enter to send, Shift+Enter for a new line.
              </p>
              <Button type="submit" disabled={sending || draft.trim() === ""}>
                <SendHorizontal aria-hidden /> Send
              </Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
