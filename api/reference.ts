import { getBuildingRef } from '../db/queries/buildings.ts';
import { getCategory, type Category } from '../db/queries/categories.ts';
import { getDistrictName, getMunicipality, type MunicipalityRef } from '../db/queries/municipalities.ts';
import type { Db } from '../db/client.ts';

// Reference data (categories, municipalities, districts, building places) changes by an admin's hand a few times a
// year; every appeal reads it. Ten seconds of staleness across instances is the price of not
// asking the database on each intake.
const TTL_MS = 10_000;
// Buildings are many (5,000 in Kazan, a million in the benchmark city): keep the most recent.
const MAX_ENTRIES = 50_000;

type Entry<T> = { value: T; at: number };

/** A small read-through cache of reference data with a short TTL. */
export class ReferenceCache {
  readonly #db: Db;
  readonly #entries = new Map<string, Entry<unknown>>();
  constructor(db: Db) {
    this.#db = db;
  }

  async #get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    const now = Date.now();
    if (hit && now - hit.at < TTL_MS) return hit.value as T;
    const value = await load();
    if (value !== null) {
      this.#entries.delete(key);
      this.#entries.set(key, { value, at: now });
      if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    }
    return value;
  }

  category(id: number): Promise<Category | null> {
    return this.#get(`category:${id}`, () => getCategory(this.#db, id));
  }
  municipality(id: number): Promise<MunicipalityRef | null> {
    return this.#get(`municipality:${id}`, () => getMunicipality(this.#db, id));
  }
  district(id: number) {
    return this.#get(`district:${id}`, () => getDistrictName(this.#db, id));
  }
  /** A building's place (address, district, location): what intake needs, not who serves it. */
  building(id: number) {
    return this.#get(`building:${id}`, () => getBuildingRef(this.#db, id));
  }
  /** Forget everything (after an admin edits reference data in this process). */
  clear() {
    this.#entries.clear();
  }
}
