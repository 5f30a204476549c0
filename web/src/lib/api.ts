/**
 * The browser's client for the Otklik API (same origin). The types mirror the OpenAPI document at
 * /api/openapi.json; only the fields the web app reads are listed.
 */

export type BuildingSummary = { id: number; address: string; districtId: number; lat: number; lon: number };

export type OrganisationContact = {
  id: number;
  nameRu: string;
  nameEn: string;
  phone: string | null;
  email: string | null;
  website: string | null;
};

export const wallMaterials = ['panel', 'brick', 'monolith', 'block', 'wood', 'mixed'] as const;
export const supplierKinds = ['coldWater', 'hotWater', 'heating', 'electricity', 'gas'] as const;

export type BuildingPassport = {
  id: number;
  address: string;
  postcode: string | null;
  lat: number;
  lon: number;
  district: { id: number; nameRu: string; nameEn: string };
  managementCompany: OrganisationContact | null;
  suppliers: Record<(typeof supplierKinds)[number], OrganisationContact | null>;
  passport: {
    yearBuilt: number | null;
    floors: number | null;
    entrances: number | null;
    apartments: number | null;
    totalArea: number | null;
    wallMaterial: (typeof wallMaterials)[number] | null;
    elevators: number | null;
    heatingSystem: string | null;
    hotWaterSystem: string | null;
    lastOverhaulYear: number | null;
    wearPercent: number | null;
  };
};

export const categoryGroups = ['housing', 'utilities', 'roads', 'transport', 'landscaping', 'other'] as const;

export type Category = {
  id: number;
  code: string;
  nameRu: string;
  nameEn: string;
  group: (typeof categoryGroups)[number];
  emergency: boolean;
};

/** West, south, east, north in degrees. */
export type Box = { minLon: number; minLat: number; maxLon: number; maxLat: number };

/** An answer other than 2xx; `detail` is the problem document's text when there is one. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, detail: string) {
    super(detail);
    this.status = status;
  }
}

async function getJson<T>(path: string, query: Record<string, string | undefined>, signal?: AbortSignal): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const search = params.size > 0 ? `?${params}` : '';
  const response = await fetch(`/api${path}${search}`, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) {
    const problem = await response.json().catch(() => null);
    throw new ApiError(response.status, typeof problem?.detail === 'string' ? problem.detail : response.statusText);
  }
  return response.json() as Promise<T>;
}

/** Buildings whose address resembles the query (typos allowed), best first. */
export async function searchBuildings(q: string, municipality: string | undefined, signal?: AbortSignal) {
  const body = await getJson<{ items: BuildingSummary[] }>('/buildings', { q, municipality }, signal);
  return body.items;
}

/** Buildings inside a box; `truncated` when there were more than the server sends at once. */
export function buildingsInBox(box: Box, municipality: string | undefined, signal?: AbortSignal) {
  const bbox = [box.minLon, box.minLat, box.maxLon, box.maxLat].map((v) => v.toFixed(6)).join(',');
  return getJson<{ items: BuildingSummary[]; truncated: boolean }>('/buildings', { bbox, municipality }, signal);
}

export function getBuilding(id: number, signal?: AbortSignal) {
  return getJson<BuildingPassport>(`/buildings/${id}`, {}, signal);
}

export async function listCategories(municipality: string | undefined, signal?: AbortSignal) {
  const body = await getJson<{ items: Category[] }>('/categories', { municipality }, signal);
  return body.items;
}
