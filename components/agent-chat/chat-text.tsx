import { Fragment } from "react";

// Assistant answers are plain text; the top-up offer arrives as a URL inside one, so URLs become links.
const URL_RE = /(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

export function ChatText({ text }: { text: string }) {
  const parts = text.split(URL_RE);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="font-medium text-primary underline underline-offset-4 break-all">
            {linkLabel(part)}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/** A wallet link reads as what it does; other links show themselves. */
function linkLabel(url: string): string {
  try {
    if (/\/p\/[^/]+\/wallet\/?$/.test(new URL(url).pathname)) return "Top up your credits";
  } catch {
    // not a URL after all
  }
  return url;
}
