import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './support/fixtures';
import { builtFile, builtPages, outDir } from './support/pages';
import { output, runCell, setCode } from './support/lesson';

/**
 * The Content-Security-Policy every built page ships (scripts/csp.mjs through Astro's
 * security.csp). Zero violations while pages load and cells and widgets run is checked by every
 * e2e test: the shared fixture turns each `securitypolicyviolation` into a test failure.
 */

/** The policy of a built page, directive name to sources. */
function policyOf(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta http-equiv="content-security-policy" content="([^"]*)"/gi)];
  expect(metas, 'exactly one CSP meta tag').toHaveLength(1);
  const policy = new Map<string, string[]>();
  for (const directive of metas[0][1].split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) policy.set(name, sources);
  }
  return policy;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The code-cell kernel's sandboxed frame document: every build writes it (scripts/notebook-kernel.mjs). */
const frame = readFileSync(join(outDir, 'notebook', 'frame.html'), 'utf8');
/** The hash of the frame's one inline script, read from the built frame. */
const frameScriptHash = sha256(/<script>([\s\S]*?)<\/script>/.exec(frame)?.[1] ?? '');

test.describe('the Content-Security-Policy', () => {
  test('every built page ships one strict policy that covers each of its inline scripts', () => {
    const pages = builtPages({ with404: true });
    expect(pages.length).toBeGreaterThan(3);
    for (const page of pages) {
      const html = readFileSync(builtFile(page), 'utf8');
      const policy = policyOf(html);
      const scripts = policy.get('script-src') ?? [];
      expect(scripts, `${page}: script-src`).toContain("'self'");
      expect(scripts, `${page}: no inline script without a hash`).not.toContain("'unsafe-inline'");
      expect(scripts, `${page}: no eval`).not.toContain("'unsafe-eval'");
      if (html.includes('<tl-code-cell')) {
        // The kernel's srcdoc frame runs under the page's policy: its script and blob: scripts.
        expect(scripts, page).toEqual(expect.arrayContaining([frameScriptHash, 'blob:']));
      } else {
        expect(scripts, `${page}: no blob: scripts without code cells`).not.toContain('blob:');
      }
      expect(policy.get('default-src'), page).toEqual(["'self'"]);
      expect(policy.get('object-src'), page).toEqual(["'none'"]);
      // A policy applies only to what follows it. Starlight's theme script (inline, hashed below)
      // precedes the tag; every script the page loads and everything in <body> follows it.
      const meta = html.indexOf('http-equiv="content-security-policy"');
      expect(meta, page).toBeLessThan(html.indexOf('</head>'));
      const firstLoaded = html.search(/<script[^>]*\ssrc=/);
      if (firstLoaded >= 0) expect(meta, page).toBeLessThan(firstLoaded);
      for (const [, attributes, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
        if (/\ssrc=/.test(attributes)) continue;
        // A data block (a figure's JSON) is never run, so the policy has nothing to allow.
        if (/\stype="application\/json"/.test(attributes)) continue;
        expect(scripts, `${page}: inline script ${JSON.stringify(body.slice(0, 60))}`).toContain(
          sha256(body),
        );
      }
      // The Hub's hosts only where a reader can choose a Hub model.
      const connect = policy.get('connect-src') ?? [];
      if (html.includes('<tl-prompt-playground')) {
        expect(connect, page).toEqual(
          expect.arrayContaining(["'self'", 'https://huggingface.co', 'https://*.hf.co']),
        );
      } else {
        expect(connect, page).toEqual(["'self'"]);
      }
    }
  });

  test("the kernel's frame carries its own policy: nothing from the site, no network beyond the Hub", () => {
    const policy = policyOf(frame);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toContain(frameScriptHash);
    expect(policy.get('script-src')).not.toContain("'unsafe-eval'");
    const connect = policy.get('connect-src') ?? [];
    expect(connect).not.toContain("'self'");
    const allowed = /^(blob:|data:|https:\/\/(\*\.)?(huggingface\.co|hf\.co))$/;
    expect(connect.filter((source) => !allowed.test(source))).toEqual([]);
  });

  test.describe('reader code in a cell', () => {
    // The blocked attempts are reported by the browser as errors; they are what this test expects.
    test.use({ allowedProblems: [/example\.com|Content Security Policy|CSP violation/] });

    test('cannot fetch from another origin or import code from one', async ({ page, context }) => {
      // A <meta> policy cannot reach a worker started from a URL (its policy would come from HTTP
      // headers): it takes the sandboxed kernel frame, which carries its own policy.
      // If the policy let them through, these would succeed: the test answers for example.com.
      const leaked: string[] = [];
      await context.route(/^https:\/\/example\.com\//, (route) => {
        leaked.push(route.request().url());
        return route.fulfill({
          body: 'export default "imported";',
          contentType: 'text/javascript',
          headers: { 'access-control-allow-origin': '*' },
        });
      });
      await page.goto('/lessons/notebook/');
      await setCode(
        page,
        'scratch',
        [
          'const blocked = [];',
          "addEventListener('securitypolicyviolation', (event) => blocked.push(event.effectiveDirective));",
          'const outcome = [];',
          "try { await fetch('https://example.com/data.json'); outcome.push('fetched'); } catch { outcome.push('fetch refused'); }",
          "try { await import('https://example.com/code.js'); outcome.push('imported'); } catch { outcome.push('import refused'); }",
          'await new Promise((resolve) => setTimeout(resolve, 200));',
          "`${outcome.join(', ')} | ${[...new Set(blocked)].sort().join(' ')}`",
        ].join('\n'),
      );
      expect(await runCell(page, 'scratch')).toBe('done');
      await expect(output(page, 'scratch')).toHaveText(
        /fetch refused, import refused \| connect-src script-src-elem/,
      );
      expect(leaked).toEqual([]);
    });
  });
});
