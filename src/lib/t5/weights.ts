/**
 * Finds a T5's weights among an ONNX graph's tensors. Linear weights are anonymous
 * (`onnx::MatMul_N`, stored [in, out]); the node that consumes one names its layer, e.g.
 * `/encoder_layers.0/q/MatMul` (the project's own export) or
 * `/block.0/layer.0/SelfAttention/q/MatMul` (Hugging Face's). Named weights (norms, embeddings,
 * position tables) are recognised by their own names in either layout.
 */
import { readOnnxGraph, type OnnxGraph, type OnnxTensor } from './onnx';

/** Weights of one file, keyed by the canonical names `model.ts` uses (e.g. `layer.0.self.q`). */
export type WeightMap = Map<string, OnnxTensor>;

function walk(graph: OnnxGraph, visit: (g: OnnxGraph) => void): void {
  visit(graph);
  for (const node of graph.nodes) for (const sub of node.graphs) walk(sub, visit);
}

/** The canonical name of a linear weight from its consumer's node name, or null. */
function linearName(node: string, decoder: boolean): string | null {
  const path = node.replace(/\//g, '.');
  const layer = path.match(/(?:layers|block)\.(\d+)/)?.[1];
  if (layer === undefined) return /lm_head|^\.?MatMul$/.test(path.replace(/^\./, '')) ? 'head' : null;
  const ff = path.match(/\.(wi_0|wi_1|wi|wo)\.MatMul/)?.[1];
  if (ff) return `layer.${layer}.ff.${ff}`;
  const attention = path.match(/\.(q|k|v|o)(_1)?\.MatMul/);
  if (!attention) return null;
  const cross = decoder && (attention[2] === '_1' || /EncDecAttention/.test(path));
  return `layer.${layer}.${cross ? 'cross' : 'self'}.${attention[1]}`;
}

/** The canonical name of a named weight (norm, embedding, position table), or null. */
function namedWeight(name: string, dims: number[]): string | null {
  if (/relative_attention_bias/.test(name)) return 'positionBias';
  if (/(shared|embed_tokens)\.weight$/.test(name) && dims.length === 2) return 'shared';
  if (/(encoder_norm|decoder_norm|final_layer_norm)\.weight$/.test(name)) return 'finalNorm';
  const layer = name.match(/(?:layers|block)\.(\d+)/)?.[1];
  if (layer === undefined) return null;
  const mini = name.match(/\.norm(\d)\.weight$/);
  if (mini) return `layer.${layer}.norm${mini[1]}`;
  // Hugging Face: block.N.layer.M.layer_norm -> norm(M+1).
  const hf = name.match(/\.layer\.(\d)\.layer_norm\.weight$/);
  if (hf) return `layer.${layer}.norm${Number(hf[1]) + 1}`;
  return null;
}

/**
 * Reads an ONNX file (encoder or merged decoder) and returns its T5 weights by canonical name.
 *
 * @param bytes - the file.
 * @param decoder - whether this is the decoder (its cross-attention is named apart).
 */
export function t5WeightsFromOnnx(bytes: Uint8Array, decoder: boolean): WeightMap {
  const graph = readOnnxGraph(bytes);
  const tensors = new Map<string, OnnxTensor>();
  const consumers = new Map<string, string[]>();
  walk(graph, (g) => {
    for (const t of g.initializers) tensors.set(t.name, t);
    for (const node of g.nodes) {
      if (node.opType === 'Constant' && node.tensors[0] && node.outputs[0]) {
        tensors.set(node.outputs[0], { ...node.tensors[0], name: node.outputs[0] });
      }
    }
  });
  // The exporter stores equal weights once and hands out copies by Identity nodes named after the
  // weights they stand for (e.g. every norm of an untrained model, all ones).
  walk(graph, (g) => {
    for (const node of g.nodes) {
      const source = node.opType === 'Identity' ? tensors.get(node.inputs[0] ?? '') : undefined;
      if (source && node.outputs[0]) tensors.set(node.outputs[0], { ...source, name: node.outputs[0] });
    }
  });
  walk(graph, (g) => {
    for (const node of g.nodes) {
      for (const input of node.inputs) {
        if (!tensors.has(input)) continue;
        const list = consumers.get(input) ?? [];
        list.push(`${node.opType}:${node.name}`);
        consumers.set(input, list);
      }
    }
  });
  const out: WeightMap = new Map();
  for (const [name, tensor] of tensors) {
    let canonical = namedWeight(name, tensor.dims);
    if (!canonical && tensor.dims.length === 2) {
      for (const consumer of consumers.get(name) ?? []) {
        const [op, nodeName] = consumer.split(/:(.*)/s) as [string, string];
        if (op !== 'MatMul') continue;
        canonical = linearName(nodeName, decoder);
        if (canonical) break;
      }
    }
    if (canonical && !out.has(canonical)) out.set(canonical, tensor);
  }
  return out;
}
