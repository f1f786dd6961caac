import type { GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describePoolMfaConfig } from '../domain/mfa/pool-config.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse>('GetUserPoolMfaConfig', async (input, { deps }) => {
  return describePoolMfaConfig(await getPool(deps, input.UserPoolId!));
});
