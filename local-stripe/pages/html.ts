export function esc(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0;background:#f6f8fa;color:#1a1f36}
main{max-width:720px;margin:2rem auto;background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.5rem;margin-top:0}h2{font-size:1.15rem}
label{display:block;font-weight:600;margin:.9rem 0 .3rem}
input{font:inherit;width:100%;box-sizing:border-box;padding:.55rem .7rem;border:1px solid #c1c9d2;border-radius:6px}
input:focus,button:focus,a:focus{outline:3px solid #635bff;outline-offset:2px}
button{font:inherit;font-weight:600;background:#635bff;color:#fff;border:0;border-radius:6px;padding:.65rem 1.2rem;margin-top:1.2rem;cursor:pointer}
button.secondary{background:#fff;color:#635bff;border:1px solid #635bff}
table{width:100%;border-collapse:collapse;margin:.5rem 0}th,td{text-align:left;padding:.45rem;border-bottom:1px solid #e3e8ee}
.alert{background:#fdecea;color:#8a1c1c;border:1px solid #f5c2c0;border-radius:6px;padding:.75rem;margin:1rem 0}
.notice{background:#eef6ee;border:1px solid #b7dfb9;border-radius:6px;padding:.75rem;margin:1rem 0}
.muted{color:#697386;font-size:.9rem}.total{font-size:1.2rem;font-weight:700}
.badge{display:inline-block;background:#ffe58a;color:#5c4400;border-radius:4px;padding:0 .4rem;font-size:.8rem;font-weight:700}
`;

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p><span class="badge">TEST MODE</span> <span class="muted">Local Stripe</span></p>
${body}
</main>
</body>
</html>`;
}

export function formatDate(ts: number): string {
  return new Date(ts * 1000).toISOString().slice(0, 10);
}
