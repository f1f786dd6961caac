import type { SetUserPoolMfaConfigRequest, SetUserPoolMfaConfigResponse } from '@aws-sdk/client-cognito-identity-provider';
import { applyPoolMfaConfig, describePoolMfaConfig } from '../domain/mfa/pool-config.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<SetUserPoolMfaConfigRequest, SetUserPoolMfaConfigResponse>('SetUserPoolMfaConfig', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  const updated = applyPoolMfaConfig(pool, input, deps.clock.now());
  await deps.store.pools.update(updated);
  return describePoolMfaConfig(updated);
});
