import type { SetRiskConfigurationRequest, SetRiskConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { setRisk } from '../domain/pools/risk.js';
import { operation } from './operation.js';

export default operation<SetRiskConfigurationRequest, SetRiskConfigurationResponse>('SetRiskConfiguration', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  if (input.ClientId) await getClient(deps, pool.id, input.ClientId);
  return { RiskConfiguration: await setRisk(deps, pool, input) };
});
