// A real OpenID Connect provider for the sign-in tests: Node's certified `oidc-provider`, on loopback.
//
// Started by the `oidc_provider` fixture (tests/conftest.py): it listens on a free port of
// 127.0.0.1 and prints one line of JSON, {"issuer": ...}, when it is ready. Its people are set by
// the tests over HTTP (POST /test/accounts); POST /test/tamper makes the next ID token it issues
// carry other claims (a wrong audience, nonce or expiry), signed with its own key, so the
// registry's checks can be tried against a token that is well signed but wrong.
import http from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const CALLBACK_PATH = '/account/oidc/callback/';
const SIGNED_OUT_PATH = '/account/oidc/signed-out/';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', 'testserver']);

const accounts = new Map(); // sub -> {sub, email, email_verified, name, amr, acr, active}
let tamper = null; // claims to put into the next ID token, or null

async function signingKeys() {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  return { ...jwk, kid: 'test-key-1', alg: 'RS256', use: 'sig' };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>`
    + `<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

async function findAccount(_ctx, sub) {
  const account = accounts.get(sub);
  if (!account || !account.active) return undefined; // a disabled person: no token, no refresh
  return {
    accountId: sub,
    async claims() {
      return {
        sub, email: account.email, email_verified: account.email_verified, name: account.name,
      };
    },
  };
}

async function loadExistingGrant(ctx) {
  // First-party client: consent is implied, as a government's own provider does for its services.
  const { session, client, oidc } = { session: ctx.oidc.session, client: ctx.oidc.client, oidc: ctx.oidc };
  const grantId = oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
  if (grantId) return oidc.provider.Grant.find(grantId);
  const grant = new oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope('openid email profile offline_access');
  await grant.save();
  return grant;
}

async function interaction(provider, ctx) {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = page('Sign in to the test provider', `<form method="post" action="/interaction/${details.uid}">`
      + '<label for="login">User id</label> <input id="login" name="login" autocomplete="username">'
      + ' <button type="submit">Sign in</button></form>');
    return;
  }
  const form = new URLSearchParams(await readBody(ctx.req));
  const account = accounts.get(form.get('login'));
  const result = account && account.active
    ? { login: { accountId: account.sub, amr: account.amr, acr: account.acr } }
    : { error: 'access_denied', error_description: 'This person may not sign in.' };
  const location = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(location);
}

async function control(ctx) {
  const body = JSON.parse((await readBody(ctx.req)) || '{}');
  if (ctx.path === '/test/accounts') {
    const known = accounts.get(body.sub) || { email_verified: true, name: body.sub, active: true };
    const account = { ...known, ...body };
    accounts.set(account.sub, account);
  } else if (ctx.path === '/test/tamper') {
    tamper = body;
  } else {
    ctx.status = 404;
    return;
  }
  ctx.status = 204;
}

async function tamperIdToken(ctx, key) {
  const claims = { ...jose.decodeJwt(ctx.body.id_token), ...tamper };
  tamper = null;
  const signingKey = await jose.importJWK(key, 'RS256');
  ctx.body.id_token = await new jose.SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .sign(signingKey);
}

async function main() {
  const server = http.createServer();
  await new Promise((resolve) => { server.listen(Number(process.env.PORT || 0), '127.0.0.1', resolve); });
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const key = await signingKeys();

  const provider = new Provider(issuer, {
    clients: [{
      client_id: process.env.OIDC_CLIENT_ID || 'registry',
      client_secret: process.env.OIDC_CLIENT_SECRET || 'registry-test-secret',
      redirect_uris: [`http://127.0.0.1${CALLBACK_PATH}`],
      post_logout_redirect_uris: [`http://127.0.0.1${SIGNED_OUT_PATH}`],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }],
    jwks: { keys: [key] },
    cookies: { keys: ['test-only-cookie-key'] },
    findAccount,
    loadExistingGrant,
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name'] },
    conformIdTokenClaims: false, // the e-mail claims in the ID token itself
    interactions: { url: (_ctx, details) => `/interaction/${details.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Sign out of the test provider', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
        },
      },
    },
    pkce: { required: () => true },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    acrValues: ['urn:test:loa:low', 'urn:test:loa:high'],
  });
  // The registry's tests run on any loopback port: allow its two paths on any of them.
  const allowed = (value, path) => {
    const url = new URL(value);
    return LOOPBACK.has(url.hostname) && url.pathname === path;
  };
  provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
    return allowed(value, CALLBACK_PATH);
  };
  provider.Client.prototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(value) {
    return allowed(value, SIGNED_OUT_PATH);
  };

  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith('/interaction/')) return interaction(provider, ctx);
    if (ctx.path.startsWith('/test/') && ctx.method === 'POST') return control(ctx);
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && tamper && ctx.body?.id_token) {
      await tamperIdToken(ctx, key);
    }
    return undefined;
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
