// The frame every e-mail shares: one structured message rendered twice, as HTML with inline
// styles (mail clients drop <style> and classes) and as readable plain text, so the two never
// say different things. Pure: no server imports, unit-testable.

export type RenderedEmail = { subject: string; text: string; html: string };

/** A label and its value in the details table ("Amount", "$24.00"). */
export type DetailRow = readonly [label: string, value: string];

export type EmailContent = {
  subject: string;
  /** Short line mail clients show next to the subject. */
  preheader: string;
  heading: string;
  /** Paragraphs before the details. */
  intro: readonly string[];
  details?: readonly DetailRow[];
  /** The one thing to do next. */
  action?: { label: string; url: string };
  /** Paragraphs after the action. */
  outro?: readonly string[];
  /** Small print: why this e-mail came, how to stop it. */
  footer: readonly string[];
};

// Colours meet WCAG AA: text 17.7:1 on white, muted 7.6:1 (6.9:1 on the details panel), brand
// 6.4:1 (also the button's background under white text), header white on #004499 9.2:1.
const COLOR = { text: "#111827", muted: "#4b5563", brand: "#0058cc", brandDark: "#004499", border: "#d1d5db", panel: "#f3f4f6" };
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML element content and quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A link only when it is http(s): payload values must never become javascript: or data: links. */
export function safeUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** One line, no control characters: names from the database end up in the Subject header. */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
}

function renderText(c: EmailContent): string {
  const blocks: string[] = [c.heading, ...c.intro];
  if (c.details?.length) {
    const width = Math.max(...c.details.map(([label]) => label.length)) + 1;
    blocks.push(c.details.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`).join("\n"));
  }
  if (c.action) blocks.push(`${c.action.label}: ${c.action.url}`);
  blocks.push(...(c.outro ?? []));
  blocks.push(["--", ...c.footer].join("\n"));
  return blocks.join("\n\n") + "\n";
}

const p = (text: string, style = `margin:0 0 16px;font-size:16px;line-height:24px;color:${COLOR.text}`) =>
  `<p style="${style}">${escapeHtml(text)}</p>`;

function renderHtml(c: EmailContent): string {
  const details = c.details?.length
    ? `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 24px;background:${COLOR.panel};border-radius:8px">` +
      c.details
        .map(
          ([label, value]) =>
            `<tr><th scope="row" align="left" style="padding:8px 16px;font-size:14px;font-weight:600;color:${COLOR.muted};vertical-align:top;white-space:nowrap">${escapeHtml(label)}</th>` +
            `<td style="padding:8px 16px;font-size:14px;color:${COLOR.text}">${escapeHtml(value)}</td></tr>`,
        )
        .join("") +
      `</table>`
    : "";
  const action = c.action
    ? `<p style="margin:0 0 24px"><a href="${escapeHtml(c.action.url)}" style="display:inline-block;padding:12px 20px;background:${COLOR.brand};color:#ffffff;border-radius:6px;font-size:16px;font-weight:600;text-decoration:none">${escapeHtml(c.action.label)}</a></p>` +
      p(`Or open this address: ${c.action.url}`, `margin:0 0 16px;font-size:13px;line-height:20px;color:${COLOR.muted};word-break:break-all`)
    : "";
  const footer = c.footer.map((line) => p(line, `margin:0 0 8px;font-size:13px;line-height:20px;color:${COLOR.muted}`)).join("");
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="color-scheme" content="light"><title>${escapeHtml(c.subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#ffffff;font-family:${FONT}">` +
    // hidden preview text
    `<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(c.preheader)}</div>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 12px">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;border:1px solid ${COLOR.border};border-radius:8px">` +
    `<tr><td style="padding:16px 24px;background:${COLOR.brandDark};border-radius:8px 8px 0 0;color:#ffffff;font-size:18px;font-weight:700">Tollgate</td></tr>` +
    `<tr><td style="padding:24px">` +
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:30px;color:${COLOR.text}">${escapeHtml(c.heading)}</h1>` +
    c.intro.map((t) => p(t)).join("") +
    details +
    action +
    (c.outro ?? []).map((t) => p(t)).join("") +
    `<hr style="border:none;border-top:1px solid ${COLOR.border};margin:24px 0 16px">` +
    footer +
    `</td></tr></table></td></tr></table></body></html>`
  );
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const c = { ...content, subject: oneLine(content.subject) };
  return { subject: c.subject, text: renderText(c), html: renderHtml(c) };
}
