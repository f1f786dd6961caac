import { after, before } from 'node:test';
import { CreateUserPoolClientCommand, CreateUserPoolDomainCommand, type CreateUserPoolClientRequest } from '@aws-sdk/client-cognito-identity-provider';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.js';

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

/** Debian's Chromium, which the browser suites drive through Playwright; a suite is skipped (with why) without it. */
export const CHROMIUM = '/usr/bin/chromium';
export const chromiumSkip: string | false = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (Debian package chromium; .ci/run installs it)`;
/** Where the browser suites save their screenshots for a reviewer (git-ignored). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'hosted-ui');

/** What a browser suite runs against: a cognate, headless Chromium, and an app whose callback page the browser reaches. */
export interface BrowserRun {
  s: TestServer;
  browser: import('playwright-core').Browser;
  /** The app's callback URL (a local page: the browser really arrives there). */
  app: string;
  /** A phone-sized browser context and its page. */
  phone(): Promise<{ context: import('playwright-core').BrowserContext; page: import('playwright-core').Page }>;
  /** Saves the page as ARTIFACTS/<name>.png. */
  shot(page: import('playwright-core').Page, name: string): Promise<unknown>;
  close(): Promise<void>;
}

/** A BrowserRun started before a suite's tests and closed after them (the object is filled in when they start). */
export function browserSuite(): BrowserRun {
  const run = {} as BrowserRun;
  before(async () => {
    Object.assign(run, await startBrowserRun());
  });
  after(() => run.close?.());
  return run;
}

export async function startBrowserRun(): Promise<BrowserRun> {
  const app: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>back in the app</p>'));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  mkdirSync(ARTIFACTS, { recursive: true });
  const s = await startTestServer();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  return {
    s,
    browser,
    app: `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`,
    async phone() {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
      return { context, page: await context.newPage() };
    },
    shot: (page, name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }),
    async close() {
      await browser.close();
      await new Promise((resolve) => app.close(resolve));
      await s.stop();
    },
  };
}
