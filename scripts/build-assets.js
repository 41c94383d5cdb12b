#!/usr/bin/env node
// Builds the web apps' public files into dist/apps/<app>/public: the shared design system (libs/web: the stylesheet,
// GOV.UK Frontend compiled with our settings, its browser script and images, the favicon) and each app's own static
// files; and copies the worker's message templates beside the worker's and the portal's bundles.
'use strict';
const { cpSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const sass = require('sass');

const root = join(__dirname, '..');
const out = join(root, 'dist', 'apps', 'portal', 'public');
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk');

mkdirSync(out, { recursive: true });
const result = sass.compile(join(root, 'libs', 'web', 'styles', 'app.scss'), {
  loadPaths: [join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin'],
});
writeFileSync(join(out, 'app.css'), result.css);
cpSync(join(govuk, 'govuk-frontend.min.js'), join(out, 'govuk-frontend.min.js'));
cpSync(join(govuk, 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true });
cpSync(join(root, 'libs', 'web', 'public-src'), out, { recursive: true });
cpSync(join(root, 'apps', 'portal', 'src', 'public-src'), out, { recursive: true });
// The feedback app: the same design system, its own scripts.
const feedbackOut = join(root, 'dist', 'apps', 'feedback', 'public');
mkdirSync(feedbackOut, { recursive: true });
writeFileSync(join(feedbackOut, 'app.css'), result.css);
cpSync(join(govuk, 'govuk-frontend.min.js'), join(feedbackOut, 'govuk-frontend.min.js'));
cpSync(join(govuk, 'assets', 'images'), join(feedbackOut, 'assets', 'images'), { recursive: true });
cpSync(join(root, 'libs', 'web', 'public-src'), feedbackOut, { recursive: true });
cpSync(join(root, 'apps', 'feedback', 'src', 'public-src'), feedbackOut, { recursive: true });
// Leaflet and its marker clustering, served from the app itself (no third-party script host).
const leafletOut = join(feedbackOut, 'leaflet');
mkdirSync(leafletOut, { recursive: true });
const leaflet = join(root, 'node_modules', 'leaflet', 'dist');
const cluster = join(root, 'node_modules', 'leaflet.markercluster', 'dist');
for (const f of ['leaflet.js', 'leaflet.css']) cpSync(join(leaflet, f), join(leafletOut, f));
cpSync(join(leaflet, 'images'), join(leafletOut, 'images'), { recursive: true });
for (const f of ['leaflet.markercluster.js', 'MarkerCluster.css', 'MarkerCluster.Default.css']) {
  cpSync(join(cluster, f), join(leafletOut, f));
}
// The message templates, read at boot next to each main.js: the worker sends them, the portal lists them.
const templates = join(root, 'dist', 'apps', 'router-worker', 'templates', 'messages');
cpSync(join(root, 'libs', 'messages', 'templates'), templates, { recursive: true });
cpSync(join(root, 'libs', 'messages', 'templates'), join(root, 'dist', 'apps', 'portal', 'templates', 'messages'), {
  recursive: true,
});
console.log(`assets built in ${out} (app.css ${result.css.length} bytes); message templates in ${templates}`);
