import type { ManagedLoginBrandingRecord, UiCustomizationRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { effectiveSettings } from './managed-login.js';
import { effectiveUiCustomization } from './ui-customization.js';

/**
 * What a client's hosted pages are dressed in (issue 19): the managed-login style assigned to the client, with its
 * settings already merged over Cognito's values, and the classic hosted UI's customization (the client's own, else
 * the pool's). Which of the two a page uses is the domain's branding version; either may be absent. The style's
 * assets come without their bytes: a page reads each image it shows with `store.branding.getAsset`.
 */
export interface EffectiveBranding {
  managedLogin?: { style: ManagedLoginBrandingRecord; settings: Record<string, unknown> };
  uiCustomization?: UiCustomizationRecord;
}

/** The branding the hosted pages of `clientId` show: one read per kind, nothing cached. */
export async function effectiveBranding(deps: Pick<Deps, 'store'>, poolId: string, clientId: string): Promise<EffectiveBranding> {
  const [style, uiCustomization] = await Promise.all([
    deps.store.branding.getStyleByClient(poolId, clientId, false),
    effectiveUiCustomization(deps, poolId, clientId),
  ]);
  return {
    ...(style && { managedLogin: { style, settings: effectiveSettings(style) } }),
    ...(uiCustomization && { uiCustomization }),
  };
}

/** DeleteUserPoolClient: the client's branding style and UI customization go with it (the pool's stay). */
export async function forgetClientBranding(deps: Pick<Deps, 'store'>, poolId: string, clientId: string): Promise<void> {
  await deps.store.branding.deleteForClient(poolId, clientId);
}
