export { DigitSet, concatDigitSets, ALL_DIGITS, type DigitImage } from './digit-set';
export { loadMnist, type Mnist, type LoadMnistOptions, type MnistIndex } from './load';
export { SHIFT_KINDS, type ShiftKind } from './shifts';
export { seededRandom } from './random';
