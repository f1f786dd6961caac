import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { GetSigningCertificateCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createPool } from '../helpers/fixtures.js';

describe('GetSigningCertificate', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  it('answers a self-signed X.509 certificate for the pool, valid 10 years, the same on every call', async () => {
    const poolId = await createPool(s);
    const { Certificate } = await s.client.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
    assert.match(Certificate!, /^[A-Za-z0-9+/]+=*$/);
    const cert = new X509Certificate(Buffer.from(Certificate!, 'base64'));
    assert.equal(cert.subject, `CN=${poolId}`);
    assert.equal(cert.issuer, `CN=${poolId}`);
    assert.ok(cert.verify(cert.publicKey), 'self-signed: verifies with its own key');
    assert.equal(cert.publicKey.asymmetricKeyType, 'rsa');
    const from = new Date(cert.validFrom).getTime();
    const to = new Date(cert.validTo).getTime();
    assert.ok(Math.abs(from - s.clock.now()) < 2000);
    assert.ok(Math.abs(to - from - 10 * 365.25 * 86400_000) < 3 * 86400_000);
    const again = await s.client.send(new GetSigningCertificateCommand({ UserPoolId: poolId }));
    assert.equal(again.Certificate, Certificate);
    const other = await s.client.send(new GetSigningCertificateCommand({ UserPoolId: await createPool(s) }));
    assert.notEqual(other.Certificate, Certificate);
  });

  it('an unknown pool is ResourceNotFoundException', async () => {
    await rejectsWith(s.client.send(new GetSigningCertificateCommand({ UserPoolId: 'us-east-1_nosuchpol' })), 'ResourceNotFoundException', 'User pool us-east-1_nosuchpol does not exist.');
  });
});
