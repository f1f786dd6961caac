import type { UpdateManagedLoginBrandingRequest, UpdateManagedLoginBrandingResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeStyle, updateStyle } from '../domain/branding/managed-login.js';
import { missingMember } from '../domain/errors.js';
import { getPool } from '../domain/pools/pools.js';
import { serially } from '../domain/serial.js';
import { operation } from './operation.js';

/** The model marks no member required here; without the pool or the style there is nothing to update. */
export default operation<UpdateManagedLoginBrandingRequest, UpdateManagedLoginBrandingResponse>('UpdateManagedLoginBranding', async (input, { deps }) => {
  if (input.UserPoolId === undefined) throw missingMember('userPoolId');
  if (input.ManagedLoginBrandingId === undefined) throw missingMember('managedLoginBrandingId');
  const pool = await getPool(deps, input.UserPoolId);
  const brandingId = input.ManagedLoginBrandingId;
  const style = await serially(`branding:${pool.id}/${brandingId.toLowerCase()}`, () =>
    updateStyle(deps, pool.id, brandingId, { useCognitoProvidedValues: input.UseCognitoProvidedValues, settings: input.Settings, assets: input.Assets }),
  );
  return { ManagedLoginBranding: describeStyle(style, false) };
});
