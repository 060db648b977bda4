/**
 * Messages between a page (or a code-cell kernel) and its text runtime. Everything is plain data,
 * so the same messages work over a worker's postMessage and in-process (Node, or a context that
 * cannot start a worker).
 */
import type { TextDevice, TextDtype } from '../../backend/text-device';
import type { DownloadPlan } from '../download-size';
import type { LoadPlan, LoadedModelInfo, TokenView, FittedPrompt } from '../engine';
import type { TextModelErrorData } from '../errors';
import type { GenerateOptions, GenerationResult } from '../generate';
import type { FeatureLayout } from '../features';
import type { DownloadProgress } from '../progress';
import type { RuntimeLocations } from '../runtime';

/** Generation options that cross the boundary (callbacks and the signal stay on the caller's side). */
export type WireGenerateOptions = Omit<GenerateOptions, 'signal' | 'onText' | 'onToken'>;

/** Names a tokenizer: a loaded model's (by handle) or a model's alone (by registry id). */
export type TokenizerRef = { handle: number } | { model: string };

export type TextRequest =
  | { type: 'load'; plan: LoadPlan }
  | { type: 'generate'; handle: number; prompt: string; options: WireGenerateOptions; stream: boolean }
  | { type: 'features'; handle: number; texts: string[]; layout?: FeatureLayout }
  | { type: 'score'; handle: number; prompt: string; answer: string | number[] }
  | { type: 'tokenize'; ref: TokenizerRef; text: string }
  | { type: 'count'; ref: TokenizerRef; text: string }
  | { type: 'fit'; ref: TokenizerRef; text: string; limit: number }
  | { type: 'measure'; model: string; dtype: TextDtype; device: TextDevice }
  | { type: 'dispose'; handle: number };

/** What each request resolves with. */
export interface TextReplies {
  load: { handle: number; info: LoadedModelInfo };
  generate: GenerationResult;
  features: number[][];
  score: { logProb: number; tokenIds: number[] };
  tokenize: TokenView;
  count: number;
  fit: FittedPrompt;
  measure: DownloadPlan;
  dispose: null;
}

export type ToTextRuntime =
  | { type: 'request'; id: number; locations: RuntimeLocations; request: TextRequest }
  | { type: 'abort'; id: number };

export type FromTextRuntime =
  | { type: 'ready' }
  | { type: 'progress'; id: number; progress: DownloadProgress }
  | { type: 'text'; id: number; piece: string; soFar: string }
  | { type: 'token'; id: number; token: number }
  | { type: 'done'; id: number; value: unknown }
  /** `fatal`: the runtime cannot be trusted any more and must be replaced. */
  | { type: 'failed'; id: number; error: TextModelErrorData; fatal: boolean }
  /** The runtime broke outside any request (a lost GPU device). */
  | { type: 'fatal'; error: TextModelErrorData };
