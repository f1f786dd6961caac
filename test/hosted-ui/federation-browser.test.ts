import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminGetUserCommand, SetUICustomizationCommand } from '@aws-sdk/client-cognito-identity-provider';
import { chromiumSkip, browserSuite } from './harness.js';
import { attrsOf, PASSWORD } from '../helpers/fixtures.js';
import { federatedPools, PROVIDER } from '../federation/helpers.js';

/**
 * Federation in a real browser (issue 19's acceptance): Chromium, driven by Playwright, starts at the app's pool's
 * sign-in page, presses "Sign in with Upstream", signs in on the second pool's own hosted pages (the external OIDC
 * provider), and arrives back in the app with a code for the federated user. Screenshots of each page go to
 * test-artifacts/hosted-ui/ (federation-*.png).
 */
describe('federation in a real browser (Playwright + Chromium): the second pool as the OIDC provider', { skip: chromiumSkip, timeout: 120_000 }, () => {
  const run = browserSuite();

  const shot = (page: import('playwright-core').Page, name: string) => run.shot(page, name);

  it('signs in with the provider from the sign-in page and comes back to the app as Upstream_<sub>', async () => {
    const host = run.s.url.replace('127.0.0.1', 'localhost');
    const rp = await federatedPools(run.s, { host, callback: run.app });
    // The provider's pages look like another site's, as a real provider's would: a person can tell where they are.
    await run.s.client.send(
      new SetUICustomizationCommand({
        UserPoolId: rp.upstream.poolId,
        ClientId: 'ALL',
        CSS: '.background-customizable { background-color: #232f3e; } .submitButton-customizable { background-color: #e47911; }',
      }),
    );
    const { context, page } = await run.phone();
    try {
      const query = new URLSearchParams({ response_type: 'code', client_id: rp.clientId, redirect_uri: run.app, state: 'st4te', scope: 'openid email profile' });
      await page.goto(`${rp.base}/oauth2/authorize?${query}`);
      await page.waitForURL(/\/login\?/);
      const button = page.getByRole('button', { name: `Sign in with ${PROVIDER}` });
      assert.equal(await button.count(), 1);
      await shot(page, 'federation-01-sign-in-with-provider');

      await button.click();
      // The provider's own sign-in page: the other pool's domain.
      await page.waitForURL((u) => u.href.includes('/_domain/upstream-') && u.pathname.endsWith('/login'));
      assert.equal(await page.title(), 'Sign in');
      await shot(page, 'federation-02-provider-sign-in');
      await page.getByLabel('Username').fill('bob');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();

      await page.waitForURL((u) => u.href.startsWith(run.app));
      const back = new URL(page.url());
      assert.equal(back.searchParams.get('state'), 'st4te');
      await shot(page, 'federation-03-back-in-app');
      const code = back.searchParams.get('code');
      assert.ok(code, back.href);
      const granted = await run.s.store.authorizationCodes.take(run.s.deps.hashSecret(code), run.s.clock.now());
      const user = await run.s.client.send(new AdminGetUserCommand({ UserPoolId: rp.poolId, Username: `${PROVIDER}_${rp.upstream.sub}` }));
      assert.equal(granted?.sub, attrsOf(user.UserAttributes).sub);
      assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
      assert.equal(attrsOf(user.UserAttributes).email, 'bob@upstream.example');
    } finally {
      await context.close();
    }
  });

  it('a client with only the provider: the sign-in page shows just its button', async () => {
    const host = run.s.url.replace('127.0.0.1', 'localhost');
    const rp = await federatedPools(run.s, { host, callback: run.app, client: { SupportedIdentityProviders: [PROVIDER] } });
    const { context, page } = await run.phone();
    try {
      const query = new URLSearchParams({ response_type: 'code', client_id: rp.clientId, redirect_uri: run.app, state: 'st4te' });
      await page.goto(`${rp.base}/login?${query}`);
      assert.equal(await page.getByRole('button', { name: `Sign in with ${PROVIDER}` }).count(), 1);
      assert.equal(await page.getByLabel('Password').count(), 0);
      await shot(page, 'federation-04-provider-only');
    } finally {
      await context.close();
    }
  });
});
