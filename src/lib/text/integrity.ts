/**
 * Checks, while a model file streams in, that it is a complete ONNX file: the top level of an ONNX
 * file is a protobuf message, and a file cut short ends in the middle of a field. Catching that
 * before ONNX Runtime sees the bytes matters: a failed session creation leaves transformers.js 4.3
 * unable to create any later session on the page, so Retry could never work.
 */

type State = 'key' | 'length' | 'varint' | 'skip';

export class ProtobufCompleteness {
  private state: State = 'key';
  private varint = 0;
  private shift = 0;
  private toSkip = 0;
  private bytes = 0;
  private problem: string | null = null;

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.problem) {
      if (this.state === 'skip') {
        const step = Math.min(this.toSkip, chunk.length - i);
        this.toSkip -= step;
        i += step;
        if (this.toSkip === 0) this.state = 'key';
        continue;
      }
      const byte = chunk[i++];
      this.varint += (byte & 0x7f) * 2 ** this.shift;
      this.shift += 7;
      if (byte & 0x80) {
        if (this.shift > 63) this.problem = `a malformed number at byte ${this.bytes + i}`;
        continue;
      }
      const value = this.varint;
      this.varint = 0;
      this.shift = 0;
      if (this.state === 'key') {
        const wireType = value % 8;
        if (value < 8) this.problem = `an invalid field at byte ${this.bytes + i}`;
        else if (wireType === 0) this.state = 'varint';
        else if (wireType === 2) this.state = 'length';
        else if (wireType === 1 || wireType === 5) {
          this.toSkip = wireType === 1 ? 8 : 4;
          this.state = 'skip';
        } else this.problem = `an unknown field type ${wireType} at byte ${this.bytes + i}`;
      } else if (this.state === 'length') {
        this.toSkip = value;
        this.state = value === 0 ? 'key' : 'skip';
      } else {
        this.state = 'key'; // a varint field's value has been read
      }
    }
    this.bytes += chunk.length;
  }

  /** Null when the bytes form complete top-level fields, otherwise what is wrong. */
  finish(): string | null {
    if (this.problem) return this.problem;
    if (this.bytes === 0) return 'the file is empty';
    if (this.state !== 'key' || this.shift !== 0) {
      const missing = this.state === 'skip' ? ` (${this.toSkip} bytes missing)` : '';
      return `the file ends in the middle of a field after ${this.bytes} bytes${missing}`;
    }
    return null;
  }
}

/**
 * Wraps a fetch function so every full download of an `.onnx` file is checked as it streams: a
 * damaged file makes the download fail (so it is never cached or handed to ONNX Runtime).
 */
export function fetchWithModelCheck(
  inner: (input: string | URL, init?: RequestInit) => Promise<Response>,
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    const response = await inner(input, init);
    const url = String(input);
    if (response.status !== 200 || !response.body || !/\.onnx(\?|$)/.test(url)) return response;
    const check = new ProtobufCompleteness();
    const name = url.split('/').slice(-1)[0];
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          check.feed(chunk);
          controller.enqueue(chunk);
        },
        flush(controller) {
          const problem = check.finish();
          if (problem) controller.error(new Error(`Damaged model file ${name}: ${problem}.`));
        },
      }),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
