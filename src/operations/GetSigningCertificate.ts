import type { GetSigningCertificateRequest, GetSigningCertificateResponse } from '@aws-sdk/client-cognito-identity-provider';
import { getPool } from '../domain/pools/pools.js';
import { signingCertificate } from '../domain/pools/signing-certificate.js';
import { operation } from './operation.js';

export default operation<GetSigningCertificateRequest, GetSigningCertificateResponse>('GetSigningCertificate', async (input, { deps }) => {
  return { Certificate: await signingCertificate(deps, await getPool(deps, input.UserPoolId!)) };
});
