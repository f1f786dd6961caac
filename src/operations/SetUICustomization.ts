import type { SetUICustomizationRequest, SetUICustomizationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { ALL_CLIENTS, checkRequestSize, describeUiCustomization, requireDomain, setUiCustomization } from '../domain/branding/ui-customization.js';
import { getClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

export default operation<SetUICustomizationRequest, SetUICustomizationResponse>('SetUICustomization', async (input, { deps }) => {
  // The input is the request as it came (ImageFile still base64): its size is the request's.
  checkRequestSize(input);
  const pool = await getPool(deps, input.UserPoolId!);
  const clientId = input.ClientId ?? ALL_CLIENTS;
  if (clientId !== ALL_CLIENTS) await getClient(deps, pool.id, clientId);
  await requireDomain(deps, pool.id);
  // JSON carries a blob as base64 text (the SDK's Uint8Array is its decoded form).
  const image = input.ImageFile === undefined ? undefined : Buffer.from(input.ImageFile as unknown as string, 'base64');
  const ui = await serially(`ui-customization:${pool.id}/${clientId}`, () => setUiCustomization(deps, pool.id, clientId, { css: input.CSS, image }));
  return { UICustomization: describeUiCustomization(deps, ui) };
});
