// @ts-check
/**
 * `npm run check` runs this after `astro check`: every lesson cell, starter and solution,
 * type-checked against the names a cell has in scope (scripts/cell-scope/). Exits 1 on any error,
 * naming the lesson file and line.
 */
import { checkCells } from './cell-scope/check.mjs';

const started = Date.now();
const { problems, cells, examples } = checkCells();
for (const problem of problems) {
  console.error(`${problem.file}:${problem.line} (${problem.cell}): ${problem.message}`);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (problems.length > 0) {
  console.error(`\n${problems.length} type error(s) in lesson code cells or API examples.`);
  process.exit(1);
}
console.log(
  `Lesson cells: ${cells} cells, starters and solutions, and ${examples} API examples checked against the cell scope, no errors (${seconds} s).`,
);
