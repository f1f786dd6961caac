import { supportedIdentityProviders } from '../../domain/clients/config.js';
import { AUTHORIZE_PARAMETERS } from '../../domain/oauth/authorize.js';
import type { ClientRecord } from '../../store/types.js';
import { html, type Html } from './pages/html.js';

/**
 * The sign-in page's way to the app client's external identity providers (federation, issue 19): one "Sign in with
 * <ProviderName>" button per provider of SupportedIdentityProviders other than COGNITO, as Cognito's managed login
 * shows them. Each is a GET form to /oauth2/authorize with the page's authorize request and `identity_provider`, so
 * the browser takes the same path as an app that names the provider itself (domain/federation/federated-sign-in.ts).
 * No store read: the names are the client's; a provider that cannot be used answers at /oauth2/authorize.
 */
export function externalProviders(client: ClientRecord): string[] {
  return supportedIdentityProviders(client).filter((name) => name !== 'COGNITO');
}

/** Whether the client lets the pool's own users sign in with a password (the form is shown only then). */
export const supportsCognito = (client: ClientRecord) => supportedIdentityProviders(client).includes('COGNITO');

/** The buttons; `primary` when they are the page's only way in (the client does not support COGNITO). */
export function providerButtons(baseUrl: string, query: URLSearchParams, client: ClientRecord, opts: { primary: boolean }): Html {
  const names = externalProviders(client);
  if (names.length === 0) return html``;
  const hidden = AUTHORIZE_PARAMETERS.filter((p) => p !== 'identity_provider' && p !== 'idp_identifier' && query.get(p) !== null).map(
    (p) => html`<input type="hidden" name="${p}" value="${query.get(p)!}">`,
  );
  return html`<div class="idp-buttons" role="group" aria-label="Other ways to sign in">${names.map(
    (name) => html`<form method="get" action="${baseUrl}/oauth2/authorize">${hidden}<input type="hidden" name="identity_provider" value="${name}"><button type="submit" class="${opts.primary ? 'idpButton-customizable' : 'secondary idpButton-customizable'}">Sign in with ${name}</button></form>`,
  )}</div>`;
}
