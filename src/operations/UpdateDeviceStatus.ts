import type { UpdateDeviceStatusRequest, UpdateDeviceStatusResponse } from '@aws-sdk/client-cognito-identity-provider';
import { updateDeviceStatus, type DeviceRememberedStatus } from '../domain/devices/devices.js';
import { operation } from './operation.js';

export default operation<UpdateDeviceStatusRequest, UpdateDeviceStatusResponse>('UpdateDeviceStatus', async (input, { deps, services }) => {
  const { user } = await services.authorize(input.AccessToken!);
  await updateDeviceStatus(deps, user, input.DeviceKey!, input.DeviceRememberedStatus as DeviceRememberedStatus | undefined);
  return {};
});
