// The report form's map: click (or drag the marker) to fill the latitude and longitude inputs, which stay usable
// without it. No tile server is needed: the map shows the ward's boundary and streets when the project ships them,
// and a base map only when the deployment configures one (data-tile-url).
/* global L */
import { addWardLayers, baseLayer, WARD_CENTRE } from './map-common.js';

for (const el of document.querySelectorAll('[data-map-picker]')) {
  if (typeof L === 'undefined') break;
  const lat = document.querySelector(el.dataset.latInput);
  const lng = document.querySelector(el.dataset.lngInput);
  if (!lat || !lng) continue;
  el.setAttribute('role', 'application');
  el.setAttribute(
    'aria-label',
    document.documentElement.lang === 'en' ? 'Map: click to set the location' : 'Bản đồ: bấm để chọn vị trí',
  );
  const start = [Number(lat.value) || WARD_CENTRE[0], Number(lng.value) || WARD_CENTRE[1]];
  const map = L.map(el, { center: start, zoom: 15 });
  baseLayer(map, el.dataset.tileUrl);
  addWardLayers(map, el.dataset.boundary, el.dataset.streets);
  let marker = null;
  const place = (latlng) => {
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
      marker.on('dragend', () => place(marker.getLatLng()));
    } else {
      marker.setLatLng(latlng);
    }
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
  };
  if (lat.value && lng.value) place(L.latLng(start[0], start[1]));
  map.on('click', (e) => place(e.latlng));
  const update = () => {
    const p = L.latLng(Number(lat.value), Number(lng.value));
    if (Number.isFinite(p.lat) && Number.isFinite(p.lng) && lat.value && lng.value) {
      place(p);
      map.panTo(p);
    }
  };
  lat.addEventListener('change', update);
  lng.addEventListener('change', update);
  if ('geolocation' in navigator) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'govuk-button govuk-button--secondary';
    button.textContent = document.documentElement.lang === 'en' ? 'Use my location' : 'Dùng vị trí của tôi';
    button.addEventListener('click', () =>
      navigator.geolocation.getCurrentPosition((pos) => {
        const p = L.latLng(pos.coords.latitude, pos.coords.longitude);
        place(p);
        map.setView(p, 17);
      }),
    );
    el.after(button);
  }
}
