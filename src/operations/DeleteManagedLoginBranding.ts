import type { DeleteManagedLoginBrandingRequest } from '@aws-sdk/client-cognito-identity-provider';
import { deleteStyle } from '../domain/branding/managed-login.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DeleteManagedLoginBrandingRequest, Record<string, never>>('DeleteManagedLoginBranding', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  await deleteStyle(deps, pool.id, input.ManagedLoginBrandingId!);
  return {};
});
