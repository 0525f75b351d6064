// A real OpenID Connect identity provider (oidc-provider) on 127.0.0.1 for tests, with scripted logins.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// oidc-provider ships no type declarations: the little used here is declared by hand.
interface Interaction {
  uid: string;
  prompt: { name: string; details: Record<string, unknown> };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
}
interface Grant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  save(): Promise<string>;
}
interface GrantModel {
  new (properties: { accountId: string; clientId: string }): Grant;
  find(id: string): Promise<Grant | undefined>;
}
interface Provider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: GrantModel;
  on(event: string, listener: (...args: unknown[]) => void): void;
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => Provider;

async function loadProvider(): Promise<ProviderConstructor> {
  const specifier = 'oidc-provider';
  const module = (await import(specifier)) as { default: ProviderConstructor };
  return module.default;
}

export const LOA2 = 'http://id.elegnamnden.se/loa/1.0/loa2';
export const LOA3 = 'http://id.elegnamnden.se/loa/1.0/loa3';
export const LOA4 = 'http://id.elegnamnden.se/loa/1.0/loa4';

export interface TestAccount {
  /** The subject (and the provider's account id). */
  sub: string;
  preferredUsername?: string;
  name?: string;
}

/** Who logs in at the identity provider, and at which assurance level. */
export interface ScriptedLogin {
  sub: string;
  acr: string;
}

export interface TestIdentityProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  acrValues?: string[];
  /**
   * false (the default, oidc-provider's conformant mode): profile claims only at the userinfo
   * endpoint. true: profile claims in the ID token as well.
   */
  claimsInIdToken?: boolean;
}

export interface TestIdentityProvider {
  issuer: string;
  addAccount(account: TestAccount): void;
  /** Paths requested from the provider so far (e.g. to see whether the userinfo endpoint was used). */
  readonly requestedPaths: readonly string[];
  /**
   * Plays the browser: follows an authorization URL through the provider's login and consent as
   * the given account with the given acr, and returns the URL the provider sends the browser back
   * to (the client's redirect URI with code, state and iss, or with an error).
   */
  authorize(authorizationUrl: string, login: ScriptedLogin): Promise<URL>;
  stop(): Promise<void>;
}

/** A minimal cookie jar: by name only, which is enough for one provider on one host. */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', v = ''] = attribute.split('=').map((part) => part.trim());
        if (key.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
        return false;
      });
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

interface StoredPayload {
  grantId?: string;
  uid?: string;
  userCode?: string;
  consumed?: number;
  [key: string]: unknown;
}

