// The public map of reports: clustered markers from the GeoJSON list (published reports only), each with its
// number, category and state and a link to its page. The list below the map carries the same reports without JS.
/* global L */
import { addWardLayers, baseLayer, WARD_CENTRE } from './map-common.js';

for (const el of document.querySelectorAll('[data-report-map]')) {
  if (typeof L === 'undefined') break;
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', document.documentElement.lang === 'en' ? 'Map of reports' : 'Bản đồ phản ánh');
  const map = L.map(el, { center: WARD_CENTRE, zoom: 14 });
  baseLayer(map, el.dataset.tileUrl);
  addWardLayers(map, el.dataset.boundary, el.dataset.streets);
  fetch(el.dataset.source, { headers: { Accept: 'application/geo+json' } })
    .then((r) => (r.ok ? r.json() : { features: [] }))
    .then((data) => {
      const group = typeof L.markerClusterGroup === 'function' ? L.markerClusterGroup() : L.featureGroup();
      for (const f of data.features) {
        const [lng, lat] = f.geometry.coordinates;
        const p = f.properties;
        const popup = document.createElement('div');
        const link = document.createElement('a');
        link.href = p.url;
        link.className = 'govuk-link';
        link.textContent = p.number;
        popup.append(link, document.createElement('br'), `${p.category} — ${p.status}`);
        L.circleMarker([lat, lng], { radius: 8, color: p.open ? '#1d70b8' : '#00703c', weight: 2, fillOpacity: 0.7 })
          .bindPopup(popup)
          .addTo(group);
      }
      group.addTo(map);
      if (data.features.length > 0) map.fitBounds(group.getBounds(), { maxZoom: 16, padding: [20, 20] });
    })
    .catch(() => undefined);
}
