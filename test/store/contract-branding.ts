import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StoreConflictError, type ManagedLoginBrandingRecord, type Store, type UiCustomizationRecord } from '../../src/store/types.js';

/**
 * The branding part of the store contract (runStoreContract calls it inside its own describe, after its reset hook):
 * one managed-login style per app client, its assets kept with it byte for byte, UI customizations per (pool, client),
 * each gone with its client and its pool.
 */
export function describeBrandingContract(stores: () => { store: Store; other: Store }): void {
  describe('branding', () => {
    const P = 'us-east-1_branding';
    const T0 = 1_700_000_000_000;
    // Every byte value, so that no driver may treat the image as text.
    const png = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const style = (brandingId: string, clientId: string, over: Partial<ManagedLoginBrandingRecord> = {}): ManagedLoginBrandingRecord => ({
      poolId: P, brandingId, clientId, useCognitoProvidedValues: false, settings: { categories: { global: { colorSchemeMode: 'DARK' } }, n: 1.5 },
      assets: [
        { category: 'FAVICON_ICO', colorMode: 'LIGHT', extension: 'ICO', bytes: png },
        { category: 'IDP_BUTTON_ICON', colorMode: 'DARK', extension: 'PNG', bytes: png, resourceId: 'Google' },
        { category: 'IDP_BUTTON_ICON', colorMode: 'DARK', extension: 'SVG', bytes: Buffer.from('<svg/>'), resourceId: 'Okta' },
      ],
      createdAt: T0, updatedAt: T0, ...over,
    });
    const ui = (clientId: string, over: Partial<UiCustomizationRecord> = {}): UiCustomizationRecord => ({
      poolId: P, clientId, css: '.label-customizable { font-weight: 400; }', image: png, imageExtension: 'png', cssVersion: '20231114221320',
      createdAt: T0, updatedAt: T0, ...over,
    });

    it('creates a style and reads it back by id and by client, assets byte for byte in key order; absent members stay absent', async () => {
      const { store, other } = stores();
      const s = style('b-1', 'client1');
      await store.branding.createStyle(s);
      assert.deepEqual(await other.branding.getStyle(P, 'b-1'), s);
      assert.deepEqual(await other.branding.getStyleByClient(P, 'client1'), s);
      assert.deepEqual(
        await other.branding.getStyleByClient(P, 'client1', false),
        { ...s, assets: s.assets.map(({ bytes: _, ...rest }) => rest) },
        'without the bytes when asked',
      );
      const bare = style('b-2', 'client2', { useCognitoProvidedValues: true, settings: undefined, assets: [] });
      delete bare.settings;
      await store.branding.createStyle(bare);
      assert.deepEqual(await store.branding.getStyle(P, 'b-2'), bare);
      assert.equal(await store.branding.getStyle(P, 'b-missing'), undefined);
      assert.equal(await store.branding.getStyle('us-east-1_other', 'b-1'), undefined);
      assert.equal(await store.branding.getStyleByClient(P, 'client3'), undefined);
    });

    it('one style per client: a second one is StoreConflictError (also under a race) and leaves no assets behind', async () => {
      const { store, other } = stores();
      await store.branding.createStyle(style('b-1', 'client1'));
      await assert.rejects(store.branding.createStyle(style('b-2', 'client1')), (e) => e instanceof StoreConflictError);
      assert.equal(await store.branding.getStyle(P, 'b-2'), undefined);
      assert.equal(await store.branding.getAsset(P, 'b-2', 'FAVICON_ICO', 'LIGHT'), undefined, 'the failed create wrote no asset');
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? store : other).branding.createStyle(style(`r-${i}`, 'client-race'))),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof StoreConflictError));
    });

    it('updates flag, settings and the whole asset set; false for a missing style', async () => {
      const { store } = stores();
      await store.branding.createStyle(style('b-1', 'client1'));
      const next = style('b-1', 'client1', {
        useCognitoProvidedValues: true, settings: { other: [1, 'two'] }, updatedAt: T0 + 5,
        assets: [{ category: 'PAGE_BACKGROUND', colorMode: 'DYNAMIC', extension: 'WEBP', bytes: Buffer.from([0, 1]) }],
      });
      assert.equal(await store.branding.updateStyle(next), true);
      assert.deepEqual(await store.branding.getStyle(P, 'b-1'), next);
      assert.equal(await store.branding.getAsset(P, 'b-1', 'FAVICON_ICO', 'LIGHT'), undefined, 'replaced assets are gone');
      assert.equal(await store.branding.updateStyle(style('b-missing', 'clientX')), false);
      assert.equal(await store.branding.getStyle(P, 'b-missing'), undefined, 'update does not create');
    });

    it('reads one asset by category and color mode', async () => {
      const { store } = stores();
      await store.branding.createStyle(style('b-1', 'client1'));
      assert.deepEqual(await store.branding.getAsset(P, 'b-1', 'FAVICON_ICO', 'LIGHT'), { category: 'FAVICON_ICO', colorMode: 'LIGHT', extension: 'ICO', bytes: png });
      assert.equal((await store.branding.getAsset(P, 'b-1', 'IDP_BUTTON_ICON', 'DARK'))!.resourceId, 'Google');
      assert.equal(await store.branding.getAsset(P, 'b-1', 'FAVICON_ICO', 'DARK'), undefined);
    });

    it('deletes a style with its assets; the client may then have a new one', async () => {
      const { store } = stores();
      await store.branding.createStyle(style('b-1', 'client1'));
      assert.equal(await store.branding.deleteStyle(P, 'b-1'), true);
      assert.equal(await store.branding.deleteStyle(P, 'b-1'), false);
      assert.equal(await store.branding.getStyle(P, 'b-1'), undefined);
      assert.equal(await store.branding.getAsset(P, 'b-1', 'FAVICON_ICO', 'LIGHT'), undefined);
      await store.branding.createStyle(style('b-2', 'client1'));
      assert.equal((await store.branding.getStyleByClient(P, 'client1'))!.brandingId, 'b-2');
    });

    it('puts, replaces and reads UI customizations per (pool, client); absent members stay absent', async () => {
      const { store, other } = stores();
      await store.branding.putUiCustomization(ui('ALL'));
      await store.branding.putUiCustomization(ui('client1', { css: undefined, image: undefined, imageExtension: undefined }));
      assert.deepEqual(await other.branding.getUiCustomization(P, 'ALL'), ui('ALL'));
      const bare = await store.branding.getUiCustomization(P, 'client1');
      for (const k of ['css', 'image', 'imageExtension'] as const) assert.equal(k in bare!, false, k);
      const next = ui('ALL', { css: '', image: undefined, imageExtension: undefined, cssVersion: '20231114221321', updatedAt: T0 + 1 });
      await store.branding.putUiCustomization(next);
      const read = await store.branding.getUiCustomization(P, 'ALL');
      assert.equal(read!.css, '', 'empty CSS is kept as given');
      assert.equal(read!.createdAt, T0, 'a replacement keeps the creation time');
      assert.equal(read!.updatedAt, T0 + 1);
      assert.equal(read!.image, undefined);
      assert.equal(await store.branding.getUiCustomization(P, 'client2'), undefined);
    });

    it('deleteForClient removes the client\'s style, assets and customization, and nothing of other clients', async () => {
      const { store } = stores();
      await store.branding.createStyle(style('b-1', 'client1'));
      await store.branding.createStyle(style('b-2', 'client2'));
      await store.branding.putUiCustomization(ui('client1'));
      await store.branding.putUiCustomization(ui('ALL'));
      await store.branding.deleteForClient(P, 'client1');
      assert.equal(await store.branding.getStyle(P, 'b-1'), undefined);
      assert.equal(await store.branding.getAsset(P, 'b-1', 'FAVICON_ICO', 'LIGHT'), undefined);
      assert.equal(await store.branding.getUiCustomization(P, 'client1'), undefined);
      assert.ok(await store.branding.getStyle(P, 'b-2'));
      assert.ok(await store.branding.getUiCustomization(P, 'ALL'));
      await store.branding.deleteForClient(P, 'client-none');
    });

    it('goes with its pool', async () => {
      const { store } = stores();
      await store.pools.create({ id: P, name: 'p', createdAt: T0, updatedAt: T0, config: {} });
      await store.branding.createStyle(style('b-1', 'client1'));
      await store.branding.putUiCustomization(ui('ALL'));
      await store.pools.delete(P);
      assert.equal(await store.branding.getStyle(P, 'b-1'), undefined);
      assert.equal(await store.branding.getAsset(P, 'b-1', 'FAVICON_ICO', 'LIGHT'), undefined);
      assert.equal(await store.branding.getUiCustomization(P, 'ALL'), undefined);
    });
  });
}
