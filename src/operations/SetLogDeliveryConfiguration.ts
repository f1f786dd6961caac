import type { SetLogDeliveryConfigurationRequest, SetLogDeliveryConfigurationResponse } from '@aws-sdk/client-cognito-identity-provider';
import { setLogDelivery } from '../domain/pools/log-delivery.js';
import { getPool } from '../domain/pools/pools.js';
import { operation } from './operation.js';

/** Replaces the pool's log configurations with the ones given (an empty list turns log export off). */
export default operation<SetLogDeliveryConfigurationRequest, SetLogDeliveryConfigurationResponse>('SetLogDeliveryConfiguration', async (input, { deps }) => {
  const pool = await getPool(deps, input.UserPoolId!);
  return { LogDeliveryConfiguration: await setLogDelivery(deps, pool, input.LogConfigurations ?? []) };
});
