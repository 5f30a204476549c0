/**
 * The one way the web app opens a Leaflet map: the configured tiles (TILE_URL, TILE_ATTRIBUTION)
 * on the canvas renderer, centred on the demo city. Browser-only, like Leaflet itself.
 */
import { TILE_ATTRIBUTION, TILE_URL } from '$app/env/public';
import L from 'leaflet';

// Central Kazan, the demo city, until the API tells us about municipalities' extents.
export const CITY_CENTRE: L.LatLngTuple = [55.7963, 49.1088];

/** A map in `container` at `zoom`; `onTilesFailed` when a tile cannot load (the map still works). */
export function baseMap(container: HTMLElement, zoom: number, onTilesFailed?: () => void): L.Map {
  const map = L.map(container, { preferCanvas: true }).setView(CITY_CENTRE, zoom);
  const tiles = L.tileLayer(TILE_URL, { attribution: TILE_ATTRIBUTION, maxZoom: 19 });
  if (onTilesFailed) tiles.on('tileerror', onTilesFailed);
  tiles.addTo(map);
  return map;
}

/**
 * Take a map down with its component. Leaflet's remove() leaves a zoom animation's timer (250 ms)
 * and a queued animation frame behind, which then read the panes it dropped: "Cannot read
 * properties of undefined (reading '_leaflet_pos')" when a page was left mid-zoom. The map stops
 * listening and moving at once, and is removed once they have run out (its container is gone by then).
 */
export function removeMap(map: L.Map): void {
  map.off();
  map.stop();
  setTimeout(() => map.remove(), 400);
}
