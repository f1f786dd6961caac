import { html, type DomainResponse } from './router.js';

/** Text safe inside HTML elements and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const TITLES: Record<number, string> = { 400: 'Bad request', 404: 'Not found', 413: 'Request too large', 500: 'Server error' };

/**
 * The domain's error page. Cognito's says "An error was encountered with the requested page." and carries the error
 * code in its URL (`/error?error=redirect_mismatch&client_id=…`); this one shows the code too, so that a developer
 * (and a test) can see what went wrong.
 */
export function errorPage(status: number, error: string): DomainResponse {
  const title = TITLES[status] ?? 'Error';
  return html(
    status,
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>
<p role="alert">An error was encountered with the requested page.</p>
<p>Error: <code id="error">${escapeHtml(error)}</code></p></main></body></html>
`,
  );
}
