import type { DescribeManagedLoginBrandingRequest, DescribeManagedLoginBrandingResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeStyle, getStyle } from '../domain/branding/managed-login.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<DescribeManagedLoginBrandingRequest, DescribeManagedLoginBrandingResponse>('DescribeManagedLoginBranding', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const style = await getStyle(deps, pool.id, input.ManagedLoginBrandingId!);
  return { ManagedLoginBranding: describeStyle(style, input.ReturnMergedResources === true) };
});
