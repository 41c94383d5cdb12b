#!/usr/bin/env node
// Builds the portal's public files into dist/apps/portal/public: the stylesheet (GOV.UK Frontend compiled with our
// settings), the design system's browser script and images, and our own static files; and copies the worker's
// message templates beside the worker's and the portal's bundles.
'use strict';
const { cpSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const sass = require('sass');

const root = join(__dirname, '..');
const out = join(root, 'dist', 'apps', 'portal', 'public');
const govuk = join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk');

mkdirSync(out, { recursive: true });
const result = sass.compile(join(root, 'apps', 'portal', 'src', 'styles', 'app.scss'), {
  loadPaths: [join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin'],
});
writeFileSync(join(out, 'app.css'), result.css);
cpSync(join(govuk, 'govuk-frontend.min.js'), join(out, 'govuk-frontend.min.js'));
cpSync(join(govuk, 'assets', 'images'), join(out, 'assets', 'images'), { recursive: true });
cpSync(join(root, 'apps', 'portal', 'src', 'public-src'), out, { recursive: true });
// The message templates, read at boot next to each main.js: the worker sends them, the portal lists them.
const templates = join(root, 'dist', 'apps', 'router-worker', 'templates', 'messages');
cpSync(join(root, 'libs', 'messages', 'templates'), templates, { recursive: true });
cpSync(join(root, 'libs', 'messages', 'templates'), join(root, 'dist', 'apps', 'portal', 'templates', 'messages'), {
  recursive: true,
});
console.log(`assets built in ${out} (app.css ${result.css.length} bytes); message templates in ${templates}`);
