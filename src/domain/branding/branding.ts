import type { UiCustomizationRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';
import { effectiveUiCustomization } from './ui-customization.js';

/** What a client's hosted pages are dressed in: its classic hosted-UI customization (its own, else the pool's). */
export interface EffectiveBranding {
  uiCustomization?: UiCustomizationRecord;
}

/** The branding the hosted pages of `clientId` show (issue 19): one read per kind, nothing cached. */
export async function effectiveBranding(deps: Pick<Deps, 'store'>, poolId: string, clientId: string): Promise<EffectiveBranding> {
  const uiCustomization = await effectiveUiCustomization(deps, poolId, clientId);
  return { ...(uiCustomization && { uiCustomization }) };
}

/** DeleteUserPoolClient: the client's branding style and UI customization go with it (the pool's stay). */
export async function forgetClientBranding(deps: Pick<Deps, 'store'>, poolId: string, clientId: string): Promise<void> {
  await deps.store.branding.deleteForClient(poolId, clientId);
}
