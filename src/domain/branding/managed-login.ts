import type { AssetType, ManagedLoginBrandingType } from '@aws-sdk/client-cognito-identity-provider';
import { randomUuid } from '../../platform/random.js';
import { StoreConflictError, type BrandingAssetRecord, type ManagedLoginBrandingRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { CognitoError, invalidParameter, orThrow, resourceNotFound } from '../errors.js';
import { COGNITO_STYLE_SETTINGS } from './cognito-style.js';

/**
 * Managed-login branding styles (CreateManagedLoginBranding … DescribeManagedLoginBrandingByClient): one style per app
 * client, a Settings document and up to 40 image assets, or Cognito's own values. The rules are the API reference's
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateManagedLoginBranding.html)
 * and the branding editor's (https://docs.aws.amazon.com/cognito/latest/developerguide/managed-login-brandingeditor.html);
 * the messages are cognate's (docs/compatibility.md, "Managed-login branding").
 */
export const MAX_ASSETS = 40;

/** Input as the API gives it: Bytes are base64 text on the wire (the SDK's Uint8Array is the decoded form). */
export interface StyleInput {
  useCognitoProvidedValues?: boolean;
  settings?: unknown;
  assets?: AssetType[];
}

const FAVICON_EXTENSIONS: Readonly<Record<string, string>> = { FAVICON_ICO: 'ICO', FAVICON_SVG: 'SVG' };
/** Images other than favicons: "PNG, JPEG, SVG or WEBP" (the branding editor's asset list). */
const IMAGE_EXTENSIONS = ['JPEG', 'PNG', 'SVG', 'WEBP'];

/** Whether the bytes are a file of that type (by signature; SVG by its root element). */
function isFileOf(extension: string, b: Buffer): boolean {
  switch (extension) {
    case 'PNG':
      return b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'JPEG':
      return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
    case 'WEBP':
      return b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP';
    case 'ICO':
      return b.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0]));
    case 'SVG':
      return /<svg[\s>]/i.test(b.subarray(0, 4096).toString('utf8'));
    default:
      return false;
  }
}

const assetKey = (a: Pick<BrandingAssetRecord, 'category' | 'colorMode' | 'resourceId'>): string => `${a.category}/${a.colorMode}/${a.resourceId ?? ''}`;

function toAssets(assets: AssetType[]): BrandingAssetRecord[] {
  const seen = new Set<string>();
  return assets.map((a) => {
    const record: BrandingAssetRecord = {
      category: a.Category!,
      colorMode: a.ColorMode!,
      extension: a.Extension!,
      ...(a.ResourceId !== undefined && { resourceId: a.ResourceId }),
    };
    const name = `${record.category} (${record.colorMode})`;
    const allowed = FAVICON_EXTENSIONS[record.category];
    if (allowed ? record.extension !== allowed : !IMAGE_EXTENSIONS.includes(record.extension)) {
      throw invalidParameter(`Asset ${name} cannot have the extension ${record.extension}: use ${allowed ?? IMAGE_EXTENSIONS.join(', ')}.`);
    }
    if (a.Bytes === undefined) throw invalidParameter(`Asset ${name} has no Bytes.`);
    const bytes = Buffer.from(a.Bytes as unknown as string, 'base64');
    if (!isFileOf(record.extension, bytes)) throw invalidParameter(`Asset ${name} is not a ${record.extension} file.`);
    if (seen.has(assetKey(record))) throw invalidParameter(`Asset ${name} is given more than once.`);
    seen.add(assetKey(record));
    return { ...record, bytes };
  });
}

function checkInput(input: StyleInput): { settings?: Record<string, unknown>; assets?: BrandingAssetRecord[] } {
  if (input.useCognitoProvidedValues === true && (input.settings !== undefined || (input.assets?.length ?? 0) > 0)) {
    throw invalidParameter('Settings and Assets must be omitted when UseCognitoProvidedValues is true.');
  }
  if (input.settings !== undefined && (input.settings === null || typeof input.settings !== 'object' || Array.isArray(input.settings))) {
    throw invalidParameter('Settings must be a JSON object.');
  }
  return {
    ...(input.settings !== undefined && { settings: input.settings as Record<string, unknown> }),
    ...(input.assets !== undefined && { assets: toAssets(input.assets) }),
  };
}

/** Objects merge member by member; anything else (arrays included) in `over` replaces what `base` has. */
export function mergeSettings(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
    out[k] = isObject(b) && isObject(v) ? mergeSettings(b, v) : v;
  }
  return out;
}

const byKey = (a: BrandingAssetRecord, b: BrandingAssetRecord): number => (assetKey(a) < assetKey(b) ? -1 : assetKey(a) > assetKey(b) ? 1 : 0);

