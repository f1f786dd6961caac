import type { UICustomizationType } from '@aws-sdk/client-cognito-identity-provider';
import type { UiCustomizationRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { invalidParameter } from '../errors.js';
import { checkUiCss } from './css.js';

/**
 * Classic hosted-UI customization (SetUICustomization / GetUICustomization): a CSS file and a logo per app client, or
 * for the whole pool under the client id `ALL`. A client's own customization replaces the pool's entirely (CSS and
 * logo together); a client without one shows the pool's ("Customizing hosted UI (classic) branding",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/hosted-ui-classic-branding.html).
 */
export const ALL_CLIENTS = 'ALL';

/** "Your logo file can be no larger than 100 KB in size" (the developer guide above). */
export const MAX_LOGO_BYTES = 100 * 1024;

/**
 * "To customize your UI, you must set up a domain for your user pool" (the developer guide above): without one,
 * SetUICustomization and GetUICustomization answer InvalidParameterException with this text (quoted from the service by
 * hashicorp/terraform-provider-aws's user_pool_ui_customization_test.go and fun-stack/terraform-aws-fun's README).
 */
export const NO_DOMAIN = 'There has to be an existing domain associated with this user pool';

export async function requireDomain(deps: Pick<Deps, 'store'>, poolId: string): Promise<void> {
  if ((await deps.store.domains.listForPool(poolId)).length === 0) throw invalidParameter(NO_DOMAIN);
}

/**
 * "the request that sets your UI customization must not exceed 135 KB in size … If the request is too large, … your
 * SetUICustomization API request returns a `request parameters too large` error" (the developer guide above). cognate
 * measures the request's JSON body (the logo as base64), not its headers.
 */
export const MAX_REQUEST_BYTES = 135 * 1024;
export const REQUEST_TOO_LARGE = 'request parameters too large';

export function checkRequestSize(request: unknown): void {
  if (Buffer.byteLength(JSON.stringify(request)) > MAX_REQUEST_BYTES) throw invalidParameter(REQUEST_TOO_LARGE);
}

/** The logo's file type by its first bytes: "Choose a PNG, JPG, or JPEG file" (the developer guide above). */
function logoExtension(image: Uint8Array): 'png' | 'jpg' | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (image.length >= png.length && png.every((b, i) => image[i] === b)) return 'png';
  if (image.length >= 3 && image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff) return 'jpg';
  return undefined;
}

/** CSSVersion: the time of the change as yyyyMMddHHmmss in UTC, as Cognito's answers show it (e.g. 20250117005911). */
export function cssVersionAt(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * SetUICustomization: replaces the (pool, client) customization with exactly what is given — "You can't set CSS and
 * logo customization separately" — after checking the CSS and the logo. A request with neither removes the
 * customization: that is how Terraform's aws_cognito_user_pool_ui_customization deletes one, and afterwards Cognito
 * answers only the `CSSVersion` of the removal (hashicorp/terraform-provider-aws, user_pool_ui_customization.go and
 * its acceptance test's "remains as an artifact even after UI customization removal").
 */
export async function setUiCustomization(
  deps: Pick<Deps, 'store' | 'clock'>,
  poolId: string,
  clientId: string,
  input: { css?: string; image?: Uint8Array },
): Promise<UiCustomizationRecord> {
  if (input.css !== undefined) checkUiCss(input.css);
  let imageExtension: string | undefined;
  if (input.image !== undefined && input.image.length > 0) {
    if (input.image.length > MAX_LOGO_BYTES) throw invalidParameter(`The logo image file is larger than ${MAX_LOGO_BYTES} bytes (100 KB).`);
    imageExtension = logoExtension(input.image);
    if (!imageExtension) throw invalidParameter('The logo image file must be a PNG, JPG or JPEG image.');
  }
  const now = deps.clock.now();
  const previous = await deps.store.branding.getUiCustomization(poolId, clientId);
  const record: UiCustomizationRecord = {
    poolId,
    clientId,
    ...(input.css !== undefined && { css: input.css }),
    ...(imageExtension !== undefined && { image: input.image!, imageExtension }),
    cssVersion: cssVersionAt(now),
    createdAt: previous && isCustomized(previous) ? previous.createdAt : now,
    updatedAt: now,
  };
  await deps.store.branding.putUiCustomization(record);
  return record;
}

/** False for what a SetUICustomization without CSS and logo left behind (a removed customization). */
export const isCustomized = (ui: UiCustomizationRecord): boolean => ui.css !== undefined || ui.image !== undefined;

/**
 * GetUICustomization's answer for a client (or `ALL`): its own customization, else the pool's; where neither is set,
 * what a removal left of either (only its CSSVersion shows), else nothing.
 */
export async function uiCustomizationFor(deps: Pick<Deps, 'store'>, poolId: string, clientId: string): Promise<UiCustomizationRecord | undefined> {
  const own = clientId === ALL_CLIENTS ? undefined : await deps.store.branding.getUiCustomization(poolId, clientId);
  if (own && isCustomized(own)) return own;
  const pool = await deps.store.branding.getUiCustomization(poolId, ALL_CLIENTS);
  if (pool && isCustomized(pool)) return pool;
  return own ?? pool;
}

/** The customization a client's hosted pages show: its own, else the pool's (`ALL`), else none. */
export async function effectiveUiCustomization(deps: Pick<Deps, 'store'>, poolId: string, clientId: string): Promise<UiCustomizationRecord | undefined> {
  const ui = await uiCustomizationFor(deps, poolId, clientId);
  return ui && isCustomized(ui) ? ui : undefined;
}

/**
 * Where the logo is served: Cognito's path (`<pool>/<client>/<CSSVersion>/assets/images/image.jpg`, whatever the
 * file type) under cognate's own URL, so a new version is a new URL.
 */
export function logoPath(ui: Pick<UiCustomizationRecord, 'clientId' | 'cssVersion'>): string {
  return `${ui.clientId}/${ui.cssVersion}/assets/images/image.jpg`;
}

/** The logo at `logoPath`: only the current version of that exact (pool, client) customization is served. */
export async function uiLogo(
  deps: Pick<Deps, 'store'>,
  poolId: string,
  clientId: string,
  cssVersion: string,
): Promise<{ bytes: Uint8Array; contentType: string } | undefined> {
  const ui = await deps.store.branding.getUiCustomization(poolId, clientId);
  if (!ui?.image || ui.cssVersion !== cssVersion) return undefined;
  return { bytes: ui.image, contentType: ui.imageExtension === 'png' ? 'image/png' : 'image/jpeg' };
}

export function describeUiCustomization(deps: Pick<Deps, 'issuer'>, ui: UiCustomizationRecord): UICustomizationType {
  return {
    UserPoolId: ui.poolId,
    ClientId: ui.clientId,
    ...(ui.image !== undefined && { ImageUrl: `${deps.issuer(ui.poolId)}/${logoPath(ui)}` }),
    ...(ui.css !== undefined && { CSS: ui.css }),
    CSSVersion: ui.cssVersion,
    ...(isCustomized(ui) && { LastModifiedDate: new Date(ui.updatedAt), CreationDate: new Date(ui.createdAt) }),
  };
}
