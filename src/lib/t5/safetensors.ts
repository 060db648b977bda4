/**
 * The safetensors format, float32 only: an 8-byte little-endian header length, a JSON header
 * (each tensor's dtype, shape and byte range, and `__metadata__`, a map of strings), padded with
 * spaces to a multiple of 8 bytes, then the tensors' bytes. PyTorch (`safetensors.torch.load_file`)
 * and Hugging Face tools read it; `readSafetensors` reads it back here.
 */

/** One named float32 tensor. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/**
 * Writes tensors as one safetensors file.
 *
 * @param tensors - the tensors, in file order.
 * @param metadata - strings stored under `__metadata__`.
 * @returns the file's bytes.
 * @example
 * const bytes = writeSafetensors([{ name: 'w', shape: [2], data: new Float32Array([1, 2]) }], {});
 */
export function writeSafetensors(tensors: NamedTensor[], metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded); // spaces: the header stays valid JSON
  let at = 8 + padded;
  for (const t of tensors) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

/**
 * Reads a float32 safetensors file.
 *
 * @param bytes - the file.
 * @returns its tensors by name, and its metadata.
 * @example
 * const model = await loadTrainableT5('/models/mini-t5');
 * const { tensors } = readSafetensors(mergedWeightsFile(model));
 * tensors.get('encoder.layer.0.self.q')?.shape; // [128, 128]
 */
export function readSafetensors(bytes: Uint8Array): {
  tensors: Map<string, NamedTensor>;
  metadata: Record<string, string>;
} {
  if (bytes.length < 8) throw new Error('This is not a safetensors file: it is shorter than its header.');
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (8 + length > bytes.length)
    throw new Error('This is not a safetensors file: its header runs past the end.');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Record<
    string,
    { dtype?: string; shape?: number[]; data_offsets?: [number, number] } | Record<string, string>
  >;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const tensors = new Map<string, NamedTensor>();
  const start = 8 + length;
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const {
      dtype,
      shape,
      data_offsets: range,
    } = entry as {
      dtype?: string;
      shape?: number[];
      data_offsets?: [number, number];
    };
    if (dtype !== 'F32' || !shape || !range)
      throw new Error(`Tensor "${name}" is ${dtype ?? 'of no type'}: only float32 files are read here.`);
    // Copied out: the data may not sit on a 4-byte boundary of the file's buffer.
    const data = new Float32Array(bytes.slice(start + range[0], start + range[1]).buffer);
    tensors.set(name, { name, shape, data });
  }
  return { tensors, metadata };
}
