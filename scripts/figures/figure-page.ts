// Runs in Chromium (bundled by scripts/models/browser.mjs): computes the small data files the
// lessons' explorable figures draw from, with the library and the shipped models. Figures redraw
// from these numbers without loading TensorFlow.js. Direct module imports keep the bundle small.
import { tf } from '../../src/lib/tf';
import { useBackend } from '../../src/lib/backend/select';
import { loadMnist } from '../../src/lib/data';
import { loadPretrained } from '../../src/lib/models/pretrained';
import { logitsOf } from '../../src/lib/distill/logits';
import { evaluate, predict } from '../../src/lib/evaluation';
import { PIXELS, type DigitSet } from '../../src/lib/data/digit-set';
import { quantizeWeights } from '../../src/lib/models/quantize';

const round = (value: number, places = 4) => Number(value.toFixed(places));
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const imageOf = (set: DigitSet, i: number) => base64(set.images.subarray(i * PIXELS, (i + 1) * PIXELS));

/** Rotations and inversion amounts the shift figure offers. */
const ROTATIONS = Array.from({ length: 25 }, (_, i) => -180 + 15 * i);
const INVERSIONS = Array.from({ length: 11 }, (_, i) => round(i / 10, 1));

async function figureData(): Promise<Record<string, unknown>> {
  const backend = await useBackend('webgl');
  const { test } = await loadMnist();
  const { model: teacher, card: teacherCard } = await loadPretrained('teacher-cnn');
  const { model: source, card: sourceCard } = await loadPretrained('source-cnn');
  console.log(`figures: ${test.size} test digits on ${backend.label}`);

  // The teacher's logits for every test digit; per digit class, the correctly answered image where
  // the teacher hesitates most (highest entropy at T = 1) and the one where it is surest.
  const logits = await logitsOf(teacher, test);
  const rows = Array.from({ length: test.size }, (_, i) =>
    Array.from(logits.values.subarray(i * 10, (i + 1) * 10)),
  );
  const entropy = (row: number[]) => {
    const max = Math.max(...row);
    const exps = row.map((z) => Math.exp(z - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    return -exps.reduce((h, e) => h + (e / sum) * Math.log(e / sum), 0);
  };
  const hesitant: number[] = [];
  const sure: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const correct = rows
      .map((row, index) => ({ row, index }))
      .filter(({ row, index }) => test.labels[index] === digit && row.indexOf(Math.max(...row)) === digit);
    correct.sort((a, b) => entropy(b.row) - entropy(a.row));
    hesitant.push(correct[0]!.index);
    sure.push(correct[correct.length - 1]!.index);
  }
  const teacherLogits = {
    model: 'teacher-cnn',
    testAccuracy: teacherCard.testAccuracy,
    note: 'For each digit, the test image (index into the MNIST test split) the teacher answers correctly with the most hesitation (highest entropy at T = 1).',
    digits: hesitant.map((index) => ({
      index,
      label: test.labels[index],
      image: imageOf(test, index),
      logits: rows[index]!.map((z) => round(z)),
    })),
  };

  // Shifts: the teacher's probabilities for a sure example of each digit at every step, and its
  // accuracy on the whole test split at every step.
  const examples = test.pick(sure);
  const probabilitiesAt = async (kind: 'rotate' | 'invert', amount: number) =>
    (await predict(teacher, examples.shift(kind, amount))).map((p) => p.probabilities.map((v) => round(v)));
  const accuracyAt = async (kind: 'rotate' | 'invert', amount: number) =>
    round((await evaluate(teacher, test.shift(kind, amount))).accuracy);
  const shifts: Record<string, unknown> = {};
  for (const [kind, steps] of [
    ['rotate', ROTATIONS],
    ['invert', INVERSIONS],
  ] as const) {
    const probabilities: number[][][] = [];
    const accuracy: number[] = [];
    for (const amount of steps) {
      probabilities.push(await probabilitiesAt(kind, amount));
      accuracy.push(await accuracyAt(kind, amount));
      console.log(`figures: ${kind} ${amount}: accuracy ${accuracy[accuracy.length - 1]}`);
    }
    shifts[kind] = { steps, accuracy, probabilities };
  }
  const teacherShifts = {
    model: 'teacher-cnn',
    testImages: test.size,
    digits: sure.map((index) => ({ index, label: test.labels[index], image: imageOf(test, index) })),
    note: 'probabilities[step][digit][class]: the teacher on each example digit at each step; accuracy[step]: on the whole test split.',
    ...shifts,
  };

  // The source CNN's first convolution: 16 filters of 3x3 over the grey image, with their biases.
  const [kernel, bias] = source.getLayer('conv1').getWeights();
  const k = (await kernel!.array()) as number[][][][];
  const filters = {
    model: 'source-cnn',
    testAccuracy: sourceCard.testAccuracy,
    size: 3,
    kernels: Array.from({ length: 16 }, (_, f) =>
      k.flatMap((row) => row.map((col) => round(col[0]![f]!, 5))),
    ),
    biases: Array.from(await bias!.data()).map((b) => round(b, 5)),
  };
  teacher.dispose();
  source.dispose();
  console.log(`figures: ${tf.memory().numTensors} tensors left`);
  return { 'teacher-logits': teacherLogits, 'teacher-shifts': teacherShifts, 'source-filters': filters };
}

/** Bit widths the quantisation figure offers. */
const QUANTISED_BITS = [1, 2, 3, 4, 5, 6, 7, 8];

/**
 * Quantisation: the teacher's last layer's kernel (the figure rounds it live), and for every bit
 * width the whole teacher quantised as `quantizeWeights` does (every tensor): its test errors and
 * how often its answer agrees with the 32-bit teacher's on the test split.
 */
async function quantisationData(): Promise<Record<string, unknown>> {
  const backend = await useBackend('webgl');
  const { test } = await loadMnist();
  const { model: teacher } = await loadPretrained('teacher-cnn');
  console.log(`figures: quantisation over ${test.size} test digits on ${backend.label}`);
  const full = (await predict(teacher, test)).map((p) => p.label);
  const errorsOf = (labels: number[]) => labels.filter((label, i) => label !== test.labels[i]).length;
  const kernel = teacher.getLayer('logits').getWeights()[0]!;
  const rows = [];
  let float32Bytes = 0;
  for (const bits of QUANTISED_BITS) {
    const quantized = await quantizeWeights(teacher, bits);
    const labels = (await predict(quantized.model, test)).map((p) => p.label);
    quantized.model.dispose();
    float32Bytes = quantized.float32Bytes;
    rows.push({
      bits,
      errors: errorsOf(labels),
      agreement: labels.filter((label, i) => label === full[i]).length,
      bytes: quantized.bytes,
    });
    console.log(`figures: ${bits} bits: ${rows[rows.length - 1]!.errors} errors`);
  }
  const data = {
    model: 'teacher-cnn',
    testImages: test.size,
    float32: { errors: errorsOf(full), bytes: float32Bytes },
    layer: { name: 'logits', shape: kernel.shape, weights: Array.from(await kernel.data()) },
    note: "layer.weights: the float32 kernel of the last layer. bits[i]: the whole teacher with every weight tensor quantised to that many bits (per-tensor affine); errors on the test split; agreement: test images where its answer equals the 32-bit teacher's.",
    bits: rows,
  };
  teacher.dispose();
  console.log(`figures: ${tf.memory().numTensors} tensors left`);
  return { 'teacher-quantised': data };
}

declare global {
  interface Window {
    libraryReady: true;
    figureData: typeof figureData;
    quantisationData: typeof quantisationData;
  }
}
window.figureData = figureData;
window.quantisationData = quantisationData;
window.libraryReady = true;
