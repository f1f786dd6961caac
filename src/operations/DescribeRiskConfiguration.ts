import type { DescribeRiskConfigurationRequest, DescribeRiskConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getClient } from '../domain/clients/clients.js';
import { getPool } from '../domain/pools/pools.js';
import { describeRisk } from '../domain/pools/risk.js';
import { operation } from './operation.js';

export default operation<DescribeRiskConfigurationRequest, DescribeRiskConfigurationResponse>('DescribeRiskConfiguration', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  if (input.ClientId) await getClient(deps, pool.id, input.ClientId);
  return { RiskConfiguration: await describeRisk(deps, pool, input.ClientId) };
});
