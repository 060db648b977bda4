/**
 * What a page with code cells adds to its Content-Security-Policy (Astro's `security.csp`). The
 * kernel's sandboxed frame is an srcdoc document, so it lives under the page's policy; the policy
 * must allow the frame's supervisor script (by hash), the scripts the kernel makes from blob: URLs
 * (its own bundle, each cell, ONNX Runtime's glue) and its blob: workers (the pulse, the kernel in
 * worker mode). Nothing here allows `unsafe-eval`.
 */
import type { CspHash } from 'astro';

declare const __KERNEL_FRAME_SCRIPT_HASH__: string;

interface CspApi {
  insertScriptHash(hash: CspHash): void;
  insertScriptResource(resource: string): void;
  insertDirective(directive: `worker-src${string}`): void;
}

const done = new WeakSet<object>();

/** Call once per page render with Astro.csp (only when the site has a policy). */
export function allowKernelFrame(page: object, csp: () => CspApi | undefined): void {
  const hash = typeof __KERNEL_FRAME_SCRIPT_HASH__ === 'string' ? __KERNEL_FRAME_SCRIPT_HASH__ : '';
  if (!hash || done.has(page)) return;
  done.add(page);
  const policy = csp();
  policy?.insertScriptHash(hash as CspHash);
  policy?.insertScriptResource('blob:');
  policy?.insertDirective('worker-src blob:');
}
