/**
 * @smithy's SigV4 signer, loaded on first use: it is needed only to check signatures when access keys are configured
 * and to sign Lambda Invoke calls, and importing it took ~25 ms of cognate's start-up (docs/performance.md,
 * "Cold start").
 */
export type Smithy = {
  SignatureV4: typeof import('@smithy/signature-v4').SignatureV4;
  HttpRequest: typeof import('@smithy/protocol-http').HttpRequest;
  Hash: typeof import('@smithy/hash-node').Hash;
};

let loading: Promise<Smithy> | undefined;

export function smithy(): Promise<Smithy> {
  return (loading ??= Promise.all([import('@smithy/signature-v4'), import('@smithy/protocol-http'), import('@smithy/hash-node')]).then(
    ([s, p, h]) => ({ SignatureV4: s.SignatureV4, HttpRequest: p.HttpRequest, Hash: h.Hash }),
  ));
}
