import { defineEnvVars } from '@sveltejs/kit/env';

const OSM_TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

/** Map tiles: read when the server starts (not at build time) and sent to the browser. */
export const variables = defineEnvVars({
  TILE_URL: {
    public: true,
    description: 'Map tile URL template with {z}, {x} and {y}; OpenStreetMap when unset',
    schema: (value) => {
      const url = value || OSM_TILES;
      if (!/^(https?:\/\/|\/)/.test(url) || !['{z}', '{x}', '{y}'].every((part) => url.includes(part))) {
        throw new Error('TILE_URL must be an http(s) URL or a path with {z}, {x} and {y}');
      }
      return url;
    },
  },
  TILE_ATTRIBUTION: {
    public: true,
    description: 'Attribution shown on the map (HTML); the OpenStreetMap notice when unset',
    schema: (value) => value || OSM_ATTRIBUTION,
  },
});
