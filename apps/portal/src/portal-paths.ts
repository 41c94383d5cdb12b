import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir as packageDirFrom } from '@app/web';

/** Views and compiled public files sit beside this file, in the source tree and in the built bundle alike. */
export const VIEWS_DIR = join(__dirname, 'views');
export const PUBLIC_DIR = existsSync(join(__dirname, 'public'))
  ? join(__dirname, 'public')
  : join(__dirname, '..', '..', '..', 'dist', 'apps', 'portal', 'public');

/** Finds an installed package's folder by walking up from here (works from source and from the bundle). */
export function packageDir(name: string): string {
  return packageDirFrom(name, __dirname);
}
