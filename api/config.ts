import { createECDH, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** A duration in milliseconds: 100 ms to an hour. */
const ms = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be 100..3600000 ms')
    .max(3_600_000, 'must be 100..3600000 ms')
    .default(fallback);

/** Every setting of the platform, parsed once from the environment. */
const envSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be 0..65535')
    .max(65535, 'must be 0..65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  DATA_DIR: z.string().min(1, 'must not be empty').default('.data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TZ: z
    .string()
    .default('Europe/Moscow')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Moscow'),
  /**
   * The structured log (JSON lines on stdout): warnings and errors by default; `info` adds a line per
   * request and per thing done (sign-ins, appeals filed, messages kept in the dev outbox).
   */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  SEED: z.enum(['demo', 'none'], { error: 'must be demo or none' }).default('demo'),
  /**
   * What this process runs: `all` (HTTP and workers, as `npm start`), `api` (HTTP only) or `workers`
   * (pg-boss workers, timers and schedules only). Split roles scale out on one PostgreSQL.
   */
  ROLE: z.enum(['all', 'api', 'workers'], { error: 'must be all, api or workers' }).default('all'),
  /**
   * Which proxies may tell the client's address (X-Forwarded-For): none by default, so per-IP
   * rate limits cannot be dodged by a forged header. A list of addresses/CIDRs (or loopback).
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^([0-9a-fA-F.:/]+|loopback|linklocal|uniquelocal)(,\s*([0-9a-fA-F.:/]+|loopback|linklocal|uniquelocal))*$/,
      'must be a comma-separated list of IP addresses/CIDRs (or loopback)',
    )
    .optional(),
  /** Caps on writes per user and per address (api/plugins/write-limits.ts); off only for load tests. */
  WRITE_RATE_LIMITS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  /**
   * How long a request body may take, in milliseconds (api/plugins/body-deadline.ts): the whole body,
   * and the longest pause with no byte at all. JSON forms are small; photo and document uploads
   * (multipart, up to 5 × 10 MB) get longer, for a phone on a poor connection.
   */
  BODY_TIMEOUT_MS: ms(15_000),
  BODY_IDLE_TIMEOUT_MS: ms(5_000),
  UPLOAD_TIMEOUT_MS: ms(300_000),
  UPLOAD_IDLE_TIMEOUT_MS: ms(30_000),
  /**
   * Port of the embedded PostgreSQL. Unset: 54329, or the next free port when another program has
   * it (api/platform.ts); set: that port or a refusal to start.
   */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** How long the trail of reads of residents' personal data is kept, in days (default three years). */
  AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int('must be a whole number')
    .min(30, 'must be 30..3650 days')
    .max(3650, 'must be 30..3650 days')
    .default(1095),
  /** E-mail over SMTP, e.g. smtps://user:password@smtp.example.org:465; none keeps e-mails in the dev outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  SMTP_FROM: z
    .string()
    .min(3, 'must be an address such as Отклик <noreply@example.org>')
    .default('Отклик <noreply@otklik.invalid>'),
  /** SMS through an HTTP gateway: its URL ({{to}} and {{text}} may appear in it, URL-encoded). */
  SMS_GATEWAY_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  SMS_GATEWAY_METHOD: z.enum(['POST', 'PUT', 'GET'], { error: 'must be POST, PUT or GET' }).default('POST'),
  /** The request body with {{to}} (E.164) and {{text}} placeholders, escaped for the content type. */
  SMS_GATEWAY_BODY: z.string().default('{"to":"{{to}}","text":"{{text}}"}'),
  SMS_GATEWAY_CONTENT_TYPE: z.string().min(1, 'must not be empty').default('application/json'),
  /** The value of the gateway's auth header, e.g. "Bearer abc123". */
  SMS_GATEWAY_AUTH: z.string().min(1, 'must not be empty').optional(),
  SMS_GATEWAY_AUTH_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'must be a header name')
    .default('authorization'),
  /** Contact for push services (RFC 8292): a mailto: or https: URL. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must start with mailto: or https://')
    .default('mailto:noreply@otklik.invalid'),
  /** Delivery retries: how many, and the first delay in seconds (doubling each time, at most an hour). */
  NOTIFY_RETRY_LIMIT: z.coerce
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0..20')
    .max(20, 'must be 0..20')
    .default(5),
  NOTIFY_RETRY_DELAY: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1..3600 seconds')
    .max(3600, 'must be 1..3600 seconds')
    .default(30),
  /**
   * "Войти через Госуслуги": the OpenID Connect provider (ESIA, or any OIDC provider giving the ESIA
   * profile's claims) and this platform's client at it. Unset: the sign-in answers "not configured",
   * except in the demo (SEED=demo), where `npm start` runs a local stand-in (api/identity/stand-in.ts).
   */
  OIDC_ISSUER_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1, 'must not be empty').optional(),
  OIDC_CLIENT_SECRET: z.string().min(1, 'must not be empty').optional(),
  /** Where the provider sends people back; PUBLIC_URL/api/identity/callback unless set. */
  OIDC_REDIRECT_URI: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
});

