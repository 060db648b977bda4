import { readFileSync } from 'node:fs';
import { test, expect } from './support/fixtures';
import { openLab } from './support/lab';
import { startHubServer, type HubServer } from './support/hub-server';

// The trainable T5 (src/lib/t5) in Chromium on tfjs's WebAssembly backend, whose .wasm files the site
// serves itself: the mini T5 from the site, and a random T5 v1.1 through the Hub code path from a
// local Hub (support/hub-server.ts). The lab page's CSP allows only the site; the local Hub is on
// another port, so this spec bypasses the CSP (the lessons add the Hub to theirs).
test.use({ bypassCSP: true });

let hub: HubServer;
test.beforeAll(async () => {
  hub = await startHubServer();
});
test.afterAll(async () => {
  await hub.close();
});

const evaluation = JSON.parse(readFileSync('public/models/mini-t5/eval.json', 'utf8')) as {
  samples: Record<string, Record<string, { input: string; output: string }[]>>;
};
const reference = JSON.parse(readFileSync('tests/fixtures/t5-v11-tiny/reference.json', 'utf8')) as {
  samples: { input: string; greedy_ids: number[] }[];
};

test.describe('the trainable T5 in the browser', () => {
  test("runs the mini T5 on WebAssembly served by the site and writes PyTorch's recorded answers", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await openLab(page);
    const samples = Object.values(evaluation.samples).flatMap((s) => Object.values(s).flat());
    const result = await page.evaluate(async (samples) => {
      const { lab } = window;
      const before = lab.tf.memory().numTensors;
      const backendBefore = lab.tf.getBackend();
      const model = await lab.loadTrainableT5('/models/mini-t5');
      const answers = [];
      for (const s of samples) answers.push(await lab.generateWithT5(model, s.input, { maxNewTokens: 12 }));
      const run = await lab.fineTuneT5(model, lab.miniT5Examples('translate', 'held_out', 32, 1), [], {
        method: 'lora',
        maxSteps: 1,
      });
      model.dispose();
      return {
        backendBefore,
        backendAfter: lab.tf.getBackend(),
        ran: run.backend,
        published: lab.textTrainingStatus()?.backend,
        answers,
        leaked: lab.tf.memory().numTensors - before,
        wasmFiles: performance
          .getEntriesByType('resource')
          .map((e) => new URL(e.name).pathname)
          .filter((p) => p.endsWith('.wasm')),
      };
    }, samples);
    // Trained on WebAssembly, then tfjs is back on the page's own backend (the CNNs cannot train on
    // WebAssembly, so text training must not leave it active).
    expect(result.ran).toBe('wasm');
    expect(result.backendBefore).not.toBe('wasm');
    expect(result.backendAfter).toBe(result.backendBefore);
    expect(result.published).toBe('wasm');
    expect(result.wasmFiles.some((p) => p.startsWith('/tfjs-wasm/tfjs-backend-wasm'))).toBe(true);
    expect(result.answers).toEqual(samples.map((s) => s.output));
    expect(result.leaked).toBe(0);
  });

  test("loads a T5 v1.1 through the Hub's URL layout and decodes PyTorch's token ids", async ({ page }) => {
    test.setTimeout(120_000);
    await openLab(page);
    const base = `${hub.url}test-org/t5-v11-tiny/resolve/main`;
    const result = await page.evaluate(
      async ({ base, samples }) => {
        const { lab } = window;
        const fractions: number[] = [];
        const model = await lab.loadTrainableT5(base, { onProgress: (f) => fractions.push(f) });
        const ids = samples.map((s) => model.encode(s.input));
        const answers = [];
        for (const s of samples) answers.push(await lab.generateWithT5(model, s.input, { maxNewTokens: 8 }));
        const expected = samples.map((s) => {
          const end = s.greedy_ids.indexOf(1);
          return model.decode(end === -1 ? s.greedy_ids : s.greedy_ids.slice(0, end));
        });
        const out = {
          variant: model.variant,
          parameters: model.parameterCount(),
          ids,
          answers,
          expected,
          fractions,
        };
        model.dispose();
        return out;
      },
      { base, samples: reference.samples },
    );
    expect(result.variant).toBe('v1.1');
    expect(result.parameters).toBe(213_376);
    expect(result.answers).toEqual(result.expected);
    expect(result.fractions.at(-1)).toBe(1);
    expect(hub.requests.filter((r) => r.startsWith('GET ') && r.endsWith('.onnx'))).toEqual([
      'GET /test-org/t5-v11-tiny/resolve/main/onnx/encoder_model.onnx',
      'GET /test-org/t5-v11-tiny/resolve/main/onnx/decoder_model_merged.onnx',
    ]);
  });

  test('says plainly when a Hub download stops halfway', async ({ page }) => {
    test.setTimeout(60_000);
    await openLab(page);
    hub.mode = 'truncated-model';
    const message = await page.evaluate(async (base) => {
      try {
        await window.lab.loadTrainableT5(base);
        return 'loaded';
      } catch (error) {
        return (error as Error).message;
      }
    }, `${hub.url}test-org/t5-v11-tiny/resolve/main`);
    hub.mode = 'normal';
    expect(message).toMatch(/incomplete \(its download may have stopped halfway\)|download stopped after/);
  });
});
