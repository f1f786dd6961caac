import type { GetDeviceRequest, GetDeviceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeDevice, getDevice, requireAccessToken } from '../domain/devices/devices.js';
import { operation } from './operation.js';

export default operation<GetDeviceRequest, GetDeviceResponse>('GetDevice', async (input, { deps, services }) => {
  const { user } = await services.authorize(requireAccessToken(input.AccessToken));
  return { Device: describeDevice(deps, user, await getDevice(deps, user, input.DeviceKey!)) };
});
