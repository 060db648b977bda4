export { DigitSet, concatDigitSets, ALL_DIGITS, type DigitImage, type PickedDigits } from './digit-set';
export {
  loadMnist,
  loadOptDigits,
  loadDigits,
  DIGIT_DOMAINS,
  type DigitDomain,
  type DigitSplit,
  type DigitAssetIndex,
  type LoadDigitsOptions,
  type Mnist,
  type LoadMnistOptions,
  type MnistIndex,
} from './load';
export { SHIFT_KINDS, type ShiftKind } from './shifts';
export { seededRandom } from './random';
export { resolveClasses, outputCount } from './classes';
