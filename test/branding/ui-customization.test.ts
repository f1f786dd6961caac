import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolDomainCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolDomainCommand,
  GetUICustomizationCommand,
  SetUICustomizationCommand,
  type SetUICustomizationRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { newClient, newPool as newPoolWithoutDomain } from '../auth/helpers.js';
import { effectiveBranding } from '../../src/domain/branding/branding.js';

/** A 1×1 PNG and the start of a JPEG: the two file types the classic hosted UI takes for its logo. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
/** Part of Cognito's own CSS template (the one the AWS CLI's get-ui-customization example shows). */
const TEMPLATE = `
.logo-customizable { max-width: 60%; max-height: 30%; }
.banner-customizable { padding: 25px 0px 25px 0px; background-color: lightgray; }
/* comments are fine: @media inside one is not a statement */
.label-customizable { font-weight: 400; }
.submitButton-customizable:hover { color: #fff; background-color: #286090; }
.socialButton-customizable { border-radius: 2px; height: 40px; padding: 1px; text-align: left; width: 100%; }
.redirect-customizable { text-align: center; }
.passwordCheck-notValid-customizable, .passwordCheck-valid-customizable { color: #DF3312; }
`;

describe('classic hosted-UI customization: SetUICustomization / GetUICustomization', () => {
  let s: TestServer;
  let domains = 0;
  /** A pool with a prefix domain: the classic hosted UI needs one to be customized. */
  async function newPool(server: TestServer): Promise<string> {
    const pool = await newPoolWithoutDomain(server);
    await server.client.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: `ui-customization-${++domains}` }));
    return pool;
  }
  let poolId: string;
  before(async () => {
    s = await startTestServer();
    poolId = await newPool(s);
  });
  after(async () => s.stop());

  const set = (input: Omit<SetUICustomizationRequest, 'UserPoolId'>, pool = poolId) => s.client.send(new SetUICustomizationCommand({ UserPoolId: pool, ...input }));
  const get = (ClientId?: string, pool = poolId) => s.client.send(new GetUICustomizationCommand({ UserPoolId: pool, ClientId }));

  it('a pool without customization answers an empty object, for the pool and for its clients', async () => {
    const pool = await newPool(s);
    const { clientId } = await newClient(s, pool);
    assert.deepEqual((await get(undefined, pool)).UICustomization, {});
    assert.deepEqual((await get(clientId, pool)).UICustomization, {});
    assert.deepEqual(await effectiveBranding(s.deps, pool, clientId), {});
  });

  it('sets the pool default (ALL) and answers it with CSSVersion, ImageUrl and dates; clients without their own inherit it', async () => {
    const pool = await newPool(s);
    const { clientId } = await newClient(s, pool);
    s.clock.set(Date.UTC(2025, 0, 17, 0, 59, 11));
    const { UICustomization: set1 } = await set({ ClientId: 'ALL', CSS: TEMPLATE, ImageFile: PNG }, pool);
    assert.equal(set1!.UserPoolId, pool);
    assert.equal(set1!.ClientId, 'ALL');
    assert.equal(set1!.CSS, TEMPLATE);
    assert.equal(set1!.CSSVersion, '20250117005911');
    assert.equal(set1!.ImageUrl, `${s.url}/${pool}/ALL/20250117005911/assets/images/image.jpg`);
    assert.equal(set1!.CreationDate!.getTime(), Date.UTC(2025, 0, 17, 0, 59, 11));
    assert.deepEqual((await get(undefined, pool)).UICustomization, set1);
    assert.deepEqual((await get('ALL', pool)).UICustomization, set1);
    assert.deepEqual((await get(clientId, pool)).UICustomization, set1, 'a client without its own settings shows the pool default');

    s.clock.advance(61_000);
    const { UICustomization: set2 } = await set({ ClientId: 'ALL', CSS: '.label-customizable { font-weight: 700; }' }, pool);
    assert.equal(set2!.CSSVersion, '20250117010012', 'a new version at every change');
    assert.equal(set2!.ImageUrl, undefined, 'CSS and logo are set together: a request without the logo removes it');
    assert.equal(set2!.CreationDate!.getTime(), set1!.CreationDate!.getTime());
    assert.equal(set2!.LastModifiedDate!.getTime() - set1!.LastModifiedDate!.getTime(), 61_000);
  });

  it('SetUICustomization without a ClientId sets the pool default', async () => {
    const pool = await newPool(s);
    await set({ CSS: '.background-customizable { background-color: #000; }' }, pool);
    assert.equal((await get('ALL', pool)).UICustomization!.CSS, '.background-customizable { background-color: #000; }');
  });

  it('a client\'s own customization overrides the pool default entirely, for that client only', async () => {
    const pool = await newPool(s);
    const a = await newClient(s, pool);
    const b = await newClient(s, pool);
    await set({ ClientId: 'ALL', CSS: TEMPLATE, ImageFile: PNG }, pool);
    const { UICustomization: own } = await set({ ClientId: a.clientId, ImageFile: JPEG }, pool);
    assert.equal(own!.ClientId, a.clientId);
    assert.equal(own!.CSS, undefined, 'no fallback to the pool CSS for a client with its own settings');
    assert.match(own!.ImageUrl!, new RegExp(`/${pool}/${a.clientId}/\\d{14}/assets/images/image\\.jpg$`));
    assert.deepEqual((await get(a.clientId, pool)).UICustomization, own);
    assert.equal((await get(b.clientId, pool)).UICustomization!.ClientId, 'ALL');
    assert.equal((await get(undefined, pool)).UICustomization!.CSS, TEMPLATE);

    const eff = await effectiveBranding(s.deps, pool, a.clientId);
    assert.deepEqual(Buffer.from(eff.uiCustomization!.image!), JPEG, 'the hosted pages get the logo bytes as uploaded');
    assert.equal(eff.uiCustomization!.imageExtension, 'jpg');
    assert.equal((await effectiveBranding(s.deps, pool, b.clientId)).uiCustomization!.imageExtension, 'png');

    // The ImageUrl answers the logo itself, with its type; another version or client is not found.
    const res = await fetch(own!.ImageUrl!);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), JPEG);
    const pngRes = await fetch((await get(b.clientId, pool)).UICustomization!.ImageUrl!);
    assert.equal(pngRes.headers.get('content-type'), 'image/png');
    assert.deepEqual(Buffer.from(await pngRes.arrayBuffer()), PNG);
    assert.equal((await fetch(own!.ImageUrl!.replace(/\/\d{14}\//, '/20000101000000/'))).status, 404);
    assert.equal((await fetch(own!.ImageUrl!.replace(a.clientId, b.clientId))).status, 404);

  });

  it('a SetUICustomization without CSS and logo removes the customization (Terraform\'s delete): the client falls back to the pool\'s, only CSSVersion remains', async () => {
    const pool = await newPool(s);
    const { clientId } = await newClient(s, pool);
    await set({ ClientId: 'ALL', CSS: TEMPLATE }, pool);
    await set({ ClientId: clientId, CSS: '.label-customizable { color: red; }', ImageFile: PNG }, pool);
    s.clock.advance(1000);
    const { UICustomization: removed } = await set({ ClientId: clientId }, pool);
    assert.deepEqual(Object.keys(removed!).sort(), ['CSSVersion', 'ClientId', 'UserPoolId']);
    assert.equal((await get(clientId, pool)).UICustomization!.CSS, TEMPLATE, 'the pool default shows again');
    assert.equal((await effectiveBranding(s.deps, pool, clientId)).uiCustomization!.clientId, 'ALL');

    s.clock.advance(1000);
    const { UICustomization: poolRemoved } = await set({ ClientId: 'ALL' }, pool);
    assert.deepEqual((await get(clientId, pool)).UICustomization, removed, 'neither is set: what the client\'s removal left');
    assert.deepEqual((await get('ALL', pool)).UICustomization, poolRemoved);
    assert.deepEqual(Object.keys(poolRemoved!).sort(), ['CSSVersion', 'ClientId', 'UserPoolId']);
    assert.deepEqual(await effectiveBranding(s.deps, pool, clientId), {});

    s.clock.advance(1000);
    const { UICustomization: again } = await set({ ClientId: 'ALL', CSS: TEMPLATE }, pool);
    assert.equal(again!.CreationDate!.getTime(), again!.LastModifiedDate!.getTime(), 'set again after a removal: a new creation');
  });

  it('deleting the app client deletes its customization; the pool default stays', async () => {
    const pool = await newPool(s);
    const { clientId } = await newClient(s, pool);
    await set({ ClientId: 'ALL', CSS: TEMPLATE }, pool);
    await set({ ClientId: clientId, CSS: '.label-customizable { color: red; }' }, pool);
    await s.client.send(new DeleteUserPoolClientCommand({ UserPoolId: pool, ClientId: clientId }));
    assert.equal(await s.store.branding.getUiCustomization(pool, clientId), undefined);
    assert.equal((await get('ALL', pool)).UICustomization!.CSS, TEMPLATE);
    await rejectsWith(get(clientId, pool), 'ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  });

  it('unknown pool or client: ResourceNotFoundException', async () => {
    await rejectsWith(get(undefined, 'us-east-1_nothere'), 'ResourceNotFoundException', 'User pool us-east-1_nothere does not exist.');
    await rejectsWith(set({ ClientId: 'ALL' }, 'us-east-1_nothere'), 'ResourceNotFoundException', 'User pool us-east-1_nothere does not exist.');
    await rejectsWith(set({ ClientId: 'nosuchclient1' }), 'ResourceNotFoundException', 'User pool client nosuchclient1 does not exist.');
    await rejectsWith(get('nosuchclient1'), 'ResourceNotFoundException', 'User pool client nosuchclient1 does not exist.');
  });

  it('a pool without a domain: both operations answer InvalidParameterException, and nothing is stored', async () => {
    const pool = await newPoolWithoutDomain(s);
    const { clientId } = await newClient(s, pool);
    const noDomain = 'There has to be an existing domain associated with this user pool';
    await rejectsWith(set({ ClientId: 'ALL', CSS: TEMPLATE }, pool), 'InvalidParameterException', noDomain);
    await rejectsWith(set({ ClientId: clientId, CSS: TEMPLATE }, pool), 'InvalidParameterException', noDomain);
    await rejectsWith(get(undefined, pool), 'InvalidParameterException', noDomain);
    await rejectsWith(get(clientId, pool), 'InvalidParameterException', noDomain);
    assert.equal(await s.store.branding.getUiCustomization(pool, 'ALL'), undefined);
    // The unknown client is still found missing first.
    await rejectsWith(get('nosuchclient1', pool), 'ResourceNotFoundException', 'User pool client nosuchclient1 does not exist.');

    await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: pool, Domain: 'ui-customization-later' }));
    await set({ ClientId: 'ALL', CSS: TEMPLATE }, pool);
    assert.equal((await get(clientId, pool)).UICustomization!.CSS, TEMPLATE);
    // Terraform's acceptance test: once the domain is deleted, GetUICustomization fails the same way.
    await s.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: pool, Domain: 'ui-customization-later' }));
    await rejectsWith(get(undefined, pool), 'InvalidParameterException', noDomain);
  });

  it('a request over 135 KB (logo as base64 and CSS together) answers "request parameters too large"; up to it is taken', async () => {
    const pool = await newPool(s);
    // A 100 KB logo is 136,536 bytes as base64: with it, the 138,240-byte request leaves room for ~1.6 KB of CSS.
    const logo = Buffer.concat([PNG, Buffer.alloc(100 * 1024 - PNG.length)]);
    const body = (css: string) => JSON.stringify({ UserPoolId: pool, ClientId: 'ALL', CSS: css, ImageFile: logo.toString('base64') });
    const rule = (n: number) => `.label-customizable { color: ${'#'.repeat(n)}; }`;
    const fitting = rule(138_240 - Buffer.byteLength(body(rule(0))));
    assert.equal(Buffer.byteLength(body(fitting)), 138_240);
    assert.ok((await set({ ClientId: 'ALL', CSS: fitting, ImageFile: logo }, pool)).UICustomization!.ImageUrl);
    const over = fitting.replace('#', '##');
    await rejectsWith(set({ ClientId: 'ALL', CSS: over, ImageFile: logo }, pool), 'InvalidParameterException', 'request parameters too large');
    assert.equal((await get(undefined, pool)).UICustomization!.CSS, fitting, 'the refused request changed nothing');
  });

  describe('CSS: only the classes and properties of Cognito\'s template, no at-rules, no script', () => {
    const cases: Array<[string, string, string]> = [
      ['a class not in the template', '.my-class { color: red; }', 'CSS class .my-class is not supported. Use only the classes of Cognito\'s hosted UI template.'],
      ['an element selector', 'body { color: red; }', 'CSS class body is not supported. Use only the classes of Cognito\'s hosted UI template.'],
      ['a descendant selector', '.banner-customizable img { color: red; }', 'CSS class .banner-customizable img is not supported. Use only the classes of Cognito\'s hosted UI template.'],
      ['a pseudo-class the template does not have', '.label-customizable:hover { color: red; }', 'CSS class .label-customizable:hover is not supported. Use only the classes of Cognito\'s hosted UI template.'],
      ['a property the class does not take', '.label-customizable { position: absolute; }', 'CSS property position is not supported for class .label-customizable.'],
      ['a property of another class', '.background-customizable { font-size: 40px; }', 'CSS property font-size is not supported for class .background-customizable.'],
      ['@import', '@import url(https://evil.example/x.css);', 'CSS may not contain @import statements.'],
      ['@media', '@media (max-width: 100px) { .label-customizable { color: red; } }', 'CSS may not contain @media statements.'],
      ['a javascript: URL', '.banner-customizable { background-color: javascript:alert(1); }', 'CSS may not contain JavaScript.'],
      ['expression()', '.banner-customizable { background-color: expression(alert(1)); }', 'CSS may not contain JavaScript.'],
      ['a declaration without a value', '.label-customizable { color; }', 'CSS declaration "color" has no value.'],
      ['an unclosed block', '.label-customizable { color: red;', 'CSS is not valid: every rule is a class selector and a block in braces.'],
      ['text outside any rule', 'color: red; .label-customizable { color: red; }', 'CSS is not valid: every rule is a class selector and a block in braces.'],
    ];
    for (const [what, css, message] of cases) {
      it(`refuses ${what}`, async () => {
        await rejectsWith(set({ ClientId: 'ALL', CSS: css }), 'InvalidParameterException', message);
      });
    }

    it('a refused CSS changes nothing', async () => {
      const pool = await newPool(s);
      await set({ ClientId: 'ALL', CSS: TEMPLATE }, pool);
      await rejectsWith(set({ ClientId: 'ALL', CSS: '.x { color: red; }' }, pool), 'InvalidParameterException');
      assert.equal((await get(undefined, pool)).UICustomization!.CSS, TEMPLATE);
    });

    it('takes an empty CSS', async () => {
      assert.equal((await set({ ClientId: 'ALL', CSS: '' })).UICustomization!.CSS, '');
    });
  });

  describe('the logo: PNG or JPEG, at most 100 KB', () => {
    it('refuses another file type', async () => {
      await rejectsWith(set({ ClientId: 'ALL', ImageFile: GIF }), 'InvalidParameterException', 'The logo image file must be a PNG, JPG or JPEG image.');
    });

    it('refuses a logo over 100 KB', async () => {
      const big = Buffer.concat([PNG, Buffer.alloc(100 * 1024 + 1 - PNG.length)]);
      await rejectsWith(set({ ClientId: 'ALL', ImageFile: big }), 'InvalidParameterException', 'The logo image file is larger than 102400 bytes (100 KB).');
      const atLimit = Buffer.concat([PNG, Buffer.alloc(100 * 1024 - PNG.length)]);
      assert.ok((await set({ ClientId: 'ALL', ImageFile: atLimit })).UICustomization!.ImageUrl);
    });

    it('an ImageFile over the model\'s 131072 bytes is a validation error naming the decoded length', async () => {
      const huge = Buffer.concat([PNG, Buffer.alloc(131073 - PNG.length)]);
      await rejectsWith(
        set({ ClientId: 'ALL', ImageFile: huge }),
        'InvalidParameterException',
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=131073 cap=131073]' at 'imageFile' failed to satisfy constraint: Member must have length less than or equal to 131072",
      );
    });
  });
});
