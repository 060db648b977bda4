import { it } from 'vitest';
import {
  loadTrainableT5,
  fineTuneT5,
  greedyAccuracy,
  newT5TaskExamples,
  removeT5Lora,
} from '../../../../src/lib/t5';
it('try', async () => {
  const model = await loadTrainableT5('public/models/mini-t5', { backend: 'wasm' });
  for (const task of ['last-word', 'german-to-english'] as const) {
    const stop = newT5TaskExamples(task, 50, 999);
    console.log(task, 'before', await greedyAccuracy(model, stop));
    const run = await fineTuneT5(model, newT5TaskExamples(task, 1024, 1), stop, {
      method: 'lora',
      rank: 8,
      targets: ['q', 'k', 'v', 'o', 'ff'],
      learningRate: 3e-3,
      maxSteps: 150,
      evalEvery: 5,
      onStep: (s) => s.evalAccuracy !== undefined && console.log(task, JSON.stringify(s)),
    });
    console.log(
      task,
      'done',
      run.steps,
      run.seconds,
      run.trainableParameters / run.totalParameters,
      'greedy',
      await greedyAccuracy(model, stop),
      await greedyAccuracy(model, newT5TaskExamples(task, 100, 5555)),
    );
    removeT5Lora(model);
  }
}, 1800000);
