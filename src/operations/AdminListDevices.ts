import type { AdminListDevicesRequest, AdminListDevicesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listDevices, deviceOwner } from '../domain/devices/devices.js';
import { operation } from './operation.js';

export default operation<AdminListDevicesRequest, AdminListDevicesResponse>('AdminListDevices', async (input, { deps }) => {
  const user = await deviceOwner(deps, input.UserPoolId!, input.Username!, 'ResourceNotFoundException');
  const { devices, paginationToken } = await listDevices(deps, user, input.Limit, input.PaginationToken);
  return { Devices: devices, ...(paginationToken ? { PaginationToken: paginationToken } : {}) };
});
