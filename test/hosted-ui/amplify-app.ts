import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny single-page app built on Amplify JS v6, as an app developer writes one: `Amplify.configure` with the pool's
 * domain under `loginWith.oauth`, a "Sign in" button calling `signInWithRedirect()` and a "Sign out" button calling
 * `signOut()`. It is bundled with esbuild when a test starts (Amplify ships ES modules for bundlers, not for a
 * browser's bare imports) and served from a loopback HTTP server on port 0, whose URL is the app client's callback
 * and logout URL.
 *
 * The page shows who is signed in (`getCurrentUser()`) in `#status`, and exposes Amplify's functions as
 * `window.amplifyAuth` so a test can read `fetchAuthSession()`'s tokens.
 */
const APP_SOURCE = `
import { Amplify } from 'aws-amplify';
import { Hub } from 'aws-amplify/utils';
import { signInWithRedirect, signOut, fetchAuthSession, getCurrentUser } from 'aws-amplify/auth';

Amplify.configure({ Auth: { Cognito: window.COGNATE_AUTH } });
window.amplifyAuth = { signInWithRedirect, signOut, fetchAuthSession, getCurrentUser };

const status = document.getElementById('status');
async function show() {
  try {
    const user = await getCurrentUser();
    status.textContent = 'Signed in as ' + user.username;
  } catch (e) {
    status.textContent = 'Signed out (' + e.name + ')';
  }
}
Hub.listen('auth', ({ payload }) => {
  document.getElementById('events').textContent += payload.event + ' ';
  if (payload.event === 'signInWithRedirect_failure') status.textContent = 'Sign-in failed: ' + (payload.data && payload.data.error && payload.data.error.message);
  else show();
});
document.getElementById('sign-in').addEventListener('click', () => signInWithRedirect().catch((e) => { status.textContent = 'Sign-in failed: ' + e.message; }));
document.getElementById('sign-out').addEventListener('click', () => signOut().catch((e) => { status.textContent = 'Sign-out failed: ' + e.message; }));
show();
`;

/** What `Amplify.configure({ Auth: { Cognito } })` is given. */
export interface AmplifyCognitoConfig {
  userPoolId: string;
  userPoolClientId: string;
  userPoolEndpoint?: string;
  loginWith: { oauth: { domain: string; scopes: string[]; redirectSignIn: string[]; redirectSignOut: string[]; responseType: 'code' | 'token' } };
}

export interface AmplifyApp {
  /** The app's URL (`http://localhost:<port>/`): its callback and logout URL. */
  url: string;
  /** Sets the configuration the page gives Amplify (the pool and client are made after the app's port is known). */
  configure(config: AmplifyCognitoConfig): void;
  close(): Promise<void>;
}

let bundled: Promise<string> | undefined;

/** The app's script, bundled once per test process. */
function bundle(): Promise<string> {
  return (bundled ??= (async () => {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({
      stdin: { contents: APP_SOURCE, resolveDir: process.cwd(), loader: 'js', sourcefile: 'amplify-app.js' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2020',
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    return out.outputFiles[0]!.text;
  })());
}

export async function startAmplifyApp(): Promise<AmplifyApp> {
  const script = await bundle();
  let config: AmplifyCognitoConfig | undefined;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
      return;
    }
    if (path !== '/') {
      res.writeHead(404).end();
      return;
    }
    // `<` escaped so the JSON cannot end the script element.
    const json = JSON.stringify(config ?? null).replace(/</g, '\\u003c');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Amplify app</title>
<script>window.COGNATE_AUTH = ${json};</script>
<script type="module" src="/app.js"></script></head>
<body><h1>Amplify app</h1><p id="status" role="status">Loading…</p>
<button id="sign-in">Sign in</button> <button id="sign-out">Sign out</button>
<p>Auth events: <span id="events"></span></p></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    configure(c) {
      config = c;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
