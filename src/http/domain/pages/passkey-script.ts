/**
 * The only script of the managed-login pages: WebAuthn needs navigator.credentials. It reads the options the server
 * put in the form (#options, the JSON forms of PublicKeyCredentialCreationOptions / RequestOptions that
 * StartWebAuthnRegistration and the WEB_AUTHN challenge give), asks the browser, and posts the credential's JSON form
 * (WebAuthn Level 3 toJSON(), written out for browsers without it) with the form. A "Not now" button posts as is.
 */
const COMMON = `
const b64u = {
  decode: (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4)), (c) => c.charCodeAt(0)).buffer,
  encode: (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''),
};
const form = document.getElementById('passkey');
const options = JSON.parse(document.getElementById('options').value);
const credentialJson = (cred, response) => ({
  id: cred.id, rawId: b64u.encode(cred.rawId), type: cred.type,
  authenticatorAttachment: cred.authenticatorAttachment || undefined,
  clientExtensionResults: cred.getClientExtensionResults(),
  response,
});
function fail(message) {
  const box = document.getElementById('error');
  box.textContent = message;
}
form.addEventListener('submit', async (event) => {
  if (event.submitter && event.submitter.value === 'skip') return;
  event.preventDefault();
  if (!window.PublicKeyCredential) return fail('This browser does not support passkeys.');
  try {
    const credential = await ask();
    form.elements.credential.value = JSON.stringify(credential);
    if (event.submitter && event.submitter.name) {
      const hidden = document.createElement('input');
      hidden.type = 'hidden'; hidden.name = event.submitter.name; hidden.value = event.submitter.value;
      form.appendChild(hidden);
    }
    form.submit();
  } catch (e) {
    fail(e && e.name === 'NotAllowedError' ? 'The passkey request was cancelled or timed out. Please try again.' : 'The passkey could not be used: ' + (e && e.message ? e.message : e));
  }
});
`;

export const PASSKEY_GET_SCRIPT = `${COMMON}
async function ask() {
  const cred = await navigator.credentials.get({ publicKey: {
    ...options,
    challenge: b64u.decode(options.challenge),
    allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: b64u.decode(c.id) })),
  } });
  return credentialJson(cred, {
    clientDataJSON: b64u.encode(cred.response.clientDataJSON),
    authenticatorData: b64u.encode(cred.response.authenticatorData),
    signature: b64u.encode(cred.response.signature),
    userHandle: cred.response.userHandle ? b64u.encode(cred.response.userHandle) : undefined,
  });
}`;

export const PASSKEY_CREATE_SCRIPT = `${COMMON}
async function ask() {
  const cred = await navigator.credentials.create({ publicKey: {
    ...options,
    challenge: b64u.decode(options.challenge),
    user: { ...options.user, id: b64u.decode(options.user.id) },
    excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: b64u.decode(c.id) })),
  } });
  return credentialJson(cred, {
    clientDataJSON: b64u.encode(cred.response.clientDataJSON),
    attestationObject: b64u.encode(cred.response.attestationObject),
    transports: cred.response.getTransports ? cred.response.getTransports() : [],
  });
}`;
