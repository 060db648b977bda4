/**
 * The distillation benchmark's numbers, formatted for the lesson's prose and tables (read at build
 * time from bench/results/distillation.json through `distillationBench`). The lesson quotes these,
 * never a number typed by hand.
 */
import { comparePaired } from '../lib/util/paired';
import { distillationBench, distillationCache, type DistillationSummary, type Spread } from './bench';

const bench = distillationBench();
const { result } = bench;

export const percent = (share: number | null | undefined, digits = 0) =>
  share === null || share === undefined || !Number.isFinite(share)
    ? '–'
    : `${(share * 100).toFixed(digits)} %`;
const whole = (value: number) => Math.round(value).toLocaleString('en');
/** "212 ± 31 (175–260)": mean ± sd and the range over the seeds. */
export const errorsText = (s: Spread) =>
  `${whole(s.mean)} ± ${whole(s.sd)} (${whole(s.min)}–${whole(s.max)})`;
const spreadOf = (summary: DistillationSummary, role: string) => summary.errors[role] as Spread;
const gapRange = (summary: DistillationSummary, role: string) => {
  const g = summary.gapPerSeed[role]!;
  return `${percent(g.min)} to ${percent(g.max)}`;
};

/**
 * How big an effect is, in words the prose can use without rounding it up: from the share of the
 * gap recovered (mean over the seeds) and the seeds on which the student beat the student alone.
 */
export function effectWords(gap: number, wins: number, seeds: number): string {
  if (!(gap > 0) || wins * 2 <= seeds) return 'no real gain';
  if (gap < 0.2 || wins < seeds) return 'a small gain';
  if (gap < 0.5) return 'a clear but partial gain';
  return 'a large gain';
}

function describe(summary: DistillationSummary) {
  const roles = Object.keys(summary.epochs);
  // A win: fewer test errors than the student alone on the same seed (the shared paired rule).
  const winsOf = (role: string) =>
    comparePaired(
      summary.seeds.map((s) => ({
        seed: s.seed,
        claimed: -s.students[role]!.errors,
        baseline: -s.students.alone!.errors,
      })),
    ).wins;
  const meanOf = (role: string) => spreadOf(summary, role).mean;
  return {
    /** Seeds on which each student made fewer test errors than the student alone. */
    wins: Object.fromEntries(roles.map((role) => [role, winsOf(role)])),
    /** "a small gain", "a large gain"...: see effectWords. */
    effect: Object.fromEntries(
      roles
        .filter((r) => r !== 'alone')
        .map((role) => [
          role,
          effectWords(summary.gapPerSeed[role]!.mean, winsOf(role), summary.seeds.length),
        ]),
    ),
    /** "cut the errors from 374 to 211" or "did not cut the errors (374 alone, 380 with it)". */
    change: Object.fromEntries(
      roles
        .filter((r) => r !== 'alone')
        .map((role) => [
          role,
          meanOf(role) < meanOf('alone')
            ? `cut the errors from ${whole(meanOf('alone'))} to ${whole(meanOf(role))}`
            : `did not cut the errors (${whole(meanOf('alone'))} for the student alone, ${whole(meanOf(role))} here)`,
        ]),
    ),
    seeds: summary.seeds.length,
    /** "310 to 1,250 s": how long one seed of the whole experiment (every student) took. */
    secondsPerSeed: (() => {
      const seconds = summary.seeds.map((s) => s.seconds);
      return `${whole(Math.min(...seconds))} to ${whole(Math.max(...seconds))} s`;
    })(),
    testImages: summary.testImages.toLocaleString('en'),
    teacherErrors: String(summary.errors.teacher),
    errors: Object.fromEntries(roles.map((role) => [role, errorsText(spreadOf(summary, role))])),
    meanErrors: Object.fromEntries(roles.map((role) => [role, whole(spreadOf(summary, role).mean)])),
    epochs: Object.fromEntries(
      roles.map((role) => {
        const e = summary.epochs[role]!;
        return [role, e.min === e.max ? whole(e.min) : `${whole(e.min)} to ${whole(e.max)}`];
      }),
    ),
    gap: Object.fromEntries(
      roles.filter((r) => r !== 'alone').map((role) => [role, percent(summary.gapPerSeed[role]!.mean)]),
    ),
    gapRange: Object.fromEntries(
      roles.filter((r) => r !== 'alone').map((role) => [role, gapRange(summary, role)]),
    ),
    gapFromMeans: percent(summary.gapFromMeans),
    softWinsEverySeed: summary.softWinsEverySeed,
    pseudoWinsEverySeed: summary.pseudoWinsEverySeed,
    temperature: summary.config.temperature,
    labelledPerClass: summary.config.labelledPerClass,
    labelled: (summary.config.labelledPerClass * 10).toLocaleString('en'),
    validationPerClass: summary.config.validationPerClass,
    maxEpochs: summary.config.maxEpochs,
    /**
     * Seeds on which each student stopped at the epoch cap rather than because validation stopped
     * improving. Meaningful for the students that train on the most images, whose cap is maxEpochs
     * (a student with fewer images may go over them for more epochs: see epochCap).
     */
    capped: Object.fromEntries(
      roles.map((role) => [
        role,
        summary.seeds.filter((s) => s.students[role]!.epochs >= summary.config.maxEpochs).length,
      ]),
    ),
  };
}

