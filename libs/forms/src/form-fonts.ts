import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The npm package whose TrueType files are embedded in every form (full Vietnamese coverage). */
const FONT_PACKAGE = 'dejavu-fonts-ttf';

export type FontFace = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FILES: Record<FontFace, string> = {
  regular: 'DejaVuSerifCondensed.ttf',
  bold: 'DejaVuSerifCondensed-Bold.ttf',
  italic: 'DejaVuSerifCondensed-Italic.ttf',
  boldItalic: 'DejaVuSerifCondensed-BoldItalic.ttf',
};

/**
 * Finds an installed package's folder by walking up from this file. `require.resolve` of a data file is not reliable
 * once the app is bundled (node_modules stay external), so this works the same from source and from the bundle.
 */
export function packageDir(name: string, from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package ${name} not found above ${from}`);
    dir = parent;
  }
}

let cache: Record<FontFace, Buffer> | undefined;

/** The four faces of the form font, read once per process. */
export function formFonts(): Record<FontFace, Buffer> {
  if (!cache) {
    const dir = join(packageDir(FONT_PACKAGE), 'ttf');
    cache = {
      regular: readFileSync(join(dir, FILES.regular)),
      bold: readFileSync(join(dir, FILES.bold)),
      italic: readFileSync(join(dir, FILES.italic)),
      boldItalic: readFileSync(join(dir, FILES.boldItalic)),
    };
  }
  return cache;
}
