import type { BrandingRepository, ManagedLoginBrandingRecord } from '../types.js';
import { assetParams, settingsText, toAsset, toStyle, toUiCustomization, uiParams } from '../branding-rows.js';
import type { Row } from '../rows.js';
import { BRANDING } from '../sql/branding.js';
import type { SqliteContext } from './connection.js';

/** Managed-login branding styles with their assets, and classic UI customizations (one row per pool or client). */
export function branding({ db, one, all, run, insert }: SqliteContext): BrandingRepository {
  const withAssets = (r: Row | undefined, withBytes = true): ManagedLoginBrandingRecord | undefined =>
    r && toStyle(r, all(withBytes ? BRANDING.listAssets : BRANDING.listAssetsWithoutBytes, r.pool_id, r.branding_id).map(toAsset));
  const putAssets = (s: ManagedLoginBrandingRecord): void => {
    for (const a of s.assets) run(BRANDING.insertAsset, ...assetParams(s.poolId, s.brandingId, a));
  };
  const createTx = db.transaction((s: ManagedLoginBrandingRecord) => {
    insert('branding', BRANDING.insertStyle, s.poolId, s.brandingId, s.clientId, s.useCognitoProvidedValues ? 1 : 0, settingsText(s), s.createdAt, s.updatedAt);
    putAssets(s);
  });
  const updateTx = db.transaction((s: ManagedLoginBrandingRecord): boolean => {
    if (run(BRANDING.updateStyle, s.useCognitoProvidedValues ? 1 : 0, settingsText(s), s.updatedAt, s.poolId, s.brandingId) !== 1) return false;
    run(BRANDING.deleteAssets, s.poolId, s.brandingId);
    putAssets(s);
    return true;
  });
  const deleteTx = db.transaction((poolId: string, brandingId: string): boolean => {
    run(BRANDING.deleteAssets, poolId, brandingId);
    return run(BRANDING.deleteStyle, poolId, brandingId) === 1;
  });
  const deleteForClientTx = db.transaction((poolId: string, clientId: string) => {
    const style = one(BRANDING.getStyleByClient, poolId, clientId);
    if (style) {
      run(BRANDING.deleteAssets, poolId, style.branding_id);
      run(BRANDING.deleteStyle, poolId, style.branding_id);
    }
    run(BRANDING.deleteUi, poolId, clientId);
  });
  return {
    async createStyle(s) {
      createTx.immediate(s);
    },
    async getStyle(poolId, brandingId) {
      return withAssets(one(BRANDING.getStyle, poolId, brandingId));
    },
    async getStyleByClient(poolId, clientId, withBytes) {
      return withAssets(one(BRANDING.getStyleByClient, poolId, clientId), withBytes);
    },
    async updateStyle(s) {
      return updateTx.immediate(s);
    },
    async deleteStyle(poolId, brandingId) {
      return deleteTx.immediate(poolId, brandingId);
    },
    async getAsset(poolId, brandingId, category, colorMode) {
      const r = one(BRANDING.getAsset, poolId, brandingId, category, colorMode);
      return r && toAsset(r);
    },
    async putUiCustomization(ui) {
      run(BRANDING.putUi, ...uiParams(ui));
    },
    async getUiCustomization(poolId, clientId) {
      const r = one(BRANDING.getUi, poolId, clientId);
      return r && toUiCustomization(r);
    },
    async deleteForClient(poolId, clientId) {
      deleteForClientTx.immediate(poolId, clientId);
    },
  };
}
