import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateManagedLoginBrandingCommand, SetUICustomizationCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';
import { createPool } from '../helpers/fixtures.js';
import { browserSuite, chromiumSkip, hostedApp } from './harness.js';

/**
 * The pool's branding on the managed-login pages, as a browser renders them (Playwright + Chromium): a managed-login
 * style (CreateManagedLoginBranding) colours the page, the form and the primary button; the classic UI customization
 * (SetUICustomization) adds its CSS and shows its logo. Computed styles are read from the rendered page, and each page
 * is saved as a screenshot in test-artifacts/hosted-ui/ (branding-*.png).
 */
/** A real PNG for the logo (a QR code, drawn by the qrcode package the pages use). */
const logoPng = async (): Promise<Buffer> => (await import('qrcode')).default.toBuffer('cognate', { width: 96, margin: 1 });

describe("the pool's branding on the managed-login pages (Playwright + Chromium)", { skip: chromiumSkip, timeout: 120_000 }, () => {
  const run = browserSuite();
  let s: TestServer, browser: import('playwright-core').Browser, APP: string;
  before(() => void ({ s, browser, app: APP } = run));

  /** The computed colours of the rendered sign-in page. */
  const colours = (page: import('playwright-core').Page) =>
    page.evaluate(() => {
      const css = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      const button = css('button[type=submit]');
      return { page: css('body').backgroundColor, form: css('main').backgroundColor, button: button.backgroundColor, buttonText: button.color, radius: button.borderTopLeftRadius };
    });

  it('a managed-login style sets the page, form and button colours and the corner radius', async () => {
    const poolId = await createPool(s, { PoolName: 'Branded' });
    const pages = await hostedApp(s, poolId, APP);
    const plain = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const before = await colours(await plain.newPage().then(async (p) => (await p.goto(pages.authorizeUrl), p)));
    await plain.close();

    await s.client.send(
      new CreateManagedLoginBrandingCommand({
        UserPoolId: poolId,
        ClientId: pages.clientId,
        Settings: {
          components: {
            pageBackground: { lightMode: { color: 'fdf2e9ff' } },
            form: { lightMode: { backgroundColor: 'fffaf5ff', borderColor: 'e59866ff' } },
            primaryButton: { lightMode: { defaults: { backgroundColor: 'b9460eff', textColor: 'ffffffff' }, hover: { backgroundColor: '873600ff' } } },
            pageText: { lightMode: { headingColor: '6e2c00ff', bodyColor: '784212ff' } },
          },
          componentClasses: { buttons: { borderRadius: 20 } },
        },
      }),
    );
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto(pages.authorizeUrl);
      await page.waitForURL(/\/login\?/);
      await run.shot(page, 'branding-01-managed-login-style');
      const after = await colours(page);
      assert.deepEqual(after, { page: 'rgb(253, 242, 233)', form: 'rgb(255, 250, 245)', button: 'rgb(185, 70, 14)', buttonText: 'rgb(255, 255, 255)', radius: '20px' });
      assert.notDeepEqual(before, after, 'without the style the page has the default colours');
    } finally {
      await context.close();
    }
  });

  it("the classic UI customization's CSS and logo are applied", async () => {
    const poolId = await createPool(s, { PoolName: 'Classic' });
    const pages = await hostedApp(s, poolId, APP);
    await s.client.send(
      new SetUICustomizationCommand({
        UserPoolId: poolId,
        ClientId: 'ALL',
        CSS: '.background-customizable { background-color: #0b3d2e; } .submitButton-customizable { background-color: #1e8449; } .label-customizable { color: #145a32; }',
        ImageFile: await logoPng(),
      }),
    );
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto(pages.authorizeUrl);
      await page.waitForURL(/\/login\?/);
      const logo = page.locator('img.logo-customizable');
      await logo.waitFor();
      // The logo is really served and decoded (not a broken image).
      assert.ok((await logo.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))) > 0);
      await run.shot(page, 'branding-02-ui-customization');
      const c = await colours(page);
      assert.equal(c.page, 'rgb(11, 61, 46)');
      assert.equal(c.button, 'rgb(30, 132, 73)');
      assert.equal(await page.locator('label[for=f-username]').evaluate((l) => getComputedStyle(l).color), 'rgb(20, 90, 50)');
    } finally {
      await context.close();
    }
  });
});
