import type { ForgetDeviceRequest } from '@aws-sdk/client-cognito-identity-provider';
import { forgetDevice, requireAccessToken } from '../domain/devices/devices.js';
import { operation } from './operation.js';
import { services } from './services.js';

export default operation<ForgetDeviceRequest, Record<string, never>>('ForgetDevice', async (input, { deps }) => {
  const { user } = await services(deps).authorize(requireAccessToken(input.AccessToken));
  await forgetDevice(deps, user, input.DeviceKey!);
  return {};
});
