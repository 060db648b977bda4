import { describe, expect, it } from 'vitest';
import { OutputBudget } from '../../../src/notebook/budget';
import { Owners, type Owner } from '../../../src/notebook/kernel/owners';
import { cellFile } from '../../../src/notebook/kernel/run-source';

const owner = (run: number, cell: string): Owner => ({
  run,
  token: `t${run}`,
  cell,
  budget: new OutputBudget(),
});

describe('late output goes to the cell that scheduled it', () => {
  it('runs a timer callback as the cell that set it, and reports its error there', async () => {
    const owners = new Owners();
    const reports: { error: string; cell: string | undefined }[] = [];
    const report = (error: unknown, who: Owner | null) =>
      reports.push({ error: String(error), cell: who?.cell });
    const a = owner(1, 'a');
    owners.begin(a);
    const seen: (string | undefined)[] = [];
    const callback = owners.bind(
      () => {
        seen.push(owners.now()?.cell);
        throw new Error('late');
      },
      owners.now(),
      report,
    );
    owners.begin(owner(2, 'b')); // another cell runs before the timer fires
    callback();
    expect(seen).toEqual(['a']);
    expect(reports).toEqual([{ error: 'Error: late', cell: 'a' }]);
    expect(owners.now()?.cell).toBe('b');
    // An async callback's rejection goes to its owner too.
    void owners.bind(async () => Promise.reject(new Error('later')), a, report)();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reports.at(-1)).toEqual({ error: 'Error: later', cell: 'a' });
  });

  it("finds a stray error's cell from the cell file in its stack", () => {
    const owners = new Owners();
    owners.begin(owner(7, 'first'));
    owners.begin(owner(8, 'second'));
    // As the kernel names a cell's script (run-source.ts); indirect eval stands in for the blob script.
    const make = (0, eval)(
      `(() => new Error("from the first cell"))\n//# sourceURL=${cellFile(7)}`,
    ) as () => Error;
    const error = make();
    expect(owners.ofError(error)?.cell).toBe('first');
    expect(owners.ofError('not an error')?.cell).toBe('second');
  });
});
