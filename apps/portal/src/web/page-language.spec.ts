import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type nunjucks from 'nunjucks';
import { translate } from '../i18n/messages';
import { packageDir, VIEWS_DIR } from '../portal-paths';
import { createViewEnvironment, GOVUK_WORDS, localiseGovukTemplate, withPageLanguage } from '@app/web';

const GOVUK_DIST = join(packageDir('govuk-frontend'), 'dist');

function environment(): nunjucks.Environment {
  return createViewEnvironment([VIEWS_DIR, GOVUK_DIST], { noCache: true }, translate);
}

function render(env: nunjucks.Environment, lang: 'vi' | 'en', source: string): string {
  return withPageLanguage(lang, () => env.renderString(source, {}));
}

const INPUT = `{% from "govuk/components/input/macro.njk" import govukInput %}
{{ govukInput({ id: "name", name: "name", label: { text: "Họ tên" }, errorMessage: { text: "Nhập họ tên" } }) }}`;

const PAGINATION = `{% from "govuk/components/pagination/macro.njk" import govukPagination %}
{{ govukPagination({ previous: { href: "?p=1" }, next: { href: "?p=3" }, items: [{ number: 1, href: "?p=1" }] }) }}`;

describe('GOV.UK Frontend words in the page’s language', () => {
  it('says “Lỗi:” before a Vietnamese field error and “Error:” before an English one', () => {
    const env = environment();
    expect(render(env, 'vi', INPUT)).toContain('<span class="govuk-visually-hidden">Lỗi:</span> Nhập họ tên');
    expect(render(env, 'en', INPUT)).toContain('<span class="govuk-visually-hidden">Error:</span> Nhập họ tên');
    expect(render(env, 'vi', INPUT)).not.toContain('Error');
  });

  it('labels pagination in the page’s language', () => {
    const env = environment();
    const vi = render(env, 'vi', PAGINATION);
    expect(vi).toContain('aria-label="Phân trang"');
    expect(vi).toMatch(/Trang trước<span class="govuk-visually-hidden"><\/span>/);
    expect(vi).toMatch(/Trang sau<span class="govuk-visually-hidden"><\/span>/);
    expect(vi).toContain('aria-label="Trang 1"');
    expect(vi).not.toMatch(/Previous|Next|Page 1|"Pagination"/);
    const en = render(env, 'en', PAGINATION);
    expect(en).toMatch(/Previous<span class="govuk-visually-hidden"> page<\/span>/);
    expect(en).toContain('aria-label="Page 1"');
  });

  it('finds every English word it replaces in the installed GOV.UK Frontend, and refuses a template without them', () => {
    for (const [name, words] of Object.entries(GOVUK_WORDS)) {
      const upstream = readFileSync(join(GOVUK_DIST, name), 'utf8');
      for (const [english] of words) expect([name, upstream.includes(english)]).toEqual([name, true]);
      expect(localiseGovukTemplate(name, upstream)).not.toContain(words[0]?.[0]);
    }
    expect(() => localiseGovukTemplate('govuk/components/error-message/template.njk', '<p>{{ text }}</p>')).toThrow(
      /no longer contains/,
    );
  });
});

describe('one error-summary title everywhere', () => {
  /** Every message key a page uses as the title of its error summary (in templates and in page titles). */
  function titleKeys(): string[] {
    const keys = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(njk|ts)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) {
          const text = readFileSync(path, 'utf8');
          for (const m of text.matchAll(/govukErrorSummary\(\{\s*titleText:\s*t\("([\w.]+)"\)/g)) keys.add(m[1] ?? '');
          for (const m of text.matchAll(/\bt[r]?\('([\w.]*error(?:Summary|Title))'\)/g)) keys.add(m[1] ?? '');
        }
      }
    };
    walk(join(VIEWS_DIR, '..'));
    return [...keys].sort();
  }

  it('finds the titles and every one reads the same as error.summaryTitle, in both languages', () => {
    const keys = titleKeys();
    expect(keys.length).toBeGreaterThanOrEqual(5);
    for (const lang of ['vi', 'en'] as const) {
      const expected = translate(lang, 'error.summaryTitle');
      expect(keys.map((k) => [k, translate(lang, k)])).toEqual(keys.map((k) => [k, expected]));
    }
  });
});
