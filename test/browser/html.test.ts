/**
 * The HTML report in a real browser (headless Chromium through playwright-core): it must load
 * nothing from anywhere, run its inline script under its own CSP, draw its charts, filter and sort
 * the findings table with mouse and keyboard, and hide its controls when printed. The JUnit report
 * is also checked with Chromium's XML parser, a second opinion on the test-only parser.
 *
 * Needs `chromium` (Debian package, /usr/bin/chromium or $CHROMIUM_PATH) and `playwright-core`
 * (a devDependency; or $CARECHECK_PLAYWRIGHT_CORE = path to an installed playwright-core package
 * directory). Without either, the suite is skipped and says why.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { html } from '../../src/reporters/html.js';
import { junit } from '../../src/reporters/junit.js';
import { ctx, finding, fixtures, makeReport } from '../unit/reporters/helpers.js';

// Minimal structural types for the parts of playwright-core used here, so this file type-checks
// whether or not playwright-core is installed.
interface Request {
  url(): string;
}
interface Route {
  request(): Request;
  abort(): Promise<void>;
  continue(): Promise<void>;
}
interface Locator {
  count(): Promise<number>;
  fill(value: string): Promise<void>;
  click(): Promise<void>;
  focus(): Promise<void>;
  press(key: string): Promise<void>;
  isVisible(): Promise<boolean>;
  textContent(): Promise<string | null>;
  getAttribute(name: string): Promise<string | null>;
  selectOption(value: string): Promise<unknown>;
  locator(selector: string): Locator;
}
interface Page {
  route(pattern: string, handler: (route: Route) => Promise<void>): Promise<void>;
  on(event: 'request', fn: (r: Request) => void): void;
  on(event: 'pageerror', fn: (e: Error) => void): void;
  on(event: 'dialog', fn: (d: { dismiss(): Promise<void> }) => void): void;
  on(event: 'console', fn: (m: { type(): string; text(): string }) => void): void;
  goto(url: string): Promise<unknown>;
  locator(selector: string): Locator;
  /** Expressions as strings: the project compiles without DOM types, and these run in the page. */
  evaluate<T>(expression: string): Promise<T>;
  emulateMedia(options: { media: 'print' | 'screen' }): Promise<void>;
  close(): Promise<void>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(options: { executablePath: string; args: string[] }): Promise<Browser> };
}

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** playwright-core if it can be found, else the reason it cannot. */
async function loadPlaywright(): Promise<Playwright | string> {
  // A variable specifier so neither TypeScript nor Vite insists on the package at build time.
  const specifiers = ['playwright-core'];
  const dir = process.env['CARECHECK_PLAYWRIGHT_CORE'];
  if (dir) specifiers.push(pathToFileURL(join(dir, 'index.mjs')).href);
  const errors: string[] = [];
  for (const spec of specifiers) {
    try {
      const mod = (await import(spec)) as Partial<Playwright> & { default?: Playwright };
      const pw = mod.chromium ? (mod as Playwright) : mod.default;
      if (pw?.chromium) return pw;
      errors.push(`${spec}: no chromium export`);
    } catch (e) {
      errors.push(`${spec}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return `playwright-core is not installed (${errors.join('; ')})`;
}

const loaded = await loadPlaywright();
const skipReason =
  typeof loaded === 'string'
    ? loaded
    : existsSync(CHROMIUM)
      ? null
      : `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`;
if (skipReason !== null) console.warn(`[browser tests skipped] ${skipReason}`);

/** A report big enough to filter and sort: three rules, three severities, empty lines. */
function sampleReport(): Report {
  const findings = [];
  for (let r = 1; r <= 12; r++) {
    findings.push(
      finding({
        rule: 'schema/required',
        record: r,
        line: r * 3,
        field: 'nhs_number',
        message: 'nhs_number is required.',
      }),
    );
  }
  for (let r = 1; r <= 5; r++) {
    findings.push(
      finding({
        rule: 'value/whitespace',
        severity: 'warning',
        record: 20 + r,
        line: 100 - r,
        field: 'postcode',
        message: 'postcode has trailing spaces.',
      }),
    );
  }
  findings.push(
    finding({
      rule: 'io/encoding',
      severity: 'info',
      record: null,
      line: null,
      field: null,
      pointer: '',
      message: 'Read as windows-1252.',
    }),
  );
  return makeReport([{ path: 'data/people.csv', records: 40, findings }]);
}

const SAMPLE_TOTAL = 18;

describe.skipIf(skipReason !== null)(
  `HTML report in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let browser: Browser;
    let dir: string;
    const requests: string[] = [];
    const blocked: string[] = [];
    const problems: string[] = [];

    async function open(report: Report, name: string): Promise<{ page: Page; url: string }> {
      const file = join(dir, `${name}.html`);
      writeFileSync(file, html(report, ctx()));
      const url = pathToFileURL(file).href;
      const page = await browser.newPage();
      page.on('request', (r) => {
        if (r.url() !== url) requests.push(r.url());
      });
      // Abort anything but the page itself, so a regression fails here instead of reaching out.
      await page.route('**/*', async (route) => {
        if (route.request().url() === url) return route.continue();
        blocked.push(route.request().url());
        return route.abort();
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('dialog', (d) => {
        problems.push('a dialog opened (injected script ran)');
        void d.dismiss();
      });
      await page.goto(url);
      return { page, url };
    }

    const VISIBLE_ROWS =
      "Array.from(document.querySelectorAll('#findings-table tbody tr')).filter((tr) => !tr.hidden)";

    async function visibleRows(page: Page): Promise<number> {
      return page.evaluate<number>(`${VISIBLE_ROWS}.length`);
    }

    /** Text of one column in the visible rows, top to bottom. */
    async function column(page: Page, index: number): Promise<string[]> {
      return page.evaluate<string[]>(`${VISIBLE_ROWS}.map((tr) => tr.cells[${index}].textContent)`);
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'carecheck-html-'));
      browser = await (loaded as Playwright).chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    });

    afterAll(async () => {
      await browser?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('loads nothing but itself, with no script errors or CSP violations', async () => {
      const { page } = await open(sampleReport(), 'sample');
      const title = await page.evaluate<string>('document.title');
      expect(title).toContain('Does not conform');
      expect(requests).toEqual([]);
      expect(blocked).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('draws the per-rule and per-field charts with accessible labels', async () => {
      const { page } = await open(sampleReport(), 'charts');
      const charts = page.locator('svg.chart[role="img"]');
      expect(await charts.count()).toBe(2);
      expect(await page.locator('#chart-rule').getAttribute('aria-label')).toMatch(
        /^Findings by rule\. schema\/required: 12 errors/,
      );
      expect(await page.locator('#chart-field rect').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('#chart-rule').isVisible()).toBe(true);
      await page.close();
    });

    it('filters the findings table by text, severity and rule', async () => {
      const { page } = await open(sampleReport(), 'filter');
      expect(await page.locator('#findings-controls').isVisible()).toBe(true);
      expect(await visibleRows(page)).toBe(SAMPLE_TOTAL);
      expect(await page.locator('#filter-count').textContent()).toBe(
        `Showing ${SAMPLE_TOTAL} of ${SAMPLE_TOTAL} findings`,
      );

      await page.locator('#filter-text').fill('postcode');
      expect(await visibleRows(page)).toBe(5);
      expect(await page.locator('#filter-count').textContent()).toBe(`Showing 5 of ${SAMPLE_TOTAL} findings`);

      await page.locator('#filter-text').fill('');
      await page.locator('#filter-severity').selectOption('info');
      expect(await visibleRows(page)).toBe(1);

      await page.locator('#filter-severity').selectOption('');
      await page.locator('#filter-rule').selectOption('schema/required');
      expect(await visibleRows(page)).toBe(12);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('sorts by clicking a header, and by keyboard', async () => {
      const { page } = await open(sampleReport(), 'sort');
      const lineHeader = page.locator('th[data-key="line"]');
      await lineHeader.locator('button').click();
      expect(await lineHeader.getAttribute('aria-sort')).toBe('ascending');
      const asc = await column(page, 2);
      const numbers = asc.filter((v) => v !== '').map(Number);
      expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
      expect(asc.at(-1)).toBe(''); // the finding with no line sorts last

      await lineHeader.locator('button').click();
      expect(await lineHeader.getAttribute('aria-sort')).toBe('descending');
      const desc = (await column(page, 2)).filter((v) => v !== '').map(Number);
      expect(desc).toEqual([...desc].sort((a, b) => b - a));

      const sevButton = page.locator('th[data-key="severity"] button');
      await sevButton.focus();
      await sevButton.press('Enter');
      expect(await page.locator('th[data-key="severity"]').getAttribute('aria-sort')).toBe('ascending');
      expect(await page.locator('th[data-key="line"]').getAttribute('aria-sort')).toBe('none');
      const sev = await column(page, 5);
      expect(sev[0]).toBe('error');
      expect(sev.at(-1)).toBe('info');
      await page.close();
    });

    it('hides the controls when printed', async () => {
      const { page } = await open(sampleReport(), 'print');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('#findings-controls').isVisible()).toBe(false);
      expect(await page.locator('#findings-table').isVisible()).toBe(true);
      await page.close();
    });

    it('does not run script or markup hidden in findings', async () => {
      const { page } = await open(fixtures()['hostile']!, 'hostile');
      expect(await page.evaluate<number>('document.scripts.length')).toBe(2);
      expect(
        await page.evaluate<number>("document.querySelectorAll('b, img, iframe, [onerror]').length"),
      ).toBe(0);
      expect(await visibleRows(page)).toBe(5);
      await page.locator('#filter-text').fill('</script>');
      expect(await visibleRows(page)).toBe(1);
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    });

    it('writes JUnit that Chromium parses as XML', async () => {
      const page = await browser.newPage();
      for (const [name, report] of Object.entries(fixtures())) {
        const xml = junit(report, ctx());
        const result = await page.evaluate<string>(`(() => {
          const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
          const err = doc.getElementsByTagName('parsererror')[0];
          return err ? 'error: ' + err.textContent : doc.documentElement.nodeName;
        })()`);
        expect(result, name).toBe('testsuites');
      }
      await page.close();
    });
  },
);