const best = result.sameData.byTemperature[result.sameData.bestTemperature]!;
const missing = result.missingDigit;
const threes = missing.seeds.map((s) => s.missingDigit!);
const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const cost = (backend: string) => bench.costs.find((c) => c.backend === backend)?.cost;
const speedUp = (backend: string, batchSize: number) => {
  const ratio = cost(backend)?.speedUp.find((s) => s.batchSize === batchSize)?.ratio;
  return ratio === undefined ? '–' : `${ratio.toFixed(1)}×`;
};

const pseudoVsSoft = (() => {
  const t = result.transferSet;
  const pseudo = spreadOf(t, 'pseudo').mean;
  const soft = spreadOf(t, 'distilled').mean;
  const softWins = t.seeds.filter((s) => s.students.distilled!.errors < s.students.pseudo!.errors).length;
  const difference = whole(Math.abs(pseudo - soft));
  return soft < pseudo
    ? `soft targets made ${difference} fewer errors than pseudo-labels on average, and fewer on ${softWins} of ${t.seeds.length} seeds`
    : `pseudo-labels did as well as soft targets or better (${difference} errors apart on average; soft targets made fewer on ${softWins} of ${t.seeds.length} seeds)`;
})();

const cacheRun = distillationCache();

export const distillationNumbers = {
  /** Keeping the teacher's logits instead of running the teacher in every batch (distillation-cache). */
  cache: {
    images: cacheRun.images.toLocaleString('en'),
    epochs: cacheRun.epochs,
    teacherSeconds: cacheRun.runs.teacher.seconds.toFixed(1),
    logitsSeconds: cacheRun.runs.logits.seconds.toFixed(1),
    /** "2.5×". */
    speedUp: `${(cacheRun.runs.teacher.seconds / cacheRun.runs.logits.seconds).toFixed(1)}×`,
    sameErrors: cacheRun.runs.teacher.errors === cacheRun.runs.logits.errors,
  },
  /** True when the results file is a `--quick` smoke run (one seed, two epochs): not for quoting. */
  quick: bench.quick,
  date: bench.date.slice(0, 10),
  backend: bench.backendLabel,
  sameData: {
    bestTemperature: best.config.temperature,
    /** "1, 4 and 20": the temperatures the benchmark measured. */
    temperatures: (() => {
      const all = Object.values(result.sameData.byTemperature)
        .map((summary) => summary.config.temperature)
        .sort((a, b) => a - b);
      return all.length > 1 ? `${all.slice(0, -1).join(', ')} and ${all.at(-1)}` : String(all[0]);
    })(),
    best: describe(best),
    byTemperature: Object.fromEntries(
      Object.values(result.sameData.byTemperature).map((summary) => [
        summary.config.temperature,
        describe(summary),
      ]),
    ),
  },
  transfer: { ...describe(result.transferSet), pseudoVsSoft },
  missing: {
    ...describe(missing),
    count: threes[0]!.count,
    teacherRight: threes[0]!.teacher,
    before: whole(meanOf(threes.map((t) => t.before))),
    after: whole(meanOf(threes.map((t) => t.after))),
    afterRange: `${Math.min(...threes.map((t) => t.after))}–${Math.max(...threes.map((t) => t.after))}`,
    afterShare: percent(missing.shareRightAfter.mean),
    /** "most", "about half", "some" or "few" of the test 3s, after the bias. */
    afterWords:
      missing.shareRightAfter.mean >= 0.75
        ? 'most'
        : missing.shareRightAfter.mean >= 0.4
          ? 'about half'
          : missing.shareRightAfter.mean >= 0.1
            ? 'some'
            : 'few',
    aloneRight: whole(meanOf(threes.map((t) => t.alone))),
    bias: `${Math.min(...threes.map((t) => t.bias)).toFixed(1)} to ${Math.max(...threes.map((t) => t.bias)).toFixed(1)}`,
    /** Test errors on all ten digits, before and after the bias (Hinton et al. counted these). */
    total: (() => {
      const cuts = missing.seeds.map((s) => s.students.distilled!.errors - s.students.adjusted!.errors);
      const points = (errors: number) => ((100 * errors) / missing.testImages).toFixed(1);
      return {
        before: whole(meanOf(missing.seeds.map((s) => s.students.distilled!.errors))),
        after: whole(meanOf(missing.seeds.map((s) => s.students.adjusted!.errors))),
        fewerOn: cuts.filter((cut) => cut > 0).length,
        /** "19 to 111": how many fewer errors, over the seeds. */
        cutRange: `${Math.min(...cuts)} to ${Math.max(...cuts)}`,
        /** "1.0 to 5.5 points" of test accuracy. */
        pointsRange: `${points(Math.min(...cuts))} to ${points(Math.max(...cuts))} points`,
      };
    })(),
  },
  cost: {
    teacherParams: result.cost.teacher.params.toLocaleString('en'),
    studentParams: result.cost.student.params.toLocaleString('en'),
    paramRatio: result.cost.paramRatio.toFixed(1),
    teacherMultiplyAdds: result.cost.teacher.multiplyAdds.toLocaleString('en'),
    studentMultiplyAdds: result.cost.student.multiplyAdds.toLocaleString('en'),
    multiplyAddRatio: result.cost.multiplyAddRatio.toFixed(1),
    speedUp,
  },
  costs: bench.costs,
};
