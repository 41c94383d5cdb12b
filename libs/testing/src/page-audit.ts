import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/** axe-core from the npm package, injected into each page (the context bypasses the portal's CSP for it). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts that fail a test. */
const FAILING_IMPACTS = new Set(['serious', 'critical']);

/** The width of a small phone: pages that matter on a phone must not scroll sideways at this width. */
export const PHONE_WIDTH = 375;

export interface AxeFinding {
  url: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

interface AxeResultLike {
  violations: Array<{
    id: string;
    impact?: string | null;
    help: string;
    nodes: Array<{ target: unknown[] }>;
  }>;
}

/**
 * Runs axe-core on every page a browser test visits: each main-frame load of a watched page is audited, and
 * `assertClean()` (called by the test at its end) fails on any serious or critical finding. A page that navigates
 * away while its audit runs is audited again by `check()` where the test needs it; `check()` also measures the
 * page at phone width.
 */
export class PageAudit {
  private readonly findings: AxeFinding[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly seen = new Set<string>();
  /** URLs (without query) whose audit completed. */
  readonly audited: string[] = [];

  /** A browser context whose pages are all audited (CSP bypassed so axe can be injected). */
  static async context(
    browser: Browser,
    options: BrowserContextOptions = {},
  ): Promise<{ context: BrowserContext; audit: PageAudit }> {
    const context = await browser.newContext({ locale: 'vi-VN', ...options, bypassCSP: true });
    const audit = new PageAudit();
    audit.watchContext(context);
    return { context, audit };
  }

  /** Audits every page of the context, present and future. */
  watchContext(context: BrowserContext): void {
    for (const page of context.pages()) this.watch(page);
    context.on('page', (page) => this.watch(page));
  }

  watch(page: Page): void {
    page.on('load', () => {
      const run = this.audit(page).then(
        () => undefined,
        () => undefined,
      );
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    });
  }

  /** Runs axe on the page as it is now and records its serious and critical findings (once per URL and content). */
  async audit(page: Page): Promise<AxeFinding[]> {
    const url = page.url();
    if (!url.startsWith('http')) return [];
    const hasAxe = await page.evaluate('typeof window.axe === "object"').catch(() => false);
    if (!hasAxe) await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate<AxeResultLike>(`window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    })`);
    const found: AxeFinding[] = [];
    for (const v of result.violations) {
      if (!FAILING_IMPACTS.has(v.impact ?? '')) continue;
      const targets = v.nodes.map((n) => n.target.map(String).join(' '));
      const key = `${url.split('?')[0]}|${v.id}|${targets.join(',')}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      found.push({ url, rule: v.id, impact: v.impact ?? '', help: v.help, targets });
    }
    this.findings.push(...found);
    this.audited.push(url.split('?')[0] ?? url);
    return found;
  }

  /**
   * Audits the current page now and measures it at phone width: resolves with the document's scroll width there.
   * Fails at once when the page scrolls sideways at 375 px.
   */
  async check(page: Page, opts: { phone?: boolean } = {}): Promise<number | null> {
    await page.waitForLoadState('load');
    // One axe run at a time in a page: let the audit its load started finish first.
    while (this.running.size > 0) await Promise.all([...this.running]);
    await this.audit(page);
    if (opts.phone === false) return null;
    const width = await scrollWidthAt(page, PHONE_WIDTH);
    if (width > PHONE_WIDTH) {
      throw new Error(`${page.url()} scrolls sideways at ${PHONE_WIDTH} px: the document is ${width} px wide`);
    }
    return width;
  }

  /** Waits for audits still running and fails with every serious or critical finding. */
  async assertClean(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
    if (this.findings.length === 0) return;
    const lines = this.findings.map(
      (f) => `- [${f.impact}] ${f.rule} on ${f.url}: ${f.help} (${f.targets.slice(0, 5).join(' | ')})`,
    );
    throw new Error(`axe-core found ${this.findings.length} serious or critical problem(s):\n${lines.join('\n')}`);
  }
}

/** The document's scroll width with the viewport at `width` px (the viewport is put back afterwards). */
export async function scrollWidthAt(page: Page, width: number): Promise<number> {
  const before = page.viewportSize();
  await page.setViewportSize({ width, height: 812 });
  try {
    // Two frames: layout settles after the resize before the width is read.
    return await page.evaluate<number>(
      `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() =>
         resolve(document.documentElement.scrollWidth))))`,
    );
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
