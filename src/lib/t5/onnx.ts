/**
 * A small reader for the parts of an ONNX file a trainable T5 needs: the graph's initializers
 * (weights), its nodes' names, inputs and types (to tell which layer an anonymous weight belongs
 * to), `Constant` nodes' tensors, and the subgraphs of `If` nodes (a merged decoder keeps its
 * nodes there). It decodes protobuf's wire format directly, so no protobuf library ships.
 *
 * Field numbers are onnx.proto's (ModelProto.graph = 7, GraphProto.node = 1 and .initializer = 5,
 * NodeProto.input/output/name/op_type/attribute = 1/2/3/4/5, AttributeProto.t/g = 5/6,
 * TensorProto.dims/data_type/float_data/name/raw_data = 1/2/4/8/9).
 */

/** A float tensor from the file, row-major. */
export interface OnnxTensor {
  name: string;
  dims: number[];
  data: Float32Array;
}

/** One graph node, with the subgraphs it carries (for `If`). */
export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  /** Tensor attributes (a `Constant` node's `value`). */
  tensors: OnnxTensor[];
  graphs: OnnxGraph[];
}

export interface OnnxGraph {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
}

const FLOAT = 1;

/** The bytes end inside a field: a file cut short. */
class TruncatedError extends Error {
  constructor() {
    super('The model file is incomplete (its download may have stopped halfway); try loading it again.');
  }
}

class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  varint(): number {
    // Numbers here (lengths, dims, tags) fit in 2^53; read with multiplication, not 32-bit shifts.
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.end) throw new TruncatedError();
      const byte = this.bytes[this.pos++]!;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
  }

  /** Calls `field(number, wireType, reader)` for every field of the message in [pos, end). */
  fields(field: (num: number, wire: number) => void): void {
    while (this.pos < this.end) {
      const tag = this.varint();
      const before = this.pos;
      field(Math.floor(tag / 8), tag & 7);
      if (this.pos === before) this.skip(tag & 7);
    }
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) {
      const length = this.varint(); // read before adding: `pos += varint()` would add to the old pos
      this.pos += length;
    } else if (wire === 5) this.pos += 4;
    else throw new Error(`This ONNX file has a protobuf wire type ${wire} it cannot read.`);
    if (this.pos > this.end) throw new TruncatedError();
  }

  /** The bounds of a length-delimited field, and moves past it. */
  span(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    if (start + length > this.end) throw new TruncatedError();
    this.pos += length;
    return [start, start + length];
  }

  string(): string {
    const [start, end] = this.span();
    return new TextDecoder().decode(this.bytes.subarray(start, end));
  }

  sub(): Reader {
    const [start, end] = this.span();
    return new Reader(this.bytes, start, end);
  }
}

function readTensor(r: Reader): OnnxTensor | null {
  const dims: number[] = [];
  let name = '';
  let type = 0;
  let raw: Uint8Array | null = null;
  let floats: Float32Array | null = null;
  let external = false;
  r.fields((num, wire) => {
    if (num === 1 && wire === 0) dims.push(r.varint());
    else if (num === 1 && wire === 2) {
      const s = r.sub();
      while (s.pos < s.end) dims.push(s.varint());
    } else if (num === 2) type = r.varint();
    else if (num === 8) name = r.string();
    else if (num === 9) {
      const [start, end] = r.span();
      raw = r.bytes.subarray(start, end);
    } else if (num === 4 && wire === 2) {
      const [start, end] = r.span();
      floats = copyFloats(r.bytes.subarray(start, end));
    } else if (num === 13) {
      external = true;
      r.skip(wire);
    }
  });
  if (type !== FLOAT) return null;
  if (external) {
    throw new Error(
      `Weight "${name}" is stored in a separate data file, which this reader does not load; use a model whose ONNX files hold their weights.`,
    );
  }
  const data = raw ? copyFloats(raw) : (floats ?? new Float32Array(0));
  return { name, dims, data };
}

/** A Float32Array copy of little-endian bytes (copied, since a view needs 4-byte alignment). */
function copyFloats(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function readNode(r: Reader): OnnxNode {
  const node: OnnxNode = { name: '', opType: '', inputs: [], outputs: [], tensors: [], graphs: [] };
  r.fields((num) => {
    if (num === 1) node.inputs.push(r.string());
    else if (num === 2) node.outputs.push(r.string());
    else if (num === 3) node.name = r.string();
    else if (num === 4) node.opType = r.string();
    else if (num === 5) {
      const a = r.sub();
      a.fields((field) => {
        if (field === 5) {
          const tensor = readTensor(a.sub());
          if (tensor) node.tensors.push(tensor);
        } else if (field === 6) node.graphs.push(readGraph(a.sub()));
      });
    }
  });
  return node;
}

function readGraph(r: Reader): OnnxGraph {
  const graph: OnnxGraph = { nodes: [], initializers: [] };
  r.fields((num) => {
    if (num === 1) graph.nodes.push(readNode(r.sub()));
    else if (num === 5) {
      const tensor = readTensor(r.sub());
      if (tensor) graph.initializers.push(tensor);
    }
  });
  return graph;
}

/**
 * Reads an ONNX model's main graph: float initializers, nodes and nested graphs.
 * Throws a plain message when the bytes are not an ONNX model.
 */
export function readOnnxGraph(bytes: Uint8Array): OnnxGraph {
  const r = new Reader(bytes);
  let graph: OnnxGraph | null = null;
  try {
    r.fields((num) => {
      if (num === 7) graph = readGraph(r.sub());
    });
  } catch (error) {
    if (error instanceof TruncatedError) throw error;
    if (error instanceof Error && /separate data file/.test(error.message)) throw error;
    graph = null;
  }
  if (!graph) throw new Error('This file is not an ONNX model (no graph found in it).');
  return graph;
}
