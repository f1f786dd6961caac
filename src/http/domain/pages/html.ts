import type { EffectiveBranding } from '../../../domain/branding/branding.js';
import { logoPath } from '../../../domain/branding/ui-customization.js';

/**
 * The managed-login pages' HTML: server-rendered, every value escaped here (`esc`, or a template of `html`), one small
 * stylesheet inline, no script except where WebAuthn needs one. Labels on every field, errors in a role=alert region
 * that screen readers announce, a layout that fits a phone. Class names of the classic hosted UI (`*-customizable`)
 * are on the elements, so a pool's SetUICustomization CSS applies as in Cognito; a managed-login style's colours
 * become CSS variables.
 */
export type Html = { readonly html: string };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Markup that is already safe (built by `html` or from escaped parts). */
export const raw = (s: string): Html => ({ html: s });

/** A tagged template: interpolated values are escaped unless they are Html; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return raw(out);
}

function render(v: unknown): string {
  if (v === undefined || v === null || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (typeof v === 'object' && 'html' in (v as object)) return (v as Html).html;
  return esc(v);
}

/** `#rrggbbaa` from a managed-login colour (`rrggbbaa` hex, as the style documents hold them); undefined otherwise. */
function colour(v: unknown): string | undefined {
  return typeof v === 'string' && /^[0-9a-fA-F]{8}$/.test(v) ? `#${v}` : undefined;
}

