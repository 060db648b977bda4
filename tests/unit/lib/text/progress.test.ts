import { describe, expect, it } from 'vitest';
import { ProgressTracker, formatBytes, type DownloadProgress } from '../../../../src/lib/text/progress';

describe('download progress', () => {
  it('adds files up into one figure of bytes and files', () => {
    const seen: DownloadProgress[] = [];
    const tracker = new ProgressTracker((p) => seen.push(p));
    tracker.handle({ status: 'initiate', file: 'config.json' });
    tracker.handle({ status: 'progress', file: 'config.json', loaded: 100, total: 100 });
    tracker.handle({ status: 'done', file: 'config.json' });
    tracker.handle({ status: 'initiate', file: 'onnx/encoder_model.onnx' });
    tracker.handle({ status: 'progress', file: 'onnx/encoder_model.onnx', loaded: 300, total: 900 });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ loadedBytes: 400, totalBytes: 1000, filesDone: 1, filesTotal: 2 });
    expect(last.fraction).toBeCloseTo(0.4);
    tracker.handle({ status: 'ready' });
    expect(seen.length).toBe(5);
    expect(formatBytes(3_590_000)).toBe('3.6 MB');
    expect(formatBytes(512)).toBe('512 B');
  });
});
