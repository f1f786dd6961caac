import type { AdminGetDeviceRequest, AdminGetDeviceResponse } from '@aws-sdk/client-cognito-identity-provider';
import { describeDevice, getDevice, deviceOwner } from '../domain/devices/devices.js';
import { operation } from './operation.js';

export default operation<AdminGetDeviceRequest, AdminGetDeviceResponse>('AdminGetDevice', async (input, { deps }) => {
  const user = await deviceOwner(deps, input.UserPoolId!, input.Username!, 'ResourceNotFoundException');
  return { Device: describeDevice(deps, user, await getDevice(deps, user, input.DeviceKey!)) };
});