function at(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The few managed-login style values the pages honour (light mode), as CSS custom properties. */
function styleVariables(branding: EffectiveBranding): string {
  const s = branding.managedLogin?.settings;
  if (!s) return '';
  const vars: Array<[string, string | undefined]> = [
    ['--page-bg', colour(at(s, 'components', 'pageBackground', 'lightMode', 'color'))],
    ['--form-bg', colour(at(s, 'components', 'form', 'lightMode', 'backgroundColor'))],
    ['--form-border', colour(at(s, 'components', 'form', 'lightMode', 'borderColor'))],
    ['--button-bg', colour(at(s, 'components', 'primaryButton', 'lightMode', 'defaults', 'backgroundColor'))],
    ['--button-fg', colour(at(s, 'components', 'primaryButton', 'lightMode', 'defaults', 'textColor'))],
    ['--button-hover', colour(at(s, 'components', 'primaryButton', 'lightMode', 'hover', 'backgroundColor'))],
    ['--heading', colour(at(s, 'components', 'pageText', 'lightMode', 'headingColor'))],
    ['--text', colour(at(s, 'components', 'pageText', 'lightMode', 'bodyColor'))],
  ];
  const radius = at(s, 'componentClasses', 'buttons', 'borderRadius');
  if (typeof radius === 'number' && radius >= 0 && radius <= 40) vars.push(['--radius', `${radius}px`]);
  const set = vars.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}:${v}`);
  return set.length ? `:root{${set.join(';')}}` : '';
}

const STYLESHEET = `
:root{--page-bg:#f2f3f3;--form-bg:#fff;--form-border:#d5dbdb;--button-bg:#0972d3;--button-fg:#fff;--button-hover:#033160;--heading:#000716;--text:#414d5c;--error:#d91515;--radius:8px}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;min-height:100vh;background:var(--page-bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;display:flex;align-items:flex-start;justify-content:center}
main{width:100%;max-width:26rem;margin:2rem 1rem;background:var(--form-bg);border:1px solid var(--form-border);border-radius:calc(var(--radius) + 4px);padding:1.75rem 1.5rem;box-shadow:0 1px 4px rgba(0,7,22,.08)}
.banner{text-align:center;margin-bottom:1rem}
.banner img{max-width:100%;max-height:5rem}
h1{color:var(--heading);font-size:1.5rem;line-height:1.25;margin:0 0 .5rem}
p{margin:.25rem 0 1rem}
.hint{font-size:.875rem}
label{display:block;font-weight:600;color:var(--heading);margin:1rem 0 .25rem}
input[type=text],input[type=password],input[type=email],input[type=tel]{display:block;width:100%;font:inherit;padding:.55rem .75rem;border:1px solid #7d8998;border-radius:var(--radius);background:#fff;color:#000716}
input:focus,button:focus,a:focus{outline:3px solid #539fe5;outline-offset:1px}
button{display:block;width:100%;margin-top:1.25rem;font:inherit;font-weight:700;padding:.6rem 1rem;border-radius:var(--radius);border:2px solid var(--button-bg);background:var(--button-bg);color:var(--button-fg);cursor:pointer}
button:hover{background:var(--button-hover);border-color:var(--button-hover)}
button.secondary{background:transparent;color:var(--button-bg);margin-top:.75rem}
button.secondary:hover{background:rgba(9,114,211,.08)}
.error{border-left:4px solid var(--error);background:#fff7f7;color:#700;padding:.6rem .75rem;margin:0 0 1rem;border-radius:4px}
.error:empty{display:none}
.links{margin-top:1.25rem;font-size:.9375rem;text-align:center}
.links p{margin:.35rem 0}
a{color:#0972d3}
.divider{display:flex;align-items:center;gap:.75rem;margin:1.5rem 0 0;font-size:.875rem}
.divider::before,.divider::after{content:"";flex:1;border-top:1px solid var(--form-border)}
.qr{display:flex;justify-content:center;margin:1rem 0}
.qr svg{width:12rem;height:12rem}
.secret{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95rem;word-break:break-all;background:#f2f3f3;padding:.5rem .75rem;border-radius:4px}
fieldset{border:0;padding:0;margin:0}
legend{font-weight:600;color:var(--heading);margin-top:1rem}
.check{display:flex;gap:.5rem;align-items:center;font-weight:400;margin-top:1rem}
ol{padding-left:1.25rem}
`;

export interface PageShell {
  title: string;
  branding: EffectiveBranding;
  /** The logo URL of the classic UI customization, if it has one. */
  logoBase?: string;
  body: Html;
  /** A nonce for the one inline script a page may carry (passkeys). */
  scriptNonce?: string;
  script?: string;
}

export function page(p: PageShell): string {
  const ui = p.branding.uiCustomization;
  const logo = ui?.image && p.logoBase ? `${p.logoBase}/${logoPath(ui)}` : undefined;
  const classicCss = ui?.css ?? '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(p.title)}</title>
<style>${STYLESHEET}${styleVariables(p.branding)}</style>
${classicCss ? `<style>${classicCss.replace(/<\//g, '<\\/')}</style>` : ''}
</head>
<body class="background-customizable">
<main>
${logo ? `<div class="banner banner-customizable"><img class="logo-customizable" src="${esc(logo)}" alt=""></div>` : ''}
${p.body.html}
</main>
${p.script && p.scriptNonce ? `<script nonce="${esc(p.scriptNonce)}">${p.script}</script>` : ''}
</body>
</html>`;
}

/** An error region that screen readers announce; empty (and hidden) when there is none. */
export function errorBox(message: string | undefined, id = 'error'): Html {
  return html`<div id="${id}" class="error errorMessage-customizable" role="alert">${message ?? ''}</div>`;
}

export interface Field {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'email' | 'tel';
  autocomplete?: string;
  value?: string;
  inputmode?: 'numeric' | 'email' | 'tel';
  required?: boolean;
  autofocus?: boolean;
  hint?: string;
  pattern?: string;
}

export function field(f: Field): Html {
  const id = `f-${f.name.replace(/[^\w-]/g, '_')}`;
  const hintId = f.hint ? `${id}-hint` : undefined;
  return html`<label class="label-customizable" for="${id}">${f.label}</label>${f.hint ? html`<div id="${hintId}" class="hint textDescription-customizable">${f.hint}</div>` : ''}
<input class="inputField-customizable" id="${id}" name="${f.name}" type="${f.type ?? 'text'}"${f.autocomplete ? html` autocomplete="${f.autocomplete}"` : ''}${
    f.value !== undefined ? html` value="${f.value}"` : ''
  }${f.inputmode ? html` inputmode="${f.inputmode}"` : ''}${f.pattern ? html` pattern="${f.pattern}"` : ''}${f.required === false ? '' : raw(' required')}${
    f.autofocus ? raw(' autofocus') : ''
  }${hintId ? html` aria-describedby="${hintId}"` : ''} autocapitalize="none" spellcheck="false">`;
}

/** A POST form to `action` carrying the CSRF token. */
export function form(action: string, csrf: string, body: Html, opts: { id?: string } = {}): Html {
  return html`<form method="post" action="${action}"${opts.id ? html` id="${opts.id}"` : ''} novalidate>
<input type="hidden" name="_csrf" value="${csrf}">
${body}
</form>`;
}

export function submit(label: string, opts: { name?: string; value?: string; secondary?: boolean; formnovalidate?: boolean } = {}): Html {
  return html`<button type="submit" class="${opts.secondary ? 'secondary' : 'submitButton-customizable'}"${opts.name ? html` name="${opts.name}"` : ''}${
    opts.value ? html` value="${opts.value}"` : ''
  }${opts.formnovalidate ? raw(' formnovalidate') : ''}>${label}</button>`;
}
