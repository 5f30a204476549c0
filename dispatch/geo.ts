/** Great-circle distance in metres between two lon/lat points. */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(a));
}

/** Half-sizes in degrees of a box that contains every point within `metres` of latitude `lat`. */
export function boxAround(lat: number, metres: number): { lon: number; lat: number } {
  const dLat = metres / 111_320;
  return { lat: dLat, lon: dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180)) };
}
