import type { GetUICustomizationRequest, GetUICustomizationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { ALL_CLIENTS, describeUiCustomization, requireDomain, uiCustomizationFor } from '../domain/branding/ui-customization.js';
import { getClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

/** The client's own customization, else the pool's; an empty object when neither was set (GetUICustomization's documentation). */
export default operation<GetUICustomizationRequest, GetUICustomizationResponse>('GetUICustomization', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const clientId = input.ClientId ?? ALL_CLIENTS;
  if (clientId !== ALL_CLIENTS) await getClient(deps, pool.id, clientId);
  await requireDomain(deps, pool.id);
  const ui = await uiCustomizationFor(deps, pool.id, clientId);
  return { UICustomization: ui ? describeUiCustomization(deps, ui) : {} };
});
