/**
 * A phone: 390 px wide, touch, a mobile browser's viewport (issue 22). The notebook runs a cell
 * and a widget works by taps alone, and no lesson page scrolls sideways.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { LESSON_SLUGS, lessonHref } from '../../src/lessons/course';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });

/**
 * What sticks out past the right edge of the screen, and the page's scroll width. An element inside
 * a box that fits the screen and does not show its overflow (a table or code block that scrolls on
 * its own, an SVG, KaTeX's visually hidden MathML) is cut or scrolled there, not by the page.
 */
function sideways(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const contained = (element: Element) => {
      for (
        let parent = element.parentElement;
        parent && parent !== document.body;
        parent = parent.parentElement
      )
        if (
          getComputedStyle(parent).overflowX !== 'visible' &&
          parent.getBoundingClientRect().right <= width + 1
        )
          return true;
      return false;
    };
    const wide = [...document.querySelectorAll('main *')]
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && !contained(element);
      })
      .slice(0, 5)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''} (${Math.round(element.getBoundingClientRect().right)} px)`,
      );
    return { scrollWidth: document.documentElement.scrollWidth, width, wide };
  });
}

/** Each lesson diagram's frame: its smallest label as drawn on the screen, any text past the drawing's edges, and whether it scrolls. */
function diagramFrames(page: Page) {
  return page.locator('.tl-diagram__frame').evaluateAll((frames) =>
    frames.map((frame) => {
      const svg = frame.querySelector('svg')!;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll('text')].map(
        (text) => parseFloat(getComputedStyle(text).fontSize) * scale,
      );
      // Text that runs past the drawing's edges is cut off at every screen width.
      const box = svg.viewBox.baseVal;
      const outside = [...svg.querySelectorAll('text')]
        .filter((text) => {
          const { x, width } = text.getBBox();
          return x < box.x - 1 || x + width > box.x + box.width + 1;
        })
        .map((text) => (text.textContent ?? '').trim().slice(0, 40));
      return {
        label: (frame as HTMLElement).dataset.label ?? '',
        outside,
        smallestText: Math.min(...sizes),
        scrolls: frame.scrollWidth > frame.clientWidth + 1,
        focusable: frame.getAttribute('tabindex') === '0' && frame.hasAttribute('aria-label'),
      };
    }),
  );
}

test.describe('on a phone', () => {
  test('a code cell runs by tapping Run, and a widget by tapping its button', async ({ page }) => {
    await page.goto('/lessons/notebook/');
    const cell = page.locator('tl-code-cell[data-cell="first"]');
    await cell.locator('button[data-action="run"]').tap();
    await expect(cell).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(cell.locator('.tl-out--value').last()).toHaveText('2');

    await page.goto('/lessons/first-steps/');
    const selfTest = page.locator('tl-selftest');
    await selfTest.getByRole('button', { name: /Multiply two/ }).tap();
    await expect(selfTest.locator('[data-role="result"]')).toContainText('every entry equals 256', {
      timeout: 60_000,
    });
  });

  for (const slug of LESSON_SLUGS) {
    test(`${slug} does not scroll sideways at 390 px, and its diagrams stay legible`, async ({ page }) => {
      await page.goto(lessonHref(slug));
      const measured = await sideways(page);
      expect(measured.wide, 'elements wider than the screen').toEqual([]);
      expect(measured.scrollWidth).toBeLessThanOrEqual(measured.width);
      // A diagram keeps its labels at 9 px or more on the screen (a drawing shrunk to the phone's
      // width once put them near 5 px); one that scrolls sideways instead can be scrolled by keyboard.
      const frames = await diagramFrames(page);
      // Every drawing wider than a phone (over 400 units) sits in a frame, so each is measured below.
      const unframed = await page.locator('main figure svg[viewBox]').evaluateAll((svgs) =>
        svgs
          .filter((svg) => (svg as SVGSVGElement).viewBox.baseVal.width > 400)
          .filter((svg) => !svg.closest('.tl-diagram__frame'))
          .map((svg) => svg.closest('figure')!.className),
      );
      expect(unframed, 'wide drawings outside a diagram frame').toEqual([]);
      for (const frame of frames) {
        expect(frame.smallestText, `${frame.label}: smallest label in px`).toBeGreaterThanOrEqual(9);
        expect(frame.outside, `${frame.label}: text cut off at the drawing's edge`).toEqual([]);
        if (frame.scrolls) expect(frame.focusable, `${frame.label}: focusable while it scrolls`).toBe(true);
      }
    });
  }
});
