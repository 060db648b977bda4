/**
 * Text generation with streaming, stopping and timings, on top of transformers.js `generate`.
 * Text is streamed token by token: after each new token the whole answer so far is decoded and the
 * new part is handed to `onText`, so a word appears as soon as its first token is out (why not
 * transformers.js's TextStreamer: see StreamerLike).
 */
import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import type { TransformersModule } from './runtime';
import { cachedDecoderStepper, decoderTokens, logSoftmax, searchBeams } from './beam';

export type DecodingStrategy = 'greedy' | 'sample' | 'beam';

export interface GenerateOptions {
  /** Most tokens to produce (the end-of-sequence token counts). Default 32. */
  maxNewTokens?: number;
  /** Forbid the end-of-sequence token before this many tokens (default 0). */
  minNewTokens?: number;
  /** greedy: always the likeliest token; sample: draw from the distribution; beam: keep `numBeams` best answers. */
  strategy?: DecodingStrategy;
  numBeams?: number;
  /** Beam search only: scores are divided by length^lengthPenalty (default 1). */
  lengthPenalty?: number;
  /** Sampling only: below 1 sharpens the distribution, above 1 flattens it. */
  temperature?: number;
  /** Sampling only: draw among the k likeliest tokens (0 = all). */
  topK?: number;
  /** Seed for sampling, so a lesson can repeat a draw. */
  seed?: number;
  /** Stop early: resolves with what was generated so far and `stopped: true`. */
  signal?: AbortSignal;
  /** Called with each new piece of text as it is generated (not for beam search, which finishes first). */
  onText?: (piece: string, soFar: string) => void;
  /** Called with each generated token id. */
  onToken?: (id: number) => void;
}

export interface GenerationResult {
  text: string;
  /** Token ids produced (end-of-sequence included when reached). */
  tokenIds: number[];
  stopped: boolean;
  /** Milliseconds from the call to the first generated token (includes running the encoder). */
  timeToFirstTokenMs: number;
  /** Seconds for the whole call. */
  seconds: number;
  /** Generated tokens divided by the whole call's time. */
  tokensPerSecond: number;
  strategy: DecodingStrategy;
  /** Beam search only: the answer's summed token log-probability, and the length-normalised score it won with. */
  logProb?: number;
  score?: number;
}

/**
 * Why not transformers.js's own `TextStreamer` (4.3.1, src/generation/streamers.js): it also decodes
 * its whole token cache again on every token (the cache only resets at a newline), so it saves no
 * work; it holds a word back until the next space, where the playground shows a word as soon as its
 * first token is out; and it reports text only, where we also need each token id and the time of the
 * first one. What we hand `generate` is the same two-method interface (`put`, `end`), and re-decoding
 * at most `maxNewTokens` (512) ids per step costs far less than the decoder step that produced them.
 */
interface StreamerLike {
  put(value: bigint[][]): void;
  end(): void;
}

