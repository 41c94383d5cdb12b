import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Views and compiled public files sit beside this file, in the source tree and in the built bundle alike. */
export const VIEWS_DIR = join(__dirname, 'views');
export const PUBLIC_DIR = existsSync(join(__dirname, 'public'))
  ? join(__dirname, 'public')
  : join(__dirname, '..', '..', '..', 'dist', 'apps', 'portal', 'public');

/** Finds an installed package's folder by walking up from here (works from source and from the bundle). */
export function packageDir(name: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package ${name} not found above ${__dirname}`);
    dir = parent;
  }
}
