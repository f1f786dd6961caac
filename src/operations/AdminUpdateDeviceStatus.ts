import type { AdminUpdateDeviceStatusRequest, AdminUpdateDeviceStatusResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateDeviceStatus, type DeviceRememberedStatus, deviceOwner } from '../domain/devices/devices.js';
import { operation } from './operation.js';

export default operation<AdminUpdateDeviceStatusRequest, AdminUpdateDeviceStatusResponse>('AdminUpdateDeviceStatus', async (input, { deps }) => {
  const user = await deviceOwner(deps, input.UserPoolId!, input.Username!, 'UserNotFoundException');
  await updateDeviceStatus(deps, user, input.DeviceKey!, input.DeviceRememberedStatus as DeviceRememberedStatus | undefined);
  return {};
});
