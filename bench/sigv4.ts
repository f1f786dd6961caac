import { createHash, createHmac } from 'node:crypto';

/**
 * A minimal AWS SigV4 signer for the load generator's admin calls (AdminGetUser): the SDK's signer is async and
 * allocates a lot, which would load the generator more than the server. Signs content-type, host, x-amz-date and
 * x-amz-target over the body's SHA-256, as the AWS SDK does for JSON 1.1 services.
 */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export function createSigner(creds: Credentials, region: string, service = 'cognito-idp') {
  let keyDate = '';
  let signingKey = Buffer.alloc(0);
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  return function sign(host: string, target: string, body: string, nowMs: number): Record<string, string> {
    const amzDate = new Date(nowMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const date = amzDate.slice(0, 8);
    if (date !== keyDate) {
      signingKey = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, date), region), service), 'aws4_request');
      keyDate = date;
    }
    const contentType = 'application/x-amz-json-1.1';
    const canonical = [
      'POST',
      '/',
      '',
      `content-type:${contentType}\nhost:${host}\nx-amz-date:${amzDate}\nx-amz-target:${target}\n`,
      'content-type;host;x-amz-date;x-amz-target',
      createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    const scope = `${date}/${region}/${service}/aws4_request`;
    const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`;
    const signature = createHmac('sha256', signingKey).update(toSign).digest('hex');
    return {
      'content-type': contentType,
      'x-amz-date': amzDate,
      'x-amz-target': target,
      authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${signature}`,
    };
  };
}
