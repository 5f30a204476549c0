/**
 * The demo installation: Kazan (KZN) and Innopolis (INN) with staff, residents and 90 days of
 * appeals. `npm start` loads it into an empty database; `npm run seed` loads bigger ones.
 */
import type { Database } from '../client.ts';
import { hashPassword } from '../passwords.ts';
import { DEMO_PASSWORD, planCity } from './generate.ts';
import {
  DEMO_RESIDENTS,
  DEMO_STAFF,
  INNOPOLIS_ORGANISATIONS,
  KAZAN_CITY_HALL,
  KAZAN_DISPATCH_CENTRE,
  KAZAN_DEPARTMENTS,
  KAZAN_DISTRICT_ADMINISTRATIONS,
  KAZAN_MANAGEMENT_COMPANIES,
  KAZAN_SUPPLIERS,
} from './kazan.ts';
import { isDatabaseEmpty, type LoadSummary, loadCity, type OnProgress } from './load.ts';
import { seedEservices } from './eservices.ts';
import { QUEUE_STAFF } from './queue-catalogue.ts';
import { seedQueue } from './queue.ts';
import { seedDiscussions } from './discussions.ts';
import { seedOpen311Client } from './open311.ts';
import { seedInspections } from './inspections.ts';
import { seedPassports } from './passports.ts';
import { seedOutages } from './outages.ts';
import { seedReadings } from './readings.ts';
import { seedApartmentEdits } from './apartments-edit.ts';

export { DEMO_PASSWORD } from './generate.ts';
export { isDatabaseEmpty, resetDatabase, type OnProgress, type SeedPhase, type SeedProgress } from './load.ts';

/** The default demo: the size of real Kazan's apartment stock, and three days' worth of appeals. */
export const DEMO_DEFAULTS = { buildings: 5000, appeals: 3000, seed: 42 } as const;

export type SeedOptions = {
  /** Apartment buildings of Kazan (Innopolis adds 30). */
  buildings?: number;
  /** Appeals over the 90 days before `now`. */
  appeals?: number;
  seed?: number;
  /** The end of the generated history; the caller's clock (defaults to the current time). */
  now?: Date;
  onProgress?: OnProgress;
  /** Where uploaded files live (config.uploadsDir): the demo discussions' documents are written there. */
  uploadsDir?: string;
  /**
   * Work to do once the appeals are in, alongside the rest of the seed (inspections, passports,
   * e-services, readings, outages), which does not touch appeals: `npm start` puts them on the clock there.
   */
  withAppeals?: () => Promise<unknown>;
};

export type SeedSummary = LoadSummary & { seed: number; now: Date; ms: number };

/**
 * Load the demo city into an empty database (throws if a municipality exists). The same seed and
 * `now` give the same rows; only the password hash differs (argon2 salts it), and it is computed once
 * and shared by every staff account.
 */
export async function seedDemoCity(db: Database, opts: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  if (!(await isDatabaseEmpty(db))) {
    throw new Error('the database already has municipalities: the demo city is only loaded into an empty database');
  }
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  const now = opts.now ?? new Date();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const plan = planCity({
    seed,
    buildings: opts.buildings ?? DEMO_DEFAULTS.buildings,
    appeals: opts.appeals ?? DEMO_DEFAULTS.appeals,
    now,
    passwordHash,
  });
  const summary = await loadCity(db, plan, opts.onProgress);
  // Independent parts at once, each on its own connection (they write different tables, so the rows
  // and their ids stay the same from run to run).
  await Promise.all([
    opts.withAppeals?.(),
    seedInspections(db, { seed, now }),
    seedPassports(db, { seed, now }),
    (async () => {
      // The queue links collections to applications ready to collect: after the e-services.
      await seedEservices(db, { seed, now });
      await seedQueue(db, { seed, now, passwordHash });
    })(),
    (async () => {
      // Residents' apartments first: the outages' notices reach the residents linked to them.
      await seedReadings(db, { now });
      // The open discussion's territory is drawn around confirmed apartment links: after the readings,
      // beside the apartments' edits and the outages (which change no confirmed link).
      await Promise.all([
        (async () => {
          await seedApartmentEdits(db, { now });
          await seedOutages(db, now);
        })(),
        seedDiscussions(db, { seed, now, uploadsDir: opts.uploadsDir }),
      ]);
    })(),
  ]);
  // After the parts that add accounts, so that the client's service account has the same id each run.
  await seedOpen311Client(db, now);
  return { ...summary, seed, now, ms: performance.now() - started };
}

export type DemoLogin = {
  role: string;
  /** Staff login, or a resident's phone. */
  login: string;
  /** The password, or how a resident signs in. */
  secret: string;
  municipality: 'KZN' | 'INN';
  /** Organisation name, when the account belongs to one. */
  organisation: string | null;
  description: string;
};

const organisationNames = new Map(
  [
    ...KAZAN_MANAGEMENT_COMPANIES,
    ...KAZAN_SUPPLIERS,
    ...KAZAN_DEPARTMENTS,
    KAZAN_DISPATCH_CENTRE,
    KAZAN_CITY_HALL,
    ...KAZAN_DISTRICT_ADMINISTRATIONS,
    ...INNOPOLIS_ORGANISATIONS,
  ].map((o) => [o.code, o.nameRu]),
);

/** Who can sign in to the demo and what they can do there (README, start-up banner). */
export const demoLogins: DemoLogin[] = [
  ...DEMO_STAFF.map((st) => ({
    role: st.role,
    login: st.login,
    secret: DEMO_PASSWORD,
    municipality: st.municipality,
    organisation: st.organisation ? (organisationNames.get(st.organisation) ?? null) : null,
    description: st.description,
  })),
  // the electronic queue's operators and a district administration's supervisor (db/seed/queue.ts)
  ...QUEUE_STAFF.map((st) => ({
    role: st.role,
    login: st.login,
    secret: DEMO_PASSWORD,
    municipality: st.municipality,
    organisation: organisationNames.get(st.organisation) ?? null,
    description: st.description,
  })),
  ...DEMO_RESIDENTS.map((r, i) => ({
    role: 'resident',
    login: r.phone,
    secret: 'код по SMS / one-time code',
    municipality: 'KZN' as const,
    organisation: null,
    description: `${r.fullName}: ${i === 0 ? 'житель, подаёт и отслеживает обращения, подтверждает решение / resident' : 'житель / resident'}`,
  })),
];

/** The demo logins as aligned text lines, for printing. */
export function formatDemoLogins(logins: DemoLogin[] = demoLogins): string[] {
  return logins.map((l) => `${l.role.padEnd(15)} ${l.login.padEnd(16)} ${l.secret.padEnd(26)} ${l.description}`);
}
