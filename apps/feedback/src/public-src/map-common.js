/* global L */
/** Around phường Thủy Xuân, Huế (which includes the former Thủy Biều since 01/07/2025). */
export const WARD_CENTRE = [16.4533, 107.5583];

/** A base map only when the deployment configures a tile server; the map works without one. */
export function baseLayer(map, tileUrl) {
  if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map);
}

/** The ward's boundary and streets, when the project ships them as GeoJSON. */
export function addWardLayers(map, boundaryUrl, streetsUrl) {
  const load = (url, style) =>
    url
      ? fetch(url)
          .then((r) => (r.ok ? r.json() : null))
          .then((data) => data && L.geoJSON(data, { style, interactive: false }).addTo(map))
          .catch(() => undefined)
      : undefined;
  load(boundaryUrl, { color: '#b4121b', weight: 2, fill: false });
  load(streetsUrl, { color: '#505a5f', weight: 1 });
}
