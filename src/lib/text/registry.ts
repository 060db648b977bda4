/**
 * The text-to-text models a lesson can load. The mini T5 ships with the site (offline, used by every
 * test); FLAN-T5 small comes from the Hugging Face Hub for readers who are online.
 */
import type { TextDtype } from '../backend/text-device';

export interface TextModelEntry {
  /** Short name used in the page and in `loadTextModel({ model })`. */
  id: string;
  label: string;
  /** `site`: files under this site's `/models/`; `hub`: downloaded from the Hugging Face Hub. */
  source: 'site' | 'hub';
  /** Folder name under `/models/` for site models, repository id for Hub models. */
  repo: string;
  /** Weight formats the model is published in. */
  dtypes: readonly TextDtype[];
  description: string;
  /** Prompt presets that suit this model (ids from `presets.ts`). */
  presetGroup: 'mini' | 'flan';
  /**
   * The longest prompt, in tokens (end-of-sequence included), the library will run. Attention
   * memory grows with the square of the prompt length and a browser's WebAssembly heap stops at
   * 4 GB, so without a limit a long paste exhausts it (issue 14).
   */
  maxInputTokens: number;
  /** Why the limit is what it is, in a sentence a reader can follow. */
  limitReason: string;
}

/**
 * The text models a page can load: the mini T5 and FLAN-T5 small and base.
 * @example
 * TEXT_MODELS.map((m) => m.id)
 */
export const TEXT_MODELS: readonly TextModelEntry[] = Object.freeze([
  {
    id: 'mini-t5',
    label: 'Mini T5 (ships with this site)',
    source: 'site',
    repo: 'mini-t5',
    // fp32, and 8-bit weight-only copies (scripts/t5/quantize.py): 1 MB instead of 3.6 MB.
    dtypes: ['fp32', 'q8'],
    description:
      'A tiny T5 (original T5 architecture) trained from scratch by this project on seven toy instruction tasks. Works offline; knows about 300 words.',
    presetGroup: 'mini',
    // `npm run measure:text` (bench/results/text-limits.json): on WebAssembly the heap holds 35 MB
    // at 512 tokens, 103 MB at 1,024, 1.3 GB at 4,096, and 8,192 exhausts it; SwiftShader's WebGPU
    // (the tests' GPU, a CPU emulation) took 30 s at 512 and over 2 minutes at 1,024 on a loaded
    // machine. The mini T5 was trained on prompts of a dozen words, so 512 (FLAN-T5's own limit)
    // costs it nothing and keeps every device quick.
    maxInputTokens: 512,
    limitReason:
      "The mini T5 was trained on prompts of a dozen words; 512 tokens keeps an answer quick on every device and far inside your browser's memory.",
  },
  {
    id: 'flan-t5-small',
    label: 'FLAN-T5 small (Hugging Face Hub)',
    source: 'hub',
    repo: 'Xenova/flan-t5-small',
    dtypes: ['fp32', 'fp16', 'q8', 'q4'],
    description:
      "Google's instruction-tuned T5 (77 million parameters), converted to ONNX. Downloaded once, then kept in your browser's cache.",
    presetGroup: 'flan',
    maxInputTokens: 512,
    limitReason: 'FLAN-T5 was trained on inputs of at most 512 tokens.',
  },
]);

/**
 * The text model loaded when none is named: the mini T5 shipped with the site.
 * @example
 * DEFAULT_TEXT_MODEL // 'mini-t5'
 */
export const DEFAULT_TEXT_MODEL = 'mini-t5';

/**
 * A text model's entry (id, label, source, limits), throwing a message that lists the ids on a typo.
 * @param id the model's id
 * @returns its entry
 * @example
 * textModelEntry('mini-t5').label
 */
export function textModelEntry(id: string): TextModelEntry {
  const entry = TEXT_MODELS.find((model) => model.id === id);
  if (!entry) {
    throw new Error(`Unknown text model "${id}". Choose one of: ${TEXT_MODELS.map((m) => m.id).join(', ')}.`);
  }
  return entry;
}

/** Where transformers.js downloads Hub models from: huggingface.co unless a test points elsewhere. */
export const DEFAULT_HUB_HOST = 'https://huggingface.co/';

/**
 * `?hub=http://127.0.0.1:1234/` lets a test (or a reader with a local mirror) serve Hub models from
 * their own machine. Only loopback addresses are honoured, so a crafted link cannot send readers'
 * downloads to a stranger's server.
 * @param search the address's query string
 * @returns the Hub host named by ?hub=, or null
 * @example
 * hubHostFromQuery('?hub=http://127.0.0.1:9000')
 */
export function hubHostFromQuery(search: string): string | null {
  const raw = new URLSearchParams(search).get('hub');
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') return null;
    return url.href.endsWith('/') ? url.href : `${url.href}/`;
  } catch {
    return null;
  }
}
