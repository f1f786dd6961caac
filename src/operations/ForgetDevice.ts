import type { ForgetDeviceRequest } from '@aws-sdk/client-cognito-identity-provider';
import { forgetDevice, requireAccessToken } from '../domain/devices/devices.js';
import { operation } from './operation.js';

export default operation<ForgetDeviceRequest, Record<string, never>>('ForgetDevice', async (input, { deps, services }) => {
  const { user } = await services.authorize(requireAccessToken(input.AccessToken));
  await forgetDevice(deps, user, input.DeviceKey!);
  return {};
});
