/**
 * The filing flow's state: the appeal being filled in, saved to the browser as it changes (see
 * appeal-draft.ts) so that signing in or a reload keeps all of it, photos included. Browser-only.
 */
import {
  type AppealDraft,
  clearDraft,
  type DraftPhoto,
  type DraftPlace,
  deletePhoto,
  emptyDraft,
  loadDraft,
  saveDraft,
  savePhoto,
} from './appeal-draft.ts';
import { ApiError, getBuilding, nearestBuildings } from './api.ts';

/** What the API takes (api/app.ts multipart limits, api/uploads.ts photo types), told before upload. */
export const PHOTO_LIMITS = {
  count: 5,
  megabytes: 10,
  types: ['image/jpeg', 'image/png', 'image/webp'],
} as const;
// A tap this close to a building is about the building (its roof, entrance, yard).
const BUILDING_WITHIN_METRES = 40;

/** A photo of the draft with the object URL that previews it. */
export type DraftPhotoView = DraftPhoto & { url: string };
/** Why a chosen file was left out. */
export type RefusedPhoto = { name: string; reason: 'type' | 'size' | 'count' };

/** Where the filing starts from: what the link into the flow carried (the home page's map or topics). */
export type FilingEntry = {
  buildingId: number | null;
  point: { lat: number; lon: number } | null;
  categoryId: number | null;
};

export class FilingDraft {
  loaded = $state(false);
  place: DraftPlace | null = $state.raw(null);
  categoryId: number | null = $state(null);
  description = $state('');
  entrance = $state('');
  apartment = $state('');
  photos: DraftPhotoView[] = $state.raw([]);
  idempotencyKey: string = crypto.randomUUID();
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** Load the saved draft; a link that names another place starts a new one. */
  async load(entry: FilingEntry): Promise<void> {
    const saved = (await loadDraft()) ?? emptyDraft();
    const elsewhere =
      (entry.buildingId !== null && saved.place?.building?.id !== entry.buildingId) ||
      (entry.point !== null && !samePoint(saved.place, entry.point));
    const draft = elsewhere ? emptyDraft() : saved;
    if (elsewhere) await clearDraft();
    this.#take(draft);
    if (entry.categoryId !== null) this.categoryId = entry.categoryId;
    if (elsewhere && entry.buildingId !== null) await this.chooseBuildingById(entry.buildingId);
    // A point of the map given by a link was clicked beside the buildings: it stays a point, the
    // building near it only offered.
    else if (elsewhere && entry.point) await this.choosePoint(entry.point.lat, entry.point.lon, { building: false });
    this.loaded = true;
    await this.flush();
  }

  #take(draft: AppealDraft) {
    for (const photo of this.photos) URL.revokeObjectURL(photo.url);
    this.place = draft.place;
    this.categoryId = draft.categoryId;
    this.description = draft.description;
    this.entrance = draft.entrance;
    this.apartment = draft.apartment;
    this.photos = draft.photos.map((p) => ({ ...p, url: URL.createObjectURL(p.blob) }));
    this.idempotencyKey = draft.idempotencyKey;
  }

  /** The building found by the address search or named by a link. */
  chooseBuilding(building: { id: number; address: string; lat: number; lon: number }) {
    this.place = {
      lat: building.lat,
      lon: building.lon,
      building: { id: building.id, address: building.address },
      nearby: null,
    };
    this.save();
  }

  async chooseBuildingById(id: number) {
    try {
      this.chooseBuilding(await getBuilding(id));
    } catch {
      this.place = null;
    }
  }

  /**
   * A point on the map or the device's location: the building there, when there is one, is offered
   * (and taken, unless `building` is false).
   */
  async choosePoint(lat: number, lon: number, opts: { signal?: AbortSignal; building?: boolean } = {}) {
    const { signal, building = true } = opts;
    this.place = { lat, lon, building: null, nearby: null };
    let nearby: DraftPlace['nearby'] = null;
    try {
      const [nearest] = await nearestBuildings(lat, lon, BUILDING_WITHIN_METRES, signal);
      if (nearest) nearby = { id: nearest.id, address: nearest.address, distanceMetres: nearest.distanceMetres };
    } catch (error) {
      // 404: no building that close, so the point stands alone.
      if (!(error instanceof ApiError)) return;
    }
    if (signal?.aborted || this.place?.lat !== lat || this.place?.lon !== lon) return;
    const taken = building && nearby ? { id: nearby.id, address: nearby.address } : null;
    this.place = { lat, lon, building: taken, nearby };
    this.save();
  }

  /** Between the building found near a point and the point itself (a road, a yard). */
  useBuilding(yes: boolean) {
    const place = this.place;
    if (!place?.nearby) return;
    this.place = { ...place, building: yes ? { id: place.nearby.id, address: place.nearby.address } : null };
    if (!yes) {
      this.entrance = '';
      this.apartment = '';
    }
    this.save();
  }

  /** Add the chosen files that fit the limits; the others are returned with the reason. */
  addPhotos(files: Iterable<File>): RefusedPhoto[] {
    const refused: RefusedPhoto[] = [];
    const added: DraftPhotoView[] = [];
    for (const file of files) {
      if (!(PHOTO_LIMITS.types as readonly string[]).includes(file.type))
        refused.push({ name: file.name, reason: 'type' });
      else if (file.size > PHOTO_LIMITS.megabytes * 1024 * 1024) refused.push({ name: file.name, reason: 'size' });
      else if (this.photos.length + added.length >= PHOTO_LIMITS.count)
        refused.push({ name: file.name, reason: 'count' });
      else {
        const photo = { id: crypto.randomUUID(), name: file.name, type: file.type, blob: file };
        added.push({ ...photo, url: URL.createObjectURL(file) });
        void savePhoto(photo);
      }
    }
    this.photos = [...this.photos, ...added];
    this.save();
    return refused;
  }

  removePhoto(id: string) {
    const photo = this.photos.find((p) => p.id === id);
    if (photo) URL.revokeObjectURL(photo.url);
    this.photos = this.photos.filter((p) => p.id !== id);
    void deletePhoto(id);
    this.save();
  }

  /** The photos as files to send. */
  files(): File[] {
    return this.photos.map((p) => new File([p.blob], p.name, { type: p.type }));
  }

  /** Save soon (typing saves once it pauses). */
  save() {
    clearTimeout(this.#timer);
    // 300 ms: one write per pause in typing, not one per key.
    this.#timer = setTimeout(() => void this.flush(), 300);
  }

  /** Save now: before a step changes, and when the page is hidden. */
  async flush() {
    clearTimeout(this.#timer);
    if (!this.loaded) return;
    await saveDraft({
      place: this.place,
      categoryId: this.categoryId,
      description: this.description,
      entrance: this.entrance,
      apartment: this.apartment,
      photos: this.photos,
      idempotencyKey: this.idempotencyKey,
    });
  }

  /** The appeal is filed: nothing to keep. */
  async clear() {
    clearTimeout(this.#timer);
    this.loaded = false;
    await clearDraft();
  }

  dispose() {
    clearTimeout(this.#timer);
    for (const photo of this.photos) URL.revokeObjectURL(photo.url);
  }
}

const samePoint = (place: DraftPlace | null, point: { lat: number; lon: number }) =>
  place !== null && Math.abs(place.lat - point.lat) < 1e-6 && Math.abs(place.lon - point.lon) < 1e-6;
