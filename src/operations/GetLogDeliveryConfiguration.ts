import type { GetLogDeliveryConfigurationRequest, GetLogDeliveryConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getLogDelivery } from '../domain/pools/log-delivery.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

export default operation<GetLogDeliveryConfigurationRequest, GetLogDeliveryConfigurationResponse>('GetLogDeliveryConfiguration', async (input, { deps }) => {
  return { LogDeliveryConfiguration: await getLogDelivery(deps, await getPool(deps, input.UserPoolId!)) };
});
