import { test, expect } from './support/fixtures';
import { COURSE, lessonHref } from '../../src/lessons/course';

// Every lesson has at least one predict-then-run exercise (the primer's are run in full by
// lessons/primer.spec.ts). On each page: the experiment's cell is locked until a guess is locked
// in, locking nothing asks for a choice, and a locked-in guess unlocks the cell and cannot change.
const WITHOUT_YET = new Set<string>([]);

for (const { slug } of COURSE) {
  if (WITHOUT_YET.has(slug)) continue;
  test(`${slug}: each predict-then-run locks its experiment until a guess is in`, async ({ page }) => {
    await page.goto(lessonHref(slug));
    const boxes = page.locator('tl-predict');
    expect(await boxes.count(), 'predict-then-run exercises').toBeGreaterThanOrEqual(1);
    for (const box of await boxes.all()) {
      const cellBox = box.locator('[data-role="cell"]');
      await expect(cellBox).toHaveAttribute('inert', '');
      await expect(cellBox.locator('tl-code-cell')).toHaveCount(1);
      const lock = box.getByRole('button', { name: 'Lock in my guess' });
      await lock.click();
      await expect(box.locator('[data-role="note"]')).toHaveText(
        'Choose what you expect first, then lock it in.',
      );
      await expect(cellBox).toHaveAttribute('inert', '');
      await box.locator('input[type="radio"]').first().check();
      await lock.click();
      await expect(box).toHaveAttribute('data-state', 'locked');
      await expect(cellBox).not.toHaveAttribute('inert', '');
      await expect(box.locator('input[type="radio"]').first()).toBeDisabled();
      await expect(box.locator('[data-role="verdict"]')).toBeHidden();
    }
  });
}
