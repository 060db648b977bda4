/**
 * Resolves on a new task, not a microtask, so that input events (a Stop click), messages and
 * painting get their turn. Loops over tfjs's WebAssembly or CPU backends and ONNX Runtime resolve
 * their promises as microtasks: without this, a whole training run or generation would hold the
 * page (or the worker) until it ends. Not `scheduler.yield()`: its continuation runs ahead of other
 * tasks, which can starve input; not `setTimeout(0)`: browsers clamp it to 4 ms when nested.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
