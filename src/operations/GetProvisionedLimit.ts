import type { GetProvisionedLimitRequest, GetProvisionedLimitResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getProvisionedLimit } from '../domain/quotas/provisioned.js';
import { operation } from './operation.js';

export default operation<GetProvisionedLimitRequest, GetProvisionedLimitResponse>('GetProvisionedLimit', async (input, { services }) => {
  return { Limit: await getProvisionedLimit(services.quotas, input.LimitDefinition!) };
});
