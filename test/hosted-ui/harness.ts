import { CreateUserPoolClientCommand, CreateUserPoolDomainCommand, type CreateUserPoolClientRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';

/** A pool's domain and an OAuth app client for the managed-login tests. */
export interface HostedApp {
  clientId: string;
  /**
   * The domain's base URL in the loopback path form, on `localhost` (a secure context for browsers, and the passkey
   * relying party `localhost`).
   */
  base: string;
  /** `/oauth2/authorize` of the domain for this client (code flow, with `state`). */
  authorizeUrl: string;
}

let counter = 0;

export async function hostedApp(s: TestServer, poolId: string, callback: string, client: Partial<CreateUserPoolClientRequest> = {}): Promise<HostedApp> {
  const prefix = `pages-${++counter}-${Math.floor(s.clock.now() / 1000) % 100000}`;
  await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
  const { UserPoolClient } = await s.client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [callback],
      SupportedIdentityProviders: ['COGNITO'],
      ...client,
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const base = `${s.url.replace('127.0.0.1', 'localhost')}/_domain/${prefix}`;
  const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback, state: 'st4te', scope: 'openid email' });
  return { clientId, base, authorizeUrl: `${base}/oauth2/authorize?${query}` };
}
