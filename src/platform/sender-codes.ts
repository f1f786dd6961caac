import type { CodeEncrypter } from '../domain/triggers/port.js';

/**
 * The codes cognate hands to CustomSMSSender / CustomEmailSender functions, encrypted as Cognito encrypts them: an AWS
 * Encryption SDK message (base64), so that a handler decrypts it with the SDK's `decrypt` as it does on AWS. Cognito
 * wraps the data key with the pool's KMS key; cognate has no KMS, so the wrapping key is a raw AES-256 key the server
 * configuration gives for the pool's KMSKeyID (`senderKeys`), and a handler decrypts with the SDK's raw AES keyring
 * (namespace `cognate`, key name the KMSKeyID) instead of the KMS keyring: docs/triggers.md, Custom sender triggers.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sender-triggers.html
 *
 * The SDK is imported the first time a code is encrypted: a server whose pools use no custom sender never loads it.
 */
export const SENDER_KEY_NAMESPACE = 'cognate';

export function createCodeEncrypter(keys: Record<string, Buffer>): CodeEncrypter {
  let sdk: Promise<Sdk> | undefined;
  return {
    async encrypt(kmsKeyId, plaintext) {
      const key = keyFor(keys, kmsKeyId);
      if (!key) return undefined;
      sdk ??= loadSdk();
      const { encrypt, RawAesKeyringNode, RawAesWrappingSuiteIdentifier, AlgorithmSuiteIdentifier } = await sdk;
      const keyring = new RawAesKeyringNode({
        keyName: kmsKeyId,
        keyNamespace: SENDER_KEY_NAMESPACE,
        // The keyring takes the key material for itself (and insists on a buffer of its own, not a slice of a pool).
        unencryptedMasterKey: new Uint8Array(key),
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
      // Committing and unsigned: the SDK's default suite adds an ECDSA P-384 signature, tens of milliseconds of
      // synchronous work per message for nothing a handler checks; decrypt reads whichever suite the message names.
      const { result } = await encrypt(keyring, plaintext, { suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY });
      return result.toString('base64');
    },
  };
}

/** The key for a KMSKeyID: by the whole value, by its key id (the part after `key/`), or `*`. */
function keyFor(keys: Record<string, Buffer>, kmsKeyId: string): Buffer | undefined {
  const keyId = kmsKeyId.includes(':key/') ? kmsKeyId.slice(kmsKeyId.indexOf(':key/') + ':key/'.length) : undefined;
  return keys[kmsKeyId] ?? (keyId !== undefined ? keys[keyId] : undefined) ?? keys['*'];
}

type Sdk = Awaited<ReturnType<typeof loadSdk>>;

async function loadSdk() {
  const [{ buildEncrypt }, { RawAesKeyringNode, RawAesWrappingSuiteIdentifier }, { AlgorithmSuiteIdentifier, CommitmentPolicy }] = await Promise.all([
    import('@aws-crypto/encrypt-node'),
    import('@aws-crypto/raw-aes-keyring-node'),
    import('@aws-crypto/material-management-node'),
  ]);
  const { encrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  return { encrypt, RawAesKeyringNode, RawAesWrappingSuiteIdentifier, AlgorithmSuiteIdentifier };
}
