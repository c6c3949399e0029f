// Accessibility checks with axe-core (Deque's rules for WCAG 2.x): a page's violations of the
// impacts that fail a test, one line each with where they are.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
/** The impacts a test fails on; "minor" and "moderate" ones are reported by axe but pass. */
export const FAILING_IMPACTS = ['serious', 'critical'];

let source = null;

/**
 * The serious and critical violations on `page` as it is now, as lines like
 * `color-contrast (serious): .hint; .pill — Ensures the contrast …`. axe is evaluated through
 * the DevTools protocol, which the page's Content-Security-Policy does not govern (a
 * `<script>` tag would be refused, as it should be).
 */
export async function axeViolations(page) {
  source ??= await readFile(AXE_PATH, 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => FAILING_IMPACTS.includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.targets.slice(0, 4).join('; ')}${v.targets.length > 4 ? ` and ${v.targets.length - 4} more` : ''} — ${v.help}`);
}
