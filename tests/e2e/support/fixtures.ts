import { test as base, expect, type Page } from '@playwright/test';

export interface PageProblems {
  consoleErrors: string[];
  failedRequests: string[];
  externalRequests: string[];
}

interface Fixtures {
  /** Console errors or failed requests matching these are expected by the test (e.g. a 404 test). */
  allowedProblems: RegExp[];
  problems: PageProblems;
}

/**
 * Every e2e test gets a page that records console errors, failed requests and any request that
 * leaves the local server, and fails the test if any occurred (minus `allowedProblems`).
 */
export const test = base.extend<Fixtures>({
  allowedProblems: [[], { option: true }],
  problems: [
    async ({ page, allowedProblems, baseURL }, use) => {
      const problems = watchPage(page, baseURL ?? '');
      await reportCspViolations(page);
      await use(problems);
      const allowed = (text: string) => allowedProblems.some((pattern) => pattern.test(text));
      expect
        .soft(
          problems.consoleErrors.filter((text) => !allowed(text)),
          'console errors',
        )
        .toEqual([]);
      expect
        .soft(
          problems.failedRequests.filter((text) => !allowed(text)),
          'failed requests',
        )
        .toEqual([]);
      expect(problems.externalRequests, 'requests that left the machine').toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * Makes every Content-Security-Policy violation in any frame of the page a console error (which
 * the fixture above fails on), naming the directive and what was blocked: zero violations is
 * checked by every test, while cells and widgets run.
 */
export async function reportCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
}

export function watchPage(page: Page, baseURL: string): PageProblems {
  const problems: PageProblems = { consoleErrors: [], failedRequests: [], externalRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // In-memory blob:/data: URLs (the code-cell kernel's own script and workers) never touch the
    // network; a navigation during the kernel's start aborts them harmlessly.
    if (/^(blob|data):/.test(request.url())) return;
    const reason = request.failure()?.errorText ?? 'failed';
    // Aborted, not failed: a navigation or reload cut it short, or the page cancelled it (Stop). A
    // missing file shows up as an HTTP error below; an unreachable one as another net:: error.
    if (reason === 'net::ERR_ABORTED') return;
    problems.failedRequests.push(`${request.url()} (${reason})`);
    // Refused by the Content-Security-Policy before it was sent: it never left the machine.
    if (/csp/i.test(reason)) {
      const index = problems.externalRequests.indexOf(request.url());
      if (index >= 0) problems.externalRequests.splice(index, 1);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.failedRequests.push(`${response.url()} (HTTP ${response.status()})`);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (/^(data|blob):/.test(url)) return;
    if (baseURL && url.startsWith(new URL(baseURL).origin)) return;
    if (/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) return;
    problems.externalRequests.push(url);
  });
  return problems;
}

export { expect };
