/**
 * The names a code cell has in scope, as data: what `virtual:cell-scope` (scripts/cell-scope/)
 * gives the API reference and the editor's completions.
 */
export interface ScopeParam {
  name: string;
  doc: string;
}

export interface ScopeEntry {
  name: string;
  kind: 'function' | 'class' | 'constant' | 'namespace';
  /** The library (src/lib) or the kernel's helpers (show, plot, table...). */
  from: 'library' | 'helpers';
  /** The source file that declares it, e.g. src/lib/data/load.ts. */
  module: string;
  signatures: string[];
  summary: string;
  params: ScopeParam[];
  paramNames: string[];
  returns: string | null;
  returnsVoid: boolean;
  example: string | null;
}

/** A TensorFlow.js name under `tf.`, for completions. */
export interface TfMember {
  name: string;
  kind: 'function' | 'constant';
  signature: string;
}
