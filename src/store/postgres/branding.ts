import type { BrandingRepository, ManagedLoginBrandingRecord } from '../types.js';
import { assetParams, settingsText, toAsset, toStyle, toUiCustomization, uiParams } from '../branding-rows.js';
import type { Row } from '../rows.js';
import { BRANDING } from '../sql/branding.js';
import { changed, first, insert, type PostgresContext, type Sql } from './connection.js';

/** Managed-login branding styles with their assets, and classic UI customizations (one row per pool or client). */
export function branding({ sql, tx }: PostgresContext): BrandingRepository {
  const withAssets = async (q: Sql, r: Row | undefined, withBytes = true): Promise<ManagedLoginBrandingRecord | undefined> =>
    r && toStyle(r, (await q(withBytes ? BRANDING.listAssets : BRANDING.listAssetsWithoutBytes, [r.pool_id, r.branding_id])).rows.map(toAsset));
  const putAssets = async (q: Sql, s: ManagedLoginBrandingRecord): Promise<void> => {
    for (const a of s.assets) await q(BRANDING.insertAsset, assetParams(s.poolId, s.brandingId, a));
  };
  // A style and its assets are read in one transaction: an update between the two reads would mix two versions.
  const readStyle = (text: string, poolId: string, key: string, withBytes?: boolean) =>
    tx(async (q) => withAssets(q, (await q(text, [poolId, key])).rows[0], withBytes));
  return {
    async createStyle(s) {
      await insert('branding', () =>
        tx(async (q) => {
          await q(BRANDING.insertStyle, [s.poolId, s.brandingId, s.clientId, s.useCognitoProvidedValues, settingsText(s), s.createdAt, s.updatedAt]);
          await putAssets(q, s);
        }),
      );
    },
    async getStyle(poolId, brandingId) {
      return readStyle(BRANDING.getStyle, poolId, brandingId);
    },
    async getStyleByClient(poolId, clientId, withBytes) {
      return readStyle(BRANDING.getStyleByClient, poolId, clientId, withBytes);
    },
    async updateStyle(s) {
      return tx(async (q) => {
        if ((await changed(q(BRANDING.updateStyle, [s.useCognitoProvidedValues, settingsText(s), s.updatedAt, s.poolId, s.brandingId]))) !== 1) return false;
        await q(BRANDING.deleteAssets, [s.poolId, s.brandingId]);
        await putAssets(q, s);
        return true;
      });
    },
    async deleteStyle(poolId, brandingId) {
      return tx(async (q) => {
        await q(BRANDING.deleteAssets, [poolId, brandingId]);
        return (await changed(q(BRANDING.deleteStyle, [poolId, brandingId]))) === 1;
      });
    },
    async getAsset(poolId, brandingId, category, colorMode) {
      return first(sql(BRANDING.getAsset, [poolId, brandingId, category, colorMode]), toAsset);
    },
    async putUiCustomization(ui) {
      await sql(BRANDING.putUi, uiParams(ui));
    },
    async getUiCustomization(poolId, clientId) {
      return first(sql(BRANDING.getUi, [poolId, clientId]), toUiCustomization);
    },
    async deleteForClient(poolId, clientId) {
      await tx(async (q) => {
        const style = (await q(BRANDING.getStyleByClient, [poolId, clientId])).rows[0];
        if (style) {
          await q(BRANDING.deleteAssets, [poolId, style.branding_id]);
          await q(BRANDING.deleteStyle, [poolId, style.branding_id]);
        }
        await q(BRANDING.deleteUi, [poolId, clientId]);
      });
    },
  };
}
