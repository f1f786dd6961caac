import type { UpdateProvisionedLimitRequest, UpdateProvisionedLimitResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateProvisionedLimit } from '../domain/quotas/provisioned.js';
import { operation } from './operation.js';

export default operation<UpdateProvisionedLimitRequest, UpdateProvisionedLimitResponse>('UpdateProvisionedLimit', async (input, { services }) => {
  return { Limit: await updateProvisionedLimit(services.quotas, input.LimitDefinition!, input.RequestedLimitValue!) };
});