export async function generateText(
  module: TransformersModule,
  tokenizer: PreTrainedTokenizer,
  model: PreTrainedModel,
  prompt: string,
  options: GenerateOptions = {},
): Promise<GenerationResult> {
  const strategy = options.strategy ?? 'greedy';
  const maxNewTokens = clampInt(options.maxNewTokens ?? 32, 1, 512, 'maxNewTokens');
  const start = performance.now();
  let firstTokenAt: number | null = null;
  const tokenIds: number[] = [];
  const specials = new Set<number>(tokenizer.all_special_ids.map(Number));
  let shown = '';

  const noteToken = (id: number) => {
    firstTokenAt ??= performance.now();
    tokenIds.push(id);
    options.onToken?.(id);
  };

  if (strategy === 'beam') {
    const numBeams = clampInt(options.numBeams ?? 4, 1, 8, 'numBeams');
    const inputs = encoderInputs(tokenizer, prompt);
    const encoded = await encode(model, inputs);
    const result = await searchBeams(
      cachedDecoderStepper(module, model, inputs, encoded),
      decoderTokens(model),
      {
        numBeams,
        maxNewTokens,
        signal: options.signal,
        lengthPenalty: options.lengthPenalty,
      },
    );
    for (const id of result.tokenIds) noteToken(id);
    const text = tokenizer.decode(result.tokenIds, { skip_special_tokens: true }).trim();
    options.onText?.(text, text);
    return { ...finish(text, result.stopped), logProb: result.logProb, score: result.score };
  }

  if (options.signal?.aborted) return finish('', true);
  const stopper = new module.InterruptableStoppingCriteria();
  const onAbort = () => stopper.interrupt();
  options.signal?.addEventListener('abort', onAbort);

  let promptSeen = false;
  const streamer: StreamerLike = {
    put(value) {
      // The first call carries the decoder's start token, not generated text.
      if (!promptSeen) {
        promptSeen = true;
        return;
      }
      const id = Number(value[0]?.[0] ?? -1);
      noteToken(id);
      if (specials.has(id)) return;
      const soFar = tokenizer.decode(
        tokenIds.filter((t) => !specials.has(t)),
        { skip_special_tokens: true },
      );
      if (soFar.length > shown.length && soFar.startsWith(shown)) {
        const piece = soFar.slice(shown.length);
        shown = soFar;
        options.onText?.(piece, soFar);
      }
    },
    end() {},
  };

  const inputs = encoderInputs(tokenizer, prompt);
  if (strategy === 'sample' && options.seed !== undefined) module.random.seed(options.seed);
  try {
    await model.generate({
      ...inputs,
      max_new_tokens: maxNewTokens,
      min_new_tokens: options.minNewTokens
        ? Math.min(maxNewTokens, Math.max(0, Math.round(options.minNewTokens)))
        : undefined,
      do_sample: strategy === 'sample',
      temperature: strategy === 'sample' ? Math.max(0.05, options.temperature ?? 1) : 1,
      top_k: strategy === 'sample' ? Math.max(0, Math.round(options.topK ?? 0)) : 0,
      num_beams: 1,
      streamer: streamer as unknown as InstanceType<TransformersModule['TextStreamer']>,
      stopping_criteria: stopper,
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  const text = tokenizer.decode(tokenIds.length ? tokenIds : [0], { skip_special_tokens: true }).trim();
  if (text.length > shown.length && text.startsWith(shown.trim())) {
    const piece = text.slice(shown.length);
    if (piece) options.onText?.(piece, text);
  }
  return finish(text, Boolean(options.signal?.aborted));

  function finish(text: string, stopped: boolean): GenerationResult {
    const seconds = (performance.now() - start) / 1000;
    return {
      text,
      tokenIds,
      stopped,
      timeToFirstTokenMs: firstTokenAt === null ? NaN : firstTokenAt - start,
      seconds,
      tokensPerSecond: seconds > 0 ? tokenIds.length / seconds : 0,
      strategy,
    };
  }
}

interface EncoderInternals {
  _encode_input(session: string, inputs: Record<string, Tensor>, output: string): Promise<Tensor>;
  forward(inputs: Record<string, unknown>): Promise<Record<string, Tensor>>;
}

export function encoderInputs(
  tokenizer: PreTrainedTokenizer,
  text: string | string[],
): { input_ids: Tensor; attention_mask: Tensor } {
  return tokenizer(text, { padding: Array.isArray(text) }) as unknown as {
    input_ids: Tensor;
    attention_mask: Tensor;
  };
}

/** Runs only the encoder: `[batch, tokens, width]` states (transformers.js internal, pinned version). */
export function encode(
  model: PreTrainedModel,
  inputs: { input_ids: Tensor; attention_mask: Tensor },
): Promise<Tensor> {
  return (model as unknown as EncoderInternals)._encode_input(
    'model',
    { input_ids: inputs.input_ids, attention_mask: inputs.attention_mask },
    'last_hidden_state',
  );
}

/**
 * The log-probability the model gives `answerIds` as the answer to `prompt`, read in one pass with
 * the whole answer as decoder input (teacher forcing, no cache): a second path to the number beam
 * search reports, and a way to ask which of two answers the model prefers.
 */
export async function scoreAnswer(
  module: TransformersModule,
  tokenizer: PreTrainedTokenizer,
  model: PreTrainedModel,
  prompt: string,
  answerIds: readonly number[],
): Promise<number> {
  if (answerIds.length === 0) return 0;
  const { start } = decoderTokens(model);
  const inputs = encoderInputs(tokenizer, prompt);
  const encoded = await encode(model, inputs);
  const decoderIds = BigInt64Array.from([start, ...answerIds.slice(0, -1)].map((id) => BigInt(id)));
  const output = await (model as unknown as EncoderInternals).forward({
    input_ids: inputs.input_ids,
    attention_mask: inputs.attention_mask,
    encoder_outputs: encoded,
    decoder_input_ids: new module.Tensor('int64', decoderIds, [1, answerIds.length]),
  });
  const vocab = output.logits.dims[2];
  const logits = output.logits.data as Float32Array;
  let total = 0;
  answerIds.forEach((id, position) => {
    total += logSoftmax(logits.subarray(position * vocab, (position + 1) * vocab))[id];
  });
  for (const tensor of Object.values(output)) if (tensor.location === 'gpu-buffer') tensor.dispose();
  return total;
}

function clampInt(value: number, min: number, max: number, name: string): number {
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number between ${min} and ${max}.`);
  return Math.min(max, Math.max(min, Math.round(value)));
}
