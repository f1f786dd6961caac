import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateManagedLoginBrandingCommand,
  DeleteManagedLoginBrandingCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeManagedLoginBrandingCommand,
  UpdateManagedLoginBrandingCommand,
  type AssetType,
  type CreateManagedLoginBrandingRequest,
  type UpdateManagedLoginBrandingRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { newClient, newPool } from '../auth/helpers.js';
import { effectiveBranding } from '../../src/domain/branding/branding.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const SVG = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
const ICO = Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([4, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const asset = (Category: AssetType['Category'], ColorMode: AssetType['ColorMode'], Extension: AssetType['Extension'], Bytes: Uint8Array, ResourceId?: string): AssetType => ({
  Category, ColorMode, Extension, Bytes, ...(ResourceId && { ResourceId }),
});
const SETTINGS = { categories: { global: { colorSchemeMode: 'DARK', pageHeader: { enabled: true } } }, componentClasses: { buttons: { borderRadius: 16.0 } } };

describe('managed-login branding: Create / Describe / DescribeByClient / Update / DeleteManagedLoginBranding', () => {
  let s: TestServer;
  let poolId: string;
  before(async () => {
    s = await startTestServer();
    poolId = await newPool(s);
  });
  after(async () => s.stop());

  const create = (clientId: string, extra: Partial<CreateManagedLoginBrandingRequest> = {}, pool = poolId) =>
    s.client.send(new CreateManagedLoginBrandingCommand({ UserPoolId: pool, ClientId: clientId, ...extra }));
  const describeStyle = (id: string, merged?: boolean, pool = poolId) =>
    s.client.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: pool, ManagedLoginBrandingId: id, ReturnMergedResources: merged }));
  const byClient = (clientId: string, merged?: boolean, pool = poolId) =>
    s.client.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: pool, ClientId: clientId, ReturnMergedResources: merged }));
  const update = (id: string, extra: Partial<UpdateManagedLoginBrandingRequest> = {}) =>
    s.client.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, ...extra }));
  const noStyle = (id: string) => `Managed login branding ${id} does not exist.`;

  it('creates a style with Cognito\'s values: no settings of its own, merged ones on request', async () => {
    const { clientId } = await newClient(s, poolId);
    const { ManagedLoginBranding: b } = await create(clientId, { UseCognitoProvidedValues: true });
    assert.match(b!.ManagedLoginBrandingId!, UUID_V4);
    assert.equal(b!.UserPoolId, poolId);
    assert.equal(b!.UseCognitoProvidedValues, true);
    assert.equal(b!.Settings, undefined);
    assert.deepEqual(b!.Assets, []);
    assert.equal(b!.CreationDate!.getTime(), b!.LastModifiedDate!.getTime());
    assert.deepEqual((await describeStyle(b!.ManagedLoginBrandingId!)).ManagedLoginBranding, b);
    assert.deepEqual((await byClient(clientId)).ManagedLoginBranding, b);
    const merged = (await byClient(clientId, true)).ManagedLoginBranding!.Settings as any;
    assert.equal(merged.categories.global.colorSchemeMode, 'LIGHT');
    assert.equal(merged.componentClasses.buttons.borderRadius, 8);
  });

  it('creates a style with settings and assets: answered as given, assets in key order with their bytes; merged with Cognito\'s values on request', async () => {
    const { clientId } = await newClient(s, poolId);
    const assets = [
      asset('PAGE_FOOTER_BACKGROUND', 'DARK', 'SVG', SVG),
      asset('FAVICON_ICO', 'LIGHT', 'ICO', ICO),
      asset('IDP_BUTTON_ICON', 'DYNAMIC', 'PNG', PNG, 'Google'),
      asset('PAGE_BACKGROUND', 'LIGHT', 'WEBP', WEBP),
    ];
    const { ManagedLoginBranding: b } = await create(clientId, { Settings: SETTINGS, Assets: assets });
    assert.equal(b!.UseCognitoProvidedValues, false);
    assert.deepEqual(b!.Settings, SETTINGS);
    assert.deepEqual(b!.Assets!.map((a) => a.Category), ['FAVICON_ICO', 'IDP_BUTTON_ICON', 'PAGE_BACKGROUND', 'PAGE_FOOTER_BACKGROUND']);
    assert.deepEqual(Buffer.from(b!.Assets![0]!.Bytes!), ICO);
    assert.equal(b!.Assets![1]!.ResourceId, 'Google');
    assert.deepEqual(Buffer.from(b!.Assets![3]!.Bytes!), SVG);
    assert.deepEqual((await describeStyle(b!.ManagedLoginBrandingId!)).ManagedLoginBranding, b);

    const merged = (await describeStyle(b!.ManagedLoginBrandingId!, true)).ManagedLoginBranding!.Settings as any;
    assert.equal(merged.categories.global.colorSchemeMode, 'DARK', 'the style\'s own value wins');
    assert.equal(merged.categories.global.pageHeader.enabled, true);
    assert.equal(merged.categories.global.spacingDensity, 'REGULAR', 'Cognito\'s value fills what the style leaves out');
    assert.equal(merged.componentClasses.buttons.borderRadius, 16);
    assert.ok(merged.components.primaryButton, 'whole sections the style does not name come from Cognito');

    // The hosted pages' view: settings merged, assets listed without bytes, each image read on its own.
    const eff = await effectiveBranding(s.deps, poolId, clientId);
    assert.equal(eff.managedLogin!.style.brandingId, b!.ManagedLoginBrandingId);
    assert.deepEqual(eff.managedLogin!.settings, merged);
    assert.equal(eff.managedLogin!.style.assets.length, 4);
    assert.ok(eff.managedLogin!.style.assets.every((a) => a.bytes === undefined));
    const footer = await s.store.branding.getAsset(poolId, b!.ManagedLoginBrandingId!, 'PAGE_FOOTER_BACKGROUND', 'DARK');
    assert.deepEqual(Buffer.from(footer!.bytes!), SVG);
  });

  it('a style is created without UseCognitoProvidedValues or settings too (Cognito\'s values until updated)', async () => {
    const { clientId } = await newClient(s, poolId);
    const { ManagedLoginBranding: b } = await create(clientId);
    assert.equal(b!.UseCognitoProvidedValues, false);
    assert.equal(b!.Settings, undefined);
  });

  it('one style per app client: a second one is ManagedLoginBrandingExistsException; another client may have its own', async () => {
    const { clientId } = await newClient(s, poolId);
    await create(clientId, { UseCognitoProvidedValues: true });
    await rejectsWith(create(clientId, { Settings: SETTINGS }), 'ManagedLoginBrandingExistsException', `App client ${clientId} already has a managed login branding style.`);
    const concurrent = await Promise.allSettled([1, 2, 3, 4].map(async () => create((await newClient(s, poolId)).clientId)));
    assert.ok(concurrent.every((r) => r.status === 'fulfilled'));
  });

  it('concurrent creates for one client: exactly one style', async () => {
    const { clientId } = await newClient(s, poolId);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => create(clientId, { UseCognitoProvidedValues: true })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'ManagedLoginBrandingExistsException');
  });

  it('updates: settings merge into the stored ones, assets replace theirs by category, color mode and resource id; the rest stays', async () => {
    const { clientId } = await newClient(s, poolId);
    const { ManagedLoginBranding: b } = await create(clientId, {
      Settings: SETTINGS,
      Assets: [asset('FAVICON_ICO', 'LIGHT', 'ICO', ICO), asset('FORM_LOGO', 'LIGHT', 'PNG', PNG)],
    });
    const id = b!.ManagedLoginBrandingId!;
    s.clock.advance(5000);
    const { ManagedLoginBranding: u } = await update(id, {
      Settings: { categories: { global: { colorSchemeMode: 'LIGHT' } } },
      Assets: [asset('FORM_LOGO', 'LIGHT', 'SVG', SVG), asset('FORM_LOGO', 'DARK', 'PNG', PNG)],
    });
    assert.deepEqual(u!.Settings, {
      categories: { global: { colorSchemeMode: 'LIGHT', pageHeader: { enabled: true } } },
      componentClasses: { buttons: { borderRadius: 16 } },
    });
    assert.deepEqual(u!.Assets!.map((a) => `${a.Category}/${a.ColorMode}/${a.Extension}`), ['FAVICON_ICO/LIGHT/ICO', 'FORM_LOGO/DARK/PNG', 'FORM_LOGO/LIGHT/SVG']);
    assert.equal(u!.LastModifiedDate!.getTime() - u!.CreationDate!.getTime(), 5000);
    assert.deepEqual((await describeStyle(id)).ManagedLoginBranding, u);

    const { ManagedLoginBranding: same } = await update(id);
    assert.deepEqual(same!.Settings, u!.Settings, 'an update that names nothing changes nothing but the date');
    assert.equal(same!.Assets!.length, 3);

    const { ManagedLoginBranding: reset } = await update(id, { UseCognitoProvidedValues: true });
    assert.equal(reset!.UseCognitoProvidedValues, true);
    assert.equal(reset!.Settings, undefined);
    assert.deepEqual(reset!.Assets, []);
    const { ManagedLoginBranding: again } = await update(id, { Settings: { categories: { form: { displayGraphics: false } } } });
    assert.equal(again!.UseCognitoProvidedValues, false, 'settings of its own end Cognito\'s values');
    assert.deepEqual(again!.Settings, { categories: { form: { displayGraphics: false } } });
  });

  it('deletes a style: it is gone by id and by client, and the client may get a new one', async () => {
    const { clientId } = await newClient(s, poolId);
    const { ManagedLoginBranding: b } = await create(clientId, { UseCognitoProvidedValues: true });
    const id = b!.ManagedLoginBrandingId!;
    await s.client.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }));
    await rejectsWith(describeStyle(id), 'ResourceNotFoundException', noStyle(id));
    await rejectsWith(byClient(clientId), 'ResourceNotFoundException', `App client ${clientId} has no managed login branding style.`);
    await rejectsWith(s.client.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id })), 'ResourceNotFoundException', noStyle(id));
    await rejectsWith(update(id, { UseCognitoProvidedValues: true }), 'ResourceNotFoundException', noStyle(id));
    assert.ok((await create(clientId)).ManagedLoginBranding);
  });

  it('deleting the app client or the pool deletes the style and its assets', async () => {
    const pool = await newPool(s);
    const a = await newClient(s, pool);
    const { ManagedLoginBranding: b } = await create(a.clientId, { Assets: [asset('FORM_LOGO', 'LIGHT', 'PNG', PNG)] }, pool);
    await s.client.send(new DeleteUserPoolClientCommand({ UserPoolId: pool, ClientId: a.clientId }));
    await rejectsWith(describeStyle(b!.ManagedLoginBrandingId!, false, pool), 'ResourceNotFoundException', noStyle(b!.ManagedLoginBrandingId!));
    assert.equal(await s.store.branding.getAsset(pool, b!.ManagedLoginBrandingId!, 'FORM_LOGO', 'LIGHT'), undefined);

    const c = await newClient(s, pool);
    const { ManagedLoginBranding: b2 } = await create(c.clientId, { Assets: [asset('FORM_LOGO', 'LIGHT', 'PNG', PNG)] }, pool);
    await s.client.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
    assert.equal(await s.store.branding.getStyle(pool, b2!.ManagedLoginBrandingId!), undefined);
    assert.equal(await s.store.branding.getAsset(pool, b2!.ManagedLoginBrandingId!, 'FORM_LOGO', 'LIGHT'), undefined);
  });

  it('unknown pool, client or style: ResourceNotFoundException', async () => {
    const { clientId } = await newClient(s, poolId);
    const missing = '0f1e2d3c-4b5a-4968-8776-655443322110';
    await rejectsWith(create(clientId, {}, 'us-east-1_nothere'), 'ResourceNotFoundException', 'User pool us-east-1_nothere does not exist.');
    await rejectsWith(create('nosuchclient1'), 'ResourceNotFoundException', 'User pool client nosuchclient1 does not exist.');
    await rejectsWith(byClient('nosuchclient1'), 'ResourceNotFoundException', 'User pool client nosuchclient1 does not exist.');
    await rejectsWith(byClient(clientId), 'ResourceNotFoundException', `App client ${clientId} has no managed login branding style.`);
    await rejectsWith(describeStyle(missing), 'ResourceNotFoundException', noStyle(missing));
    await rejectsWith(update(missing, { UseCognitoProvidedValues: true }), 'ResourceNotFoundException', noStyle(missing));
    // A style of another pool is not found through this one.
    const other = await newPool(s);
    const { ManagedLoginBranding: b } = await create((await newClient(s, other)).clientId, {}, other);
    await rejectsWith(describeStyle(b!.ManagedLoginBrandingId!), 'ResourceNotFoundException', noStyle(b!.ManagedLoginBrandingId!));
  });

  describe('validation', () => {
    let clientId: string;
    before(async () => {
      clientId = (await newClient(s, poolId)).clientId;
    });

    const invalid: Array<[string, Partial<CreateManagedLoginBrandingRequest>, string]> = [
      ['UseCognitoProvidedValues with Settings', { UseCognitoProvidedValues: true, Settings: SETTINGS }, 'Settings and Assets must be omitted when UseCognitoProvidedValues is true.'],
      ['UseCognitoProvidedValues with Assets', { UseCognitoProvidedValues: true, Assets: [asset('FORM_LOGO', 'LIGHT', 'PNG', PNG)] }, 'Settings and Assets must be omitted when UseCognitoProvidedValues is true.'],
      ['Settings that are not an object', { Settings: ['a', 'list'] as any }, 'Settings must be a JSON object.'],
      ['an ICO favicon of another type', { Assets: [asset('FAVICON_ICO', 'LIGHT', 'PNG', PNG)] }, 'Asset FAVICON_ICO (LIGHT) cannot have the extension PNG: use ICO.'],
      ['an SVG favicon of another type', { Assets: [asset('FAVICON_SVG', 'DARK', 'ICO', ICO)] }, 'Asset FAVICON_SVG (DARK) cannot have the extension ICO: use SVG.'],
      ['an ICO that is not a favicon', { Assets: [asset('PAGE_HEADER_LOGO', 'LIGHT', 'ICO', ICO)] }, 'Asset PAGE_HEADER_LOGO (LIGHT) cannot have the extension ICO: use JPEG, PNG, SVG, WEBP.'],
      ['bytes that are not of the extension', { Assets: [asset('FORM_LOGO', 'LIGHT', 'PNG', Buffer.from('just text'))] }, 'Asset FORM_LOGO (LIGHT) is not a PNG file.'],
      ['a JPEG that is a PNG', { Assets: [asset('FORM_LOGO', 'LIGHT', 'JPEG', PNG)] }, 'Asset FORM_LOGO (LIGHT) is not a JPEG file.'],
      ['an asset without bytes', { Assets: [{ Category: 'FORM_LOGO', ColorMode: 'LIGHT', Extension: 'PNG' }] }, 'Asset FORM_LOGO (LIGHT) has no Bytes.'],
      ['two assets of one category and color mode', { Assets: [asset('FORM_LOGO', 'LIGHT', 'PNG', PNG), asset('FORM_LOGO', 'LIGHT', 'SVG', SVG)] }, 'Asset FORM_LOGO (LIGHT) is given more than once.'],
    ];
    for (const [what, extra, message] of invalid) {
      it(`refuses ${what} (InvalidParameterException), on create and on update, and stores nothing`, async () => {
        await rejectsWith(create(clientId, extra), 'InvalidParameterException', message);
        await rejectsWith(byClient(clientId), 'ResourceNotFoundException');
        const other = (await newClient(s, poolId)).clientId;
        const { ManagedLoginBranding: b } = await create(other, { Settings: { keep: true } });
        await rejectsWith(update(b!.ManagedLoginBrandingId!, extra), 'InvalidParameterException', message);
        assert.deepEqual((await byClient(other)).ManagedLoginBranding!.Settings, { keep: true });
      });
    }

    it('the model\'s limits: 40 assets a request, 1000000 bytes an asset (decoded), an invalid category', async () => {
      const many = Array.from({ length: 41 }, () => asset('FORM_LOGO', 'LIGHT', 'PNG', PNG));
      await rejectsWith(create(clientId, { Assets: many }), 'InvalidParameterException', /^1 validation error detected: Value '\[.*' at 'assets' failed to satisfy constraint: Member must have length less than or equal to 40$/);
      const big = Buffer.concat([PNG, Buffer.alloc(1_000_001 - PNG.length)]);
      await rejectsWith(
        create(clientId, { Assets: [asset('FORM_LOGO', 'LIGHT', 'PNG', big)] }),
        'InvalidParameterException',
        "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1000001 cap=1000001]' at 'assets.1.member.bytes' failed to satisfy constraint: Member must have length less than or equal to 1000000",
      );
      await rejectsWith(create(clientId, { Assets: [asset('LOGO' as any, 'LIGHT', 'PNG', PNG)] }), 'InvalidParameterException', /Member must satisfy enum value set/);
    });

    it('an asset of 1000000 bytes is taken (the request is over 1 MiB: the branding operations take 2 MB)', async () => {
      const other = (await newClient(s, poolId)).clientId;
      const max = Buffer.concat([PNG, Buffer.alloc(1_000_000 - PNG.length, 1)]);
      const { ManagedLoginBranding: b } = await create(other, { Assets: [asset('PAGE_BACKGROUND', 'LIGHT', 'PNG', max)] });
      assert.equal(Buffer.from(b!.Assets![0]!.Bytes!).length, 1_000_000);
    });

    it('a branding request over 2 MiB is refused before it is read (RequestEntityTooLargeException, 413); other operations keep 1 MiB', async () => {
      const body = JSON.stringify({ UserPoolId: poolId, ClientId: clientId, Settings: { pad: 'x'.repeat(2 * 1024 * 1024) } });
      const r = await rawCall(s.url, 'CreateManagedLoginBranding', body);
      assert.equal(r.status, 413);
      assert.deepEqual(r.json, { __type: 'RequestEntityTooLargeException', message: 'Request body is larger than 2097152 bytes.' });
      const other = await rawCall(s.url, 'SetUICustomization', JSON.stringify({ UserPoolId: poolId, CSS: 'x'.repeat(1024 * 1024) }));
      assert.equal(other.status, 413);
      assert.equal(other.json.message, 'Request body is larger than 1048576 bytes.');
    });

    it('an update may not take a style past 40 assets', async () => {
      const other = (await newClient(s, poolId)).clientId;
      const categories = ['EMAIL_GRAPHIC', 'SMS_GRAPHIC', 'AUTH_APP_GRAPHIC', 'PASSWORD_GRAPHIC', 'PASSKEY_GRAPHIC', 'PAGE_HEADER_LOGO', 'PAGE_HEADER_BACKGROUND', 'PAGE_FOOTER_LOGO', 'PAGE_FOOTER_BACKGROUND', 'PAGE_BACKGROUND', 'FORM_BACKGROUND', 'FORM_LOGO', 'IDP_BUTTON_ICON'] as const;
      const all = categories.flatMap((c) => (['LIGHT', 'DARK', 'DYNAMIC'] as const).map((m) => asset(c, m, 'PNG', PNG)));
      const { ManagedLoginBranding: b } = await create(other, { Assets: all.slice(0, 39) });
      await rejectsWith(
        update(b!.ManagedLoginBrandingId!, { Assets: [asset('IDP_BUTTON_ICON', 'DYNAMIC', 'PNG', PNG, 'Okta'), asset('IDP_BUTTON_ICON', 'DYNAMIC', 'PNG', PNG, 'Google')] }),
        'InvalidParameterException',
        'A managed login branding style can have at most 40 assets.',
      );
      const { ManagedLoginBranding: u } = await update(b!.ManagedLoginBrandingId!, { Assets: [asset('IDP_BUTTON_ICON', 'DYNAMIC', 'PNG', PNG, 'Okta')] });
      assert.equal(u!.Assets!.length, 40);
    });

    it('UpdateManagedLoginBranding needs the pool and the style id (members the model leaves optional)', async () => {
      await rejectsWith(
        s.client.send(new UpdateManagedLoginBrandingCommand({ ManagedLoginBrandingId: '0f1e2d3c-4b5a-4968-8776-655443322110' })),
        'InvalidParameterException',
        "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null",
      );
      await rejectsWith(
        s.client.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId })),
        'InvalidParameterException',
        "1 validation error detected: Value null at 'managedLoginBrandingId' failed to satisfy constraint: Member must not be null",
      );
    });
  });
});
