import type { BrandingAssetRecord, ManagedLoginBrandingRecord, UiCustomizationRecord } from './types.js';
import { json, opt, parse, type Row } from './rows.js';

/** branding_* and ui_customizations rows → records, for both adapters (SQLite gives 0/1, PostgreSQL booleans). */
export function toStyle(r: Row, assets: BrandingAssetRecord[]): ManagedLoginBrandingRecord {
  const settings = opt<string>(r.settings);
  return {
    poolId: r.pool_id as string,
    brandingId: r.branding_id as string,
    clientId: r.client_id as string,
    useCognitoProvidedValues: r.use_cognito_provided_values === 1 || r.use_cognito_provided_values === true,
    ...(settings !== undefined && { settings: parse<Record<string, unknown>>(settings) }),
    assets,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export function toAsset(r: Row): BrandingAssetRecord {
  const bytes = opt<Uint8Array>(r.bytes);
  return {
    category: r.category as string,
    colorMode: r.color_mode as string,
    extension: r.extension as string,
    ...(bytes !== undefined && { bytes: asBuffer(bytes) }),
    ...(r.resource_id !== '' && { resourceId: r.resource_id as string }),
  };
}

export function toUiCustomization(r: Row): UiCustomizationRecord {
  const css = opt<string>(r.css);
  const image = opt<Uint8Array>(r.image);
  const imageExtension = opt<string>(r.image_extension);
  return {
    poolId: r.pool_id as string,
    clientId: r.client_id as string,
    ...(css !== undefined && { css }),
    ...(image !== undefined && { image: asBuffer(image) }),
    ...(imageExtension !== undefined && { imageExtension }),
    cssVersion: r.css_version as string,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

/** The parameters of BRANDING.insertAsset for one asset (booleans and absent values as both drivers take them). */
export const assetParams = (poolId: string, brandingId: string, a: BrandingAssetRecord): unknown[] => [
  poolId,
  brandingId,
  a.category,
  a.colorMode,
  a.resourceId ?? '',
  a.extension,
  a.bytes === undefined ? null : asBuffer(a.bytes),
];

/** Both drivers read BLOB/BYTEA as Buffers and bind Buffers: a Uint8Array that is not one is wrapped without a copy. */
export const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

export const settingsText = (s: ManagedLoginBrandingRecord): string | null => (s.settings === undefined ? null : json(s.settings));

/** The parameters of BRANDING.putUi. */
export const uiParams = (ui: UiCustomizationRecord): unknown[] => [
  ui.poolId,
  ui.clientId,
  ui.css ?? null,
  ui.image === undefined ? null : asBuffer(ui.image),
  ui.imageExtension ?? null,
  ui.cssVersion,
  ui.createdAt,
  ui.updatedAt,
];
