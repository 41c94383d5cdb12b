import { AsyncLocalStorage } from 'node:async_hooks';
import { sep } from 'node:path';
import nunjucks from 'nunjucks';
import type { Lang, Translate } from './lang';

/** The language of the page being rendered, for the request that renders it. */
const pageLanguage = new AsyncLocalStorage<Lang>();

/** Runs `fn` (the rest of the request) with `lang` as the language of every page it renders. */
export function withPageLanguage<T>(lang: Lang, fn: () => T): T {
  return pageLanguage.run(lang, fn);
}

/** The language of the page being rendered now (Vietnamese outside a request). */
export function currentPageLanguage(): Lang {
  return pageLanguage.getStore() ?? 'vi';
}

/**
 * The words GOV.UK Frontend's component templates write in English, per template, and what we put in their place:
 * `shellText(key)`, the interface text of `key` in the language of the page being rendered. A template's words
 * that are no longer found (a GOV.UK Frontend upgrade changed them) stop the template from loading.
 */
export const GOVUK_WORDS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  'govuk/components/error-message/template.njk': [['default("Error")', 'default(shellText("govuk.error"))']],
  'govuk/components/pagination/template.njk': [
    ['default("Page " + item.number)', 'default(shellText("govuk.pageNumber", { number: item.number | string }))'],
    ['default("Pagination", true)', 'default(shellText("govuk.pagination"), true)'],
    [
      'Previous<span class="govuk-visually-hidden"> page</span>',
      '{{ shellText("govuk.previous") }}<span class="govuk-visually-hidden">{{ shellText("govuk.pageSuffix") }}</span>',
    ],
    [
      'Next<span class="govuk-visually-hidden"> page</span>',
      '{{ shellText("govuk.next") }}<span class="govuk-visually-hidden">{{ shellText("govuk.pageSuffix") }}</span>',
    ],
  ],
};

/** GOV.UK's template source with its English words replaced; throws when one of them is missing. */
export function localiseGovukTemplate(name: string, src: string): string {
  let out = src;
  for (const [english, ours] of GOVUK_WORDS[name] ?? []) {
    if (!out.includes(english)) throw new Error(`GOV.UK Frontend's ${name} no longer contains ${english}`);
    out = out.split(english).join(ours);
  }
  return out;
}

/**
 * An app's template loader: our views first, then GOV.UK Frontend's, whose error-message and pagination
 * templates are loaded with their English words replaced by `shellText` (they are included by GOV.UK's other
 * components through relative paths, so a copy of our own could not take their place).
 */
export class PortalViewLoader extends nunjucks.FileSystemLoader {
  override getSource(name: string): nunjucks.LoaderSource {
    const source = super.getSource(name);
    // Null when the name is not found in this loader (the declared type does not say so).
    if (!(source as nunjucks.LoaderSource | null)) return source;
    const path = source.path.split(sep).join('/');
    const key = Object.keys(GOVUK_WORDS).find((k) => path.endsWith(`/dist/${k}`));
    return key ? { ...source, src: localiseGovukTemplate(key, source.src) } : source;
  }
}

/** An app's Nunjucks environment: our views, GOV.UK Frontend's, and `shellText` for both. */
export function createViewEnvironment(
  searchPaths: string[],
  opts: { noCache: boolean; throwOnUndefined?: boolean },
  translate: Translate,
): nunjucks.Environment {
  const env = new nunjucks.Environment(new PortalViewLoader(searchPaths, { noCache: opts.noCache }), {
    autoescape: true,
    throwOnUndefined: opts.throwOnUndefined ?? false,
  });
  env.addGlobal('shellText', (key: string, params?: Record<string, string>) =>
    translate(currentPageLanguage(), key, params),
  );
  return env;
}
