import type { ConfirmDeviceRequest, ConfirmDeviceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { confirmDevice } from '../domain/devices/devices.js';
import { operation } from './operation.js';

export default operation<ConfirmDeviceRequest, ConfirmDeviceResponse>('ConfirmDevice', async (input, { deps, services, sourceIp }) => {
  const { pool, user } = await services.authorize(input.AccessToken!);
  const { userConfirmationNecessary } = await confirmDevice(deps, pool, user, {
    deviceKey: input.DeviceKey!,
    verifierConfig: input.DeviceSecretVerifierConfig,
    deviceName: input.DeviceName,
    sourceIp,
  });
  return { UserConfirmationNecessary: userConfirmationNecessary };
});
