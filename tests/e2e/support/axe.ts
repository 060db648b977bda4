import AxeBuilder from '@axe-core/playwright';
import axe from 'axe-core';
import type { Page } from '@playwright/test';

/** One serious or critical axe-core finding, with the first few elements it names. */
export interface Finding {
  rule: string;
  impact: string;
  targets: string[];
}

/**
 * The rules whose findings are never serious or critical: axe gives every node a rule flags the
 * rule's own impact when the rule has one (`_finalizeRuleResult` in axe-core 4.x), so a rule rated
 * minor or moderate cannot produce what these checks look for. Skipping them (32 of 105 in axe-core
 * 4.13, among them `region` and the landmark rules; `region` alone took about 1.2 s of the primer's
 * 5.7 s check on an idle machine) loses no finding.
 * Read from the axe-core that @axe-core/playwright injects, so a new version's ratings apply.
 */
export const MINOR_RULES: string[] = (
  axe as unknown as { _audit: { rules: Array<{ id: string; impact?: string }> } }
)._audit.rules
  .filter((rule) => rule.impact === 'minor' || rule.impact === 'moderate')
  .map((rule) => rule.id);

/**
 * The rules that read colours, the only thing a theme changes: text contrast, and links told from
 * the text around them by colour alone. A page checked in full in one theme needs only these in the other.
 */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

interface Options {
  /** Only these rules (for example the colour rules when only the theme changed). */
  rules?: string[];
  /** Only this part of the page. */
  include?: string;
}

/**
 * axe-core's serious and critical violations on the page as it is now. The experimental
 * Label-in-Name rule is switched on, since the search button once failed it.
 */
export async function seriousViolations(page: Page, { rules, include }: Options = {}): Promise<Finding[]> {
  const skipped = rules ? [] : MINOR_RULES.map((id) => [id, { enabled: false }]);
  let builder = new AxeBuilder({ page })
    .options({
      rules: { 'label-content-name-mismatch': { enabled: true }, ...Object.fromEntries(skipped) },
      // Only violations are read below; axe then skips listing every node that passed.
      resultTypes: ['violations'],
    })
    // Run axe in the page itself, as before axe-core 4.3, instead of collecting every rule's raw
    // result for every node and finishing in a second, blank page: 35 to 50 % less time on a
    // lesson, no finding lost. What it gives up is checking inside cross-origin frames, and the
    // only frame here is the code cells' sandboxed kernel, which shows readers nothing.
    .setLegacyMode(true);
  if (rules) builder = builder.withRules(rules);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
}
