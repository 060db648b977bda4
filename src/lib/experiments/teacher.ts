/**
 * The teacher of a distillation run: the CNN the site ships (`public/models/teacher-cnn`), or one
 * trained here on the full training set. Either is kept between runs, so a second experiment does
 * not pay for it again; the teacher is never disposed by a run.
 */
import type { LayersModel } from '../tf';
import type { DigitSet } from '../data';
import { buildCnn, loadPretrained } from '../models';
import { train } from '../training';
import type { TeacherSource } from './distillation-config';
import { errorMessage } from '../util/errors';

export interface Teacher {
  model: LayersModel;
  /** How the page names it: the shipped model's card, or how it was trained. */
  description: string;
}

let shipped: Promise<Teacher> | null = null;
let trained: { key: string; teacher: Teacher } | null = null;

export interface TeacherOptions {
  seed: number;
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
}

/** Resolves with the teacher, or null when the reader stopped while one was being trained. */
export async function obtainTeacher(
  source: TeacherSource,
  trainSet: DigitSet,
  options: TeacherOptions,
): Promise<Teacher | null> {
  if (source.kind === 'shipped') {
    shipped ??= loadPretrained('teacher-cnn').then(
      ({ model }) => ({ model, description: 'teacher CNN, shipped' }),
      (error: unknown) => {
        shipped = null; // Let the next run try again.
        const reason = errorMessage(error);
        throw new Error(
          `Could not load the shipped teacher model: ${reason}. Choose "train a teacher here" instead.`,
        );
      },
    );
    return shipped;
  }
  const key = `${source.epochs}/${source.perClass}/${options.seed}`;
  if (trained?.key === key) return trained.teacher;
  const model = buildCnn({ seed: options.seed, name: 'teacher' });
  const data = trainSet.take(Math.min(source.perClass, Math.min(...trainSet.counts())), options.seed);
  const history = await train(model, data, {
    epochs: source.epochs,
    seed: options.seed,
    signal: options.signal,
    onBatch: ({ epoch, batch, batches }) =>
      options.onProgress?.((epoch - 1 + batch / batches) / source.epochs),
  });
  if (history.stopped) {
    model.dispose();
    return null;
  }
  trained?.teacher.model.dispose();
  trained = {
    key,
    teacher: {
      model,
      description: `teacher CNN trained here (${source.epochs} epochs, ${data.size} images)`,
    },
  };
  return trained.teacher;
}
