#!/usr/bin/env node
/*
 * Compose the realm files Keycloak imports at start-up.
 *
 *   node compose-realm.js <srcDir> <outDir> [overlay]
 *
 * Conventions inside <srcDir> (the keycloak/ folder of the repository):
 *   realm-<name>.json                  base realm, always imported
 *   realm-<name>.<overlay>-overlay.json  deep-merged into realm-<name>.json when <overlay> is given
 *   realm-<name>.<overlay>.json        an extra realm, imported as-is when <overlay> is given
 *
 * Output: <outDir>/<realm>-realm.json — Keycloak's directory import only picks
 * files named "<realm>-realm.json" and refuses a file whose name does not match
 * the realm inside it, so the output name is taken from the "realm" field.
 *
 * Merge rules: objects are merged key by key; arrays of objects are appended,
 * except that an entry with the same identity (clientId, username, name or
 * alias) as an existing one is merged into it; arrays of scalars are unioned;
 * any other value from the overlay replaces the base value.
 * ${ENV:default} placeholders are left untouched: Keycloak resolves them.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ID_KEYS = ['clientId', 'username', 'name', 'alias'];

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function identity(v) {
  if (!isObject(v)) return undefined;
  for (const k of ID_KEYS) if (typeof v[k] === 'string') return `${k}=${v[k]}`;
  return undefined;
}

function mergeArrays(base, over) {
  const out = base.slice();
  for (const item of over) {
    if (isObject(item)) {
      const id = identity(item);
      const idx = id === undefined ? -1 : out.findIndex((b) => identity(b) === id);
      if (idx >= 0) out[idx] = merge(out[idx], item);
      else out.push(item);
    } else if (!out.some((b) => JSON.stringify(b) === JSON.stringify(item))) {
      out.push(item);
    }
  }
  return out;
}

function merge(base, over) {
  if (Array.isArray(base) && Array.isArray(over)) return mergeArrays(base, over);
  if (isObject(base) && isObject(over)) {
    const out = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
    return out;
  }
  return over;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e.message}`);
  }
}

function writeRealm(outDir, rep, from) {
  if (typeof rep.realm !== 'string' || rep.realm === '') throw new Error(`${from}: no "realm" field`);
  const out = path.join(outDir, `${rep.realm}-realm.json`);
  if (fs.existsSync(out)) throw new Error(`${from}: realm "${rep.realm}" composed twice`);
  fs.writeFileSync(out, JSON.stringify(rep, null, 2) + '\n');
  return out;
}

function main(argv) {
  const [srcDir, outDir, overlay] = argv;
  if (!srcDir || !outDir) {
    console.error('usage: compose-realm.js <srcDir> <outDir> [overlay]');
    return 2;
  }
  if (overlay !== undefined && !/^[a-z0-9_-]+$/.test(overlay)) {
    console.error(`compose-realm: invalid overlay name "${overlay}"`);
    return 2;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const files = fs.readdirSync(srcDir).sort();
  const bases = files.filter((f) => /^realm-[a-z0-9-]+\.json$/.test(f));
  if (bases.length === 0) {
    console.error(`compose-realm: no realm-*.json in ${srcDir}`);
    return 1;
  }
  let usedOverlays = 0;
  for (const f of bases) {
    const name = f.slice('realm-'.length, -'.json'.length);
    let rep = readJson(path.join(srcDir, f));
    if (overlay) {
      const ov = `realm-${name}.${overlay}-overlay.json`;
      if (files.includes(ov)) {
        rep = merge(rep, readJson(path.join(srcDir, ov)));
        usedOverlays++;
        console.log(`compose-realm: ${f} + ${ov}`);
      }
    }
    console.log(`compose-realm: -> ${path.basename(writeRealm(outDir, rep, f))}`);
  }
  if (overlay) {
    const extras = files.filter((f) => f.startsWith('realm-') && f.endsWith(`.${overlay}.json`));
    for (const f of extras) {
      console.log(`compose-realm: ${f} -> ${path.basename(writeRealm(outDir, readJson(path.join(srcDir, f)), f))}`);
    }
    if (usedOverlays === 0 && extras.length === 0) {
      console.error(`compose-realm: overlay "${overlay}" matches no file in ${srcDir}`);
      return 1;
    }
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`compose-realm: ${e.message}`);
    process.exitCode = 1;
  }
}

module.exports = { merge };
