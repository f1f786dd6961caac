import type { ListDevicesRequest, ListDevicesResponse } from '@aws-sdk/client-cognito-identity-provider';
import { listDevices } from '../domain/devices/devices.js';
import { operation } from './operation.js';

export default operation<ListDevicesRequest, ListDevicesResponse>('ListDevices', async (input, { deps, services }) => {
  const { user } = await services.authorize(input.AccessToken!);
  const { devices, paginationToken } = await listDevices(deps, user, input.Limit, input.PaginationToken);
  return { Devices: devices, ...(paginationToken ? { PaginationToken: paginationToken } : {}) };
});
