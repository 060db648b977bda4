/**
 * Which cell owns the output produced right now. While a cell runs, it does. Afterwards, output
 * from a timer, an interval or an animation frame belongs to the cell that scheduled it (each
 * callback is wrapped to carry its owner), and a stray error or rejection belongs to the cell
 * whose code appears in its stack. Only when neither tells does output go to the last cell run.
 */
import type { OutputBudget } from '../budget';
import { runInStack } from './run-source';

export interface Owner {
  run: number;
  /** The run's secret from the page (protocol.ts RunRequest). */
  token: string;
  cell: string;
  budget: OutputBudget;
}

type Report = (error: unknown, owner: Owner | null) => void;
type Callback = (...args: unknown[]) => unknown;

/** Owners are remembered for this many recent runs (older late output goes to the last cell). */
const REMEMBERED = 500;

export class Owners {
  /** The cell running now, or the last one that ran. */
  current: Owner | null = null;
  /** The owner of the timer callback running now. */
  private active: Owner | null = null;
  private readonly byRun = new Map<number, Owner>();

  begin(owner: Owner): void {
    this.current = owner;
    this.byRun.set(owner.run, owner);
    if (this.byRun.size > REMEMBERED) this.byRun.delete(this.byRun.keys().next().value!);
  }

  /** Who gets output produced at this moment. */
  now(): Owner | null {
    return this.active ?? this.current;
  }

  /** Who gets a stray error: the cell in its stack, else whoever owns this moment. */
  ofError(error: unknown): Owner | null {
    const run = runInStack(error);
    return (run !== null ? this.byRun.get(run) : undefined) ?? this.now();
  }

  /** `callback`, run as `owner`; what it throws is reported for that owner instead of escaping. */
  bind(callback: Callback, owner: Owner | null, report: Report): Callback {
    if (!owner) return callback;
    const enter = () => {
      const previous = this.active;
      this.active = owner;
      return () => {
        this.active = previous;
      };
    };
    return function (this: unknown, ...args: unknown[]) {
      const leave = enter();
      try {
        const result = callback.apply(this, args);
        // An async callback's rejection is reported here too, with its owner, not as a stray one.
        if (result && typeof (result as Promise<unknown>).then === 'function')
          (result as Promise<unknown>).then(undefined, (error: unknown) => report(error, owner));
        return result;
      } catch (error) {
        report(error, owner);
        return undefined;
      } finally {
        leave();
      }
    };
  }

  /**
   * Wraps the global schedulers, so callbacks remember who scheduled them. Animation frames become
   * timers: the kernel's frame is never painted, so the browser would not run them.
   */
  install(global: typeof globalThis, report: Report): void {
    const wrap = (callback: unknown): unknown =>
      typeof callback === 'function' ? this.bind(callback as Callback, this.now(), report) : callback;
    const setTimeout = global.setTimeout.bind(global);
    const setInterval = global.setInterval.bind(global);
    const clearTimeout = global.clearTimeout.bind(global);
    const queueMicrotask = global.queueMicrotask.bind(global);
    type Timer = (handler: unknown, timeout?: number, ...args: unknown[]) => number;
    (global as { setTimeout: Timer }).setTimeout = (handler, timeout, ...args) =>
      setTimeout(wrap(handler) as () => void, timeout, ...args) as unknown as number;
    (global as { setInterval: Timer }).setInterval = (handler, timeout, ...args) =>
      setInterval(wrap(handler) as () => void, timeout, ...args) as unknown as number;
    global.queueMicrotask = (callback) => queueMicrotask(wrap(callback) as () => void);
    (global as { requestAnimationFrame: (callback: FrameRequestCallback) => number }).requestAnimationFrame =
      (callback) =>
        setTimeout(wrap(() => callback(performance.now())) as () => void, 16) as unknown as number;
    (global as { cancelAnimationFrame: (id: number) => void }).cancelAnimationFrame = (id) =>
      clearTimeout(id);
  }
}
