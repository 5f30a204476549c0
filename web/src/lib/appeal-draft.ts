/**
 * The appeal a resident is filling in, kept in the browser's IndexedDB (photos as Blobs) so that
 * signing in, a reload or a closed tab loses nothing. One draft per browser; it is cleared once the
 * appeal is filed. Browser-only.
 */

/** Where the problem is: a building (entrance and apartment may follow) or a point outdoors. */
export type DraftPlace = {
  lat: number;
  lon: number;
  /** The building the appeal is about; null for a point (a road, a yard, a lamp). */
  building: { id: number; address: string } | null;
  /** The building nearest to a chosen point, offered to the resident. */
  nearby: { id: number; address: string; distanceMetres: number } | null;
};

export type DraftPhoto = { id: string; name: string; type: string; blob: Blob };

export type AppealDraft = {
  place: DraftPlace | null;
  categoryId: number | null;
  description: string;
  entrance: string;
  apartment: string;
  photos: DraftPhoto[];
  /** One key per filled-in appeal: a retry after a lost answer files it once, even after a reload. */
  idempotencyKey: string;
};

export const emptyDraft = (): AppealDraft => ({
  place: null,
  categoryId: null,
  description: '',
  entrance: '',
  apartment: '',
  photos: [],
  idempotencyKey: crypto.randomUUID(),
});

const DATABASE = 'otklik-drafts';
// The draft's fields (small, written on every change) apart from its photos (written once each).
const DRAFTS = 'drafts';
const PHOTOS = 'photos';
const KEY = 'appeal';

type SavedDraft = Omit<AppealDraft, 'photos'> & { photos: Omit<DraftPhoto, 'blob'>[] };

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(DRAFTS);
      request.result.createObjectStore(PHOTOS);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** One transaction over both stores; resolves when it has committed. */
async function run<T>(
  mode: IDBTransactionMode,
  work: (drafts: IDBObjectStore, photos: IDBObjectStore) => T,
): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction([DRAFTS, PHOTOS], mode);
      const result = work(tx.objectStore(DRAFTS), tx.objectStore(PHOTOS));
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const read = <T>(request: IDBRequest) => {
  const box: { value?: T } = {};
  request.onsuccess = () => (box.value = request.result as T);
  return box;
};

/** The saved draft with its photos, or null (none, or storage unavailable: private windows may refuse it). */
export async function loadDraft(): Promise<AppealDraft | null> {
  try {
    const saved = await run('readonly', (drafts) => read<SavedDraft>(drafts.get(KEY)));
    if (!saved.value) return null;
    const draft = saved.value;
    const blobs = await run('readonly', (_, photos) => draft.photos.map((p) => read<Blob>(photos.get(p.id))));
    const withBlobs = draft.photos.flatMap((p, i) => {
      const blob = blobs[i].value;
      return blob ? [{ ...p, blob }] : [];
    });
    return { ...emptyDraft(), ...draft, photos: withBlobs };
  } catch {
    return null;
  }
}

/** Save the draft's fields (the photos are saved once each, by `savePhoto`). */
export async function saveDraft(draft: AppealDraft): Promise<void> {
  const saved: SavedDraft = {
    place: draft.place ? placeCopy(draft.place) : null,
    categoryId: draft.categoryId,
    description: draft.description,
    entrance: draft.entrance,
    apartment: draft.apartment,
    photos: draft.photos.map(({ id, name, type }) => ({ id, name, type })),
    idempotencyKey: draft.idempotencyKey,
  };
  await run('readwrite', (drafts) => drafts.put(saved, KEY)).catch(() => {});
}

export async function savePhoto(photo: DraftPhoto): Promise<void> {
  await run('readwrite', (_, photos) => photos.put(photo.blob, photo.id)).catch(() => {});
}

export async function deletePhoto(id: string): Promise<void> {
  await run('readwrite', (_, photos) => photos.delete(id)).catch(() => {});
}

/** Forget the draft and its photos (once filed, or when the resident starts over). */
export async function clearDraft(): Promise<void> {
  await run('readwrite', (drafts, photos) => {
    drafts.delete(KEY);
    photos.clear();
  }).catch(() => {});
}

const placeCopy = (place: DraftPlace): DraftPlace => ({
  lat: place.lat,
  lon: place.lon,
  building: place.building ? { id: place.building.id, address: place.building.address } : null,
  nearby: place.nearby
    ? { id: place.nearby.id, address: place.nearby.address, distanceMetres: place.nearby.distanceMetres }
    : null,
});