/** Storage for the provider's artefacts, private to one provider instance (the built-in one is module-global and warns). */
function memoryAdapter(): new (model: string) => object {
  const entries = new Map<string, { payload: StoredPayload; expiresAt: number }>();
  const read = (key: string): StoredPayload | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  return class MemoryAdapter {
    readonly #model: string;
    constructor(model: string) {
      this.#model = model;
    }
    #key(id: string): string {
      return `${this.#model}:${id}`;
    }
    #findBy(field: 'uid' | 'userCode', value: string): StoredPayload | undefined {
      for (const [key, entry] of entries) {
        if (key.startsWith(`${this.#model}:`) && entry.payload[field] === value) return read(key);
      }
      return undefined;
    }
    upsert(id: string, payload: StoredPayload, expiresIn: number | undefined): Promise<void> {
      entries.set(this.#key(id), {
        payload,
        expiresAt: expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000,
      });
      return Promise.resolve();
    }
    find(id: string): Promise<StoredPayload | undefined> {
      return Promise.resolve(read(this.#key(id)));
    }
    findByUid(uid: string): Promise<StoredPayload | undefined> {
      return Promise.resolve(this.#findBy('uid', uid));
    }
    findByUserCode(userCode: string): Promise<StoredPayload | undefined> {
      return Promise.resolve(this.#findBy('userCode', userCode));
    }
    consume(id: string): Promise<void> {
      const payload = read(this.#key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      return Promise.resolve();
    }
    destroy(id: string): Promise<void> {
      entries.delete(this.#key(id));
      return Promise.resolve();
    }
    revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, entry] of entries) {
        if (key.startsWith(`${this.#model}:`) && entry.payload.grantId === grantId)
          entries.delete(key);
      }
      return Promise.resolve();
    }
  };
}

const INTERACTION_PATH = '/interaction/';
const MAX_REDIRECTS = 20;

export async function startTestIdentityProvider(
  options: TestIdentityProviderOptions,
): Promise<TestIdentityProvider> {
  const Provider = await loadProvider();
  const accounts = new Map<string, TestAccount>();
  const acrValues = options.acrValues ?? [LOA2, LOA3, LOA4];

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomUUID(),
    use: 'sig',
    alg: 'RS256',
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    adapter: memoryAdapter(),
    jwks: { keys: [signingKey] },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    acrValues,
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    conformIdTokenClaims: options.claimsInIdToken !== true,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: {
      url: (_ctx: unknown, interaction: Interaction) => `${INTERACTION_PATH}${interaction.uid}`,
    },
    findAccount: (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          ...(account.preferredUsername === undefined
            ? {}
            : { preferred_username: account.preferredUsername }),
          ...(account.name === undefined ? {} : { name: account.name }),
        }),
      };
    },
  });

  // Login and consent without HTML: the scripted login travels as query parameters of the
  // interaction URL (added by authorize()), consent is granted for whatever is asked.
  const interact = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const interaction = await provider.interactionDetails(req, res);
    if (interaction.prompt.name === 'login') {
      const sub = url.searchParams.get('sub');
      const acr = url.searchParams.get('acr');
      if (!sub || !acr || !accounts.has(sub)) {
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'no such test account' },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: sub, acr, amr: ['pwd'] } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (interaction.prompt.name === 'consent') {
      const accountId = interaction.session?.accountId;
      const clientId = interaction.params.client_id;
      if (!accountId || typeof clientId !== 'string')
        throw new Error('consent without a logged-in account or client');
      const existing = interaction.grantId
        ? await provider.Grant.find(interaction.grantId)
        : undefined;
      const grant = existing ?? new provider.Grant({ accountId, clientId });
      const details = interaction.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
      };
      if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
      if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    throw new Error(`unexpected prompt ${interaction.prompt.name}`);
  };

  const handle = provider.callback();
  const requestedPaths: string[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    requestedPaths.push(url.pathname);
    if (!url.pathname.startsWith(INTERACTION_PATH)) {
      handle(req, res);
      return;
    }
    interact(req, res, url).catch((error: unknown) => {
      res.statusCode = 500;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(error instanceof Error ? error.message : String(error));
    });
  });

  return {
    issuer,
    requestedPaths,
    addAccount(account) {
      accounts.set(account.sub, account);
    },
    async authorize(authorizationUrl, login) {
      const jar = new CookieJar();
      let next = new URL(authorizationUrl);
      for (let hop = 0; hop < MAX_REDIRECTS; hop += 1) {
        if (next.href.startsWith(options.redirectUri)) return next;
        if (next.origin !== issuer)
          throw new Error(`redirected away from the provider to ${next.origin}`);
        if (next.pathname.startsWith(INTERACTION_PATH)) {
          next.searchParams.set('sub', login.sub);
          next.searchParams.set('acr', login.acr);
        }
        const response = await fetch(next, {
          redirect: 'manual',
          headers: { cookie: jar.header() },
        });
        jar.store(response);
        const location = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || !location) {
          const body = await response.text();
          throw new Error(
            `identity provider answered ${String(response.status)} at ${next.pathname}: ${body.slice(0, 500)}`,
          );
        }
        await response.body?.cancel();
        next = new URL(location, next);
      }
      throw new Error('too many redirects at the identity provider');
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}
