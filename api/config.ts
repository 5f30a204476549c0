import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Every setting of the platform, parsed once from the environment. */
const envSchema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
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
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED: z.enum(['demo', 'none'], { error: 'must be demo or none' }).default('demo'),
  /**
   * Which proxies may tell the client's address (X-Forwarded-For): none by default, so per-IP
   * rate limits cannot be dodged by a forged header. A list of addresses/CIDRs (or loopback).
   */
  TRUST_PROXY: z
    .string()
    .regex(/^([0-9a-fA-F.:/]+|loopback|linklocal|uniquelocal)(,\s*([0-9a-fA-F.:/]+|loopback|linklocal|uniquelocal))*$/, 'must be a comma-separated list of IP addresses/CIDRs (or loopback)')
    .optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
});

export type Env = z.infer<typeof envSchema>;

export type Config = Omit<Env, 'SESSION_SECRET' | 'PUBLIC_URL'> & {
  SESSION_SECRET: string;
  PUBLIC_URL: string;
  /** Absolute directory for uploads (content-addressed). */
  uploadsDir: string;
  /** Absolute directory for the embedded PostgreSQL cluster. */
  pgDir: string;
};

export class ConfigError extends Error {}

/** Parse the environment; a bad value throws one line naming the variable and what is wrong. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    const shown = name in cleaned && !/SECRET|DATABASE_URL/.test(name) ? ` (got "${cleaned[name]}")` : '';
    throw new ConfigError(`Configuration error: ${name} ${issue.message}${shown}`);
  }
  return result.data;
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
  };
}
