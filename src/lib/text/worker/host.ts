/**
 * Runs text requests against the engine: the loaded models by handle, their tokenizers, and the
 * abort controllers of requests in flight. The text worker wraps it in postMessage; the in-process
 * runtime (Node, or a context without workers) calls it directly. Either way the caller gets the
 * same messages back.
 */
import { measureModelFiles } from '../download-size';
import {
  countTokens,
  fitToLimit,
  loadEngineModel,
  onRuntimeFatal,
  tokenizerFor,
  tokenView,
  type EngineModel,
} from '../engine';
import { errorData, TextModelError } from '../errors';
import { setRuntimeLocations } from '../runtime';
import type { FromTextRuntime, TextRequest, ToTextRuntime, TokenizerRef } from './protocol';

/** Failures that leave the runtime as it was: nothing ran, or the reader stopped it. */
const HARMLESS = new Set(['too-long', 'empty', 'stopped']);

export class EngineHost {
  private readonly models = new Map<number, EngineModel>();
  private readonly running = new Map<number, AbortController>();
  private nextHandle = 1;
  private readonly unsubscribe: () => void;

  constructor(private readonly emit: (message: FromTextRuntime) => void) {
    this.unsubscribe = onRuntimeFatal((error) => this.emit({ type: 'fatal', error: errorData(error) }));
  }

  receive(message: ToTextRuntime): void {
    if (message.type === 'abort') {
      this.running.get(message.id)?.abort();
      return;
    }
    const { id, request, locations } = message;
    setRuntimeLocations(locations);
    const controller = new AbortController();
    this.running.set(id, controller);
    this.run(id, request, controller.signal)
      .then((value) => this.emit({ type: 'done', id, value }))
      .catch((failure: unknown) => {
        const error =
          failure instanceof TextModelError
            ? failure
            : new TextModelError(
                'runtime-failed',
                `The text runtime failed: ${String(failure)}`,
                String(failure),
                true,
              );
        // A failed load or run may leave ONNX Runtime unusable (an exhausted heap, a half-made session).
        const fatal = !HARMLESS.has(error.kind);
        this.emit({ type: 'failed', id, error: errorData(error), fatal });
      })
      .finally(() => this.running.delete(id));
  }

  private model(handle: number): EngineModel {
    const model = this.models.get(handle);
    if (!model)
      throw new TextModelError(
        'runtime-failed',
        'This model is no longer loaded: load it again.',
        `no model ${handle}`,
        true,
      );
    return model;
  }

  private async tokenizer(ref: TokenizerRef) {
    return 'handle' in ref ? this.model(ref.handle).tokenizer : tokenizerFor(ref.model);
  }

  private async run(id: number, request: TextRequest, signal: AbortSignal): Promise<unknown> {
    switch (request.type) {
      case 'load': {
        const model = await loadEngineModel(request.plan, {
          signal,
          onProgress: (progress) => this.emit({ type: 'progress', id, progress }),
        });
        const handle = this.nextHandle++;
        this.models.set(handle, model);
        return { handle, info: model.info };
      }
      case 'generate':
        return this.model(request.handle).generate(request.prompt, {
          ...request.options,
          signal,
          onText: request.stream
            ? (piece, soFar) => this.emit({ type: 'text', id, piece, soFar })
            : undefined,
          onToken: request.stream ? (token) => this.emit({ type: 'token', id, token }) : undefined,
        });
      case 'features':
        return this.model(request.handle).encoderFeatures(request.texts, signal, request.layout);
      case 'score':
        return this.model(request.handle).score(request.prompt, request.answer);
      case 'tokenize':
        return tokenView(await this.tokenizer(request.ref), request.text);
      case 'count':
        return countTokens(await this.tokenizer(request.ref), request.text);
      case 'fit':
        return fitToLimit(await this.tokenizer(request.ref), request.text, request.limit);
      case 'measure':
        return measureModelFiles(request.model, { dtype: request.dtype, device: request.device });
      case 'dispose': {
        const model = this.models.get(request.handle);
        this.models.delete(request.handle);
        await model?.dispose();
        return null;
      }
    }
  }

  /** Unloads every model (an in-process runtime being replaced). */
  async close(): Promise<void> {
    this.unsubscribe();
    for (const controller of this.running.values()) controller.abort();
    const models = [...this.models.values()];
    this.models.clear();
    await Promise.all(models.map((model) => model.dispose().catch(() => undefined)));
  }
}
