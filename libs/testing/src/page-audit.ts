import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/** axe-core from the npm package, injected into each page (the context bypasses the portal's CSP for it). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** How long a hook waits for the audits still running before giving up on them. */
const AUDIT_SETTLE_MS = 30_000;

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
  /** Every audit of this test file, so a hook can fail each test whose pages had findings (auditEveryPage). */
  private static readonly all = new Set<PageAudit>();
  private static readonly byContext = new WeakMap<BrowserContext, PageAudit>();
  private readonly findings: AxeFinding[] = [];
  /** How many findings a test has already been failed for. */
  private reported = 0;
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
    return { context, audit: PageAudit.of(context) };
  }

  /** The audit of a context: the one already watching it, or a new one that watches it from now on. */
  static of(context: BrowserContext): PageAudit {
    const known = PageAudit.byContext.get(context);
    if (known) return known;
    const audit = new PageAudit();
    audit.watchContext(context);
    return audit;
  }

  /**
   * Makes every context the browser opens audited (CSP bypassed so axe can be injected), whether or not the test
   * asks for it; `failOnNewFindings()` in an afterEach hook then fails the test that met a serious or critical one.
   */
  static auditEveryPage(browser: Browser): Browser {
    const open = browser.newContext.bind(browser);
    browser.newContext = async (options: BrowserContextOptions = {}) => {
      const context = await open({ ...options, bypassCSP: true });
      PageAudit.of(context);
      return context;
    };
    return browser;
  }

  /** Waits for the audits still running and throws with the findings no test has been failed for yet. */
  static async failOnNewFindings(): Promise<void> {
    const fresh: AxeFinding[] = [];
    for (const audit of PageAudit.all) {
      await audit.settle();
      fresh.push(...audit.findings.slice(audit.reported));
      audit.reported = audit.findings.length;
    }
    if (fresh.length > 0) throw findingsError(fresh);
  }

  /** Audits every page of the context, present and future (each main-frame load). */
  watchContext(context: BrowserContext): void {
    PageAudit.byContext.set(context, this);
    PageAudit.all.add(this);
    for (const page of context.pages()) this.watch(page);
    context.on('page', (page) => this.watch(page));
  }

  /**
   * Waits for the audits still running. An audit of a page that is navigating or closing ends with its page; one
   * that has not ended after `AUDIT_SETTLE_MS` is given up (its page is gone or stuck, and the test's own steps fail
   * on a stuck page), so a hook never outlives the test's timeout waiting for it.
   */
  async settle(): Promise<void> {
    const deadline = Date.now() + AUDIT_SETTLE_MS;
    while (this.running.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      });
      await Promise.race([Promise.all([...this.running]), timeout]);
      clearTimeout(timer);
    }
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
    await this.settle();
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
    await this.settle();
    if (this.findings.length === 0) return;
    this.reported = this.findings.length;
    throw findingsError(this.findings);
  }
}

function findingsError(findings: readonly AxeFinding[]): Error {
  const lines = findings.map(
    (f) => `- [${f.impact}] ${f.rule} on ${f.url}: ${f.help} (${f.targets.slice(0, 5).join(' | ')})`,
  );
  return new Error(`axe-core found ${findings.length} serious or critical problem(s):\n${lines.join('\n')}`);
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