export type Env = z.infer<typeof envSchema>;

export type Config = Omit<Env, 'SESSION_SECRET' | 'PUBLIC_URL'> & {
  SESSION_SECRET: string;
  PUBLIC_URL: string;
  /** Absolute directory for uploads (content-addressed). */
  uploadsDir: string;
  /** Absolute directory for the embedded PostgreSQL cluster. */
  pgDir: string;
  /** The web push (VAPID) key pair, created once into DATA_DIR/vapid.json. */
  vapid: VapidKeys;
};

export type VapidKeys = { publicKey: string; privateKey: string };

export class ConfigError extends Error {}

/** Parse the environment; a bad value throws one line naming the variable and what is wrong. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema
    // The embedded PostgreSQL lives inside one process; processes of split roles share an external one.
    .refine((env) => env.ROLE === 'all' || env.DATABASE_URL !== undefined, {
      path: ['ROLE'],
      error: 'other than all needs DATABASE_URL (the embedded PostgreSQL belongs to one process)',
    })
    // A provider without its client (or a client without its provider) is a half-done setting.
    .refine((env) => (env.OIDC_ISSUER_URL === undefined) === (env.OIDC_CLIENT_ID === undefined), {
      path: ['OIDC_CLIENT_ID'],
      error: 'and OIDC_ISSUER_URL go together: set both or neither',
    })
    .safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    const shown = name in cleaned && !/SECRET|DATABASE_URL|SMTP_URL|AUTH/.test(name) ? ` (got "${cleaned[name]}")` : '';
    throw new ConfigError(`Configuration error: ${name} ${issue.message}${shown}`);
  }
  return result.data;
}

const vapidFile = z.object({
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/),
  privateKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

/**
 * The VAPID key pair for web push: a P-256 key created on first start and kept (mode 0600) in
 * DATA_DIR, so browsers' subscriptions stay valid across restarts.
 */
export function loadVapidKeys(dataDir: string): VapidKeys {
  const file = path.join(dataDir, 'vapid.json');
  if (existsSync(file)) {
    const parsed = vapidFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new ConfigError(`Configuration error: ${file} is not a VAPID key pair; delete it to create a new one`);
    return parsed.data;
  }
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const secret = ecdh.getPrivateKey();
  // A key with leading zero bytes comes back shorter; push services expect all 32 bytes.
  const privateKey = Buffer.concat([Buffer.alloc(32 - secret.length), secret]).toString('base64url');
  const keys = { publicKey: ecdh.getPublicKey('base64url'), privateKey };
  writeFileSync(file, `${JSON.stringify(keys)}\n`, { mode: 0o600 });
  return keys;
}

/** Load the configuration, creating DATA_DIR and a persistent session secret when needed. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = parseEnv(source);
  const dataDir = path.resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  let secret = env.SESSION_SECRET;
  if (!secret) {
    const file = path.join(dataDir, 'session-secret');
    if (existsSync(file)) secret = readFileSync(file, 'utf8').trim();
    else {
      secret = randomBytes(32).toString('base64url');
      writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    }
  }
  return {
    ...env,
    DATA_DIR: dataDir,
    SESSION_SECRET: secret,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`,
    uploadsDir: path.join(dataDir, 'uploads'),
    pgDir: path.join(dataDir, 'pg'),
    vapid: loadVapidKeys(dataDir),
  };
}
