import type { AdminForgetDeviceRequest } from '@aws-sdk/client-cognito-identity-provider';
import { forgetDevice, deviceOwner } from '../domain/devices/devices.js';
import { operation } from './operation.js';

export default operation<AdminForgetDeviceRequest, Record<string, never>>('AdminForgetDevice', async (input, { deps }) => {
  const user = await deviceOwner(deps, input.UserPoolId!, input.Username!, 'UserNotFoundException');
  await forgetDevice(deps, user, input.DeviceKey!);
  return {};
});
