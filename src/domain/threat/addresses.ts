import { BlockList, isIP } from 'node:net';
import type { ClientRecord } from '../../store/types.js';
import { propagatesUserContextData } from '../clients/config.js';

/** What a sign-in request says about its user's context: ContextData (admin) or UserContextData. */
export interface ContextDataInput {
  IpAddress?: string | undefined;
  EncodedData?: string | undefined;
}

/**
 * The address the risk model sees (docs/threat-protection.md "Signals"): an IAM-signed server's ContextData.IpAddress,
 * a trusted client's UserContextData.IpAddress, otherwise the request's own source address.
 */
export function riskAddress(client: ClientRecord, admin: boolean, sourceIp: string | undefined, context: ContextDataInput | undefined): string | undefined {
  const named = context?.IpAddress;
  if (named && isIP(named) !== 0 && (admin || propagatesUserContextData(client))) return named;
  return sourceIp;
}

/** Whether the address lies in one of the CIDR ranges (validated when they were stored: SetRiskConfiguration). */
export function inRanges(address: string | undefined, ranges: readonly string[] | undefined): boolean {
  if (!address || !ranges || ranges.length === 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  const list = new BlockList();
  for (const range of ranges) {
    const [net, bits] = range.split('/');
    const f = isIP(net ?? '');
    if (f !== 0) list.addSubnet(net!, Number(bits), f === 4 ? 'ipv4' : 'ipv6');
  }
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
