import { test, expect } from './support/fixtures';
import { textModelEntry } from '../../src/lib/text/registry';

// The text API from a code cell: the kernel loads the mini T5 (in its own realm: the kernel is already
// isolated from the page, and an opaque origin cannot start the text worker), the
// limit holds with a clear error, and a normal prompt answers.
const LIMIT = textModelEntry('mini-t5').maxInputTokens;

test('a code cell loads the mini T5, gets a plain error for an over-long prompt, then an answer', async ({
  page,
}) => {
  await page.goto('/lessons/notebook/');
  const cell = page.locator('tl-code-cell[data-cell="first"]');
  await cell.locator('[data-role="editor"]').click();
  const content = cell.locator('.cm-content');
  await expect(content).toBeVisible();
  await content.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(
    [
      "const model = await loadTextModel({ model: 'mini-t5', device: 'wasm' });",
      "const long = 'reverse : ' + 'red '.repeat(3000);",
      'const refused = await model.generate(long).catch((e) => `${e.name} ${e.kind}: ${e.message}`);',
      "const answer = await model.generate('translate english to german : seven four');",
      "const features = await model.encoderFeatures(['red cat']);",
      'console.log(refused);',
      'console.log(`answer: ${answer.text}; features: ${features[0].length}; isolated: ${model.isolated}`);',
    ].join('\n'),
  );
  await cell.locator('button[data-action="run"]').click();
  await expect(cell).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
  const output = cell.locator('[data-role="output"]');
  await expect(output).toContainText(
    `TextModelError too-long: This prompt is too long for the model to process in your browser's memory (3003 tokens; the limit is ${LIMIT}).`,
  );
  await expect(output).toContainText('answer: sieben vier; features: 128; isolated: false');
});