export async function createStyle(
  deps: Pick<Deps, 'store' | 'clock' | 'random'>,
  poolId: string,
  clientId: string,
  input: StyleInput,
): Promise<ManagedLoginBrandingRecord> {
  const { settings, assets = [] } = checkInput(input);
  const now = deps.clock.now();
  const style: ManagedLoginBrandingRecord = {
    poolId,
    brandingId: randomUuid(deps.random),
    clientId,
    useCognitoProvidedValues: input.useCognitoProvidedValues === true,
    ...(settings !== undefined && { settings }),
    assets: [...assets].sort(byKey),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await deps.store.branding.createStyle(style);
  } catch (e) {
    if (e instanceof StoreConflictError) throw brandingExists(clientId);
    throw e;
  }
  return style;
}

export const brandingExists = (clientId: string) =>
  new CognitoError('ManagedLoginBrandingExistsException', `App client ${clientId} already has a managed login branding style.`);

export async function getStyle(deps: Pick<Deps, 'store'>, poolId: string, brandingId: string): Promise<ManagedLoginBrandingRecord> {
  const style = await deps.store.branding.getStyle(poolId, brandingId.toLowerCase());
  return orThrow(style, () => resourceNotFound(`Managed login branding ${brandingId} does not exist.`));
}

export async function getStyleByClient(deps: Pick<Deps, 'store'>, poolId: string, clientId: string): Promise<ManagedLoginBrandingRecord> {
  const style = await deps.store.branding.getStyleByClient(poolId, clientId);
  return orThrow(style, () => resourceNotFound(`App client ${clientId} has no managed login branding style.`));
}

/**
 * UpdateManagedLoginBranding: "Amazon Cognito … preserves existing style settings that you don't specify" — Settings
 * merge into the stored ones, assets replace the stored asset of the same category, color mode and resource id.
 * UseCognitoProvidedValues true returns the style to Cognito's values (its own settings and assets are dropped).
 */
export async function updateStyle(
  deps: Pick<Deps, 'store' | 'clock'>,
  poolId: string,
  brandingId: string,
  input: StyleInput,
): Promise<ManagedLoginBrandingRecord> {
  const { settings, assets } = checkInput(input);
  const style = await getStyle(deps, poolId, brandingId);
  let next: ManagedLoginBrandingRecord;
  if (input.useCognitoProvidedValues === true) {
    next = { ...style, useCognitoProvidedValues: true, assets: [], updatedAt: deps.clock.now() };
    delete next.settings;
  } else {
    const merged = new Map(style.assets.map((a) => [assetKey(a), a]));
    for (const a of assets ?? []) merged.set(assetKey(a), a);
    if (merged.size > MAX_ASSETS) throw invalidParameter(`A managed login branding style can have at most ${MAX_ASSETS} assets.`);
    const nextSettings = settings === undefined ? style.settings : mergeSettings(style.settings ?? {}, settings);
    next = {
      ...style,
      useCognitoProvidedValues: input.useCognitoProvidedValues ?? (settings === undefined && assets === undefined && style.useCognitoProvidedValues),
      ...(nextSettings !== undefined && { settings: nextSettings }),
      assets: [...merged.values()].sort(byKey),
      updatedAt: deps.clock.now(),
    };
  }
  if (!(await deps.store.branding.updateStyle(next))) throw resourceNotFound(`Managed login branding ${brandingId} does not exist.`);
  return next;
}

export async function deleteStyle(deps: Pick<Deps, 'store'>, poolId: string, brandingId: string): Promise<void> {
  if (!(await deps.store.branding.deleteStyle(poolId, brandingId.toLowerCase()))) {
    throw resourceNotFound(`Managed login branding ${brandingId} does not exist.`);
  }
}

/** The settings the style shows: Cognito's values under its own ("ReturnMergedResources"). */
export function effectiveSettings(style: ManagedLoginBrandingRecord): Record<string, unknown> {
  return style.useCognitoProvidedValues || style.settings === undefined ? COGNITO_STYLE_SETTINGS : mergeSettings(COGNITO_STYLE_SETTINGS, style.settings);
}

/** ReturnMergedResources false: what was customized only; true: with Cognito's values for the rest. */
export function describeStyle(style: ManagedLoginBrandingRecord, returnMerged: boolean): ManagedLoginBrandingType {
  const settings = returnMerged ? effectiveSettings(style) : style.useCognitoProvidedValues ? undefined : style.settings;
  return {
    ManagedLoginBrandingId: style.brandingId,
    UserPoolId: style.poolId,
    UseCognitoProvidedValues: style.useCognitoProvidedValues,
    ...(settings !== undefined && { Settings: settings as ManagedLoginBrandingType['Settings'] }),
    Assets: style.assets.map((a) => ({
      Category: a.category as AssetType['Category'],
      ColorMode: a.colorMode as AssetType['ColorMode'],
      Extension: a.extension as AssetType['Extension'],
      // Encoded by the protocol as JSON blobs are: base64.
      ...(a.bytes !== undefined && { Bytes: Buffer.from(a.bytes).toString('base64') as unknown as Uint8Array }),
      ...(a.resourceId !== undefined && { ResourceId: a.resourceId }),
    })),
    CreationDate: new Date(style.createdAt),
    LastModifiedDate: new Date(style.updatedAt),
  };
}
