// Put first in every page by the smoke suite's server (server.mjs): records what a reader would
// see in the console as an error, in window.__smokeErrors, for engines whose driver cannot read the
// console (WebKit). Kept tiny and dependency-free: it runs before the page's own scripts.
(() => {
  const errors = [];
  window.__smokeErrors = errors;
  const text = (value) => {
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    try {
      return typeof value === 'string' ? value : JSON.stringify(value);
    } catch {
      return String(value);
    }
  };
  const original = console.error.bind(console);
  console.error = (...args) => {
    errors.push(`console.error: ${args.map(text).join(' ')}`);
    original(...args);
  };
  addEventListener(
    'error',
    (event) => {
      const target = event.target;
      // A script, stylesheet, image or font that failed to load fires an error on its element.
      if (target && target !== window && (target.src || target.href)) {
        // Firefox ESR fires `error` at the modulepreload links Vite adds for modules that are already
        // loaded, although nothing failed; a file that really fails to load is still caught by the
        // test server (its HTTP status) and by the driver's failed-request events.
        if (target.rel === 'modulepreload') return;
        errors.push(`failed to load: ${target.src || target.href}`);
      } else {
        errors.push(`uncaught: ${event.message || text(event.error)}`);
      }
    },
    true,
  );
  addEventListener('unhandledrejection', (event) =>
    errors.push(`unhandled rejection: ${text(event.reason)}`),
  );
  document.addEventListener('securitypolicyviolation', (event) =>
    errors.push(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`),
  );
})();
