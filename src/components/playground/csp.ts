/**
 * The hosts a page with the Hub playground may connect to, on top of the site itself. A CSP <meta>
 * tag is fixed per page, so the Hub is allowed on the pages that offer a Hub model (the component
 * adds this directive through `Astro.csp`) and nowhere else; on those pages the reader's consent
 * (the size check before any download) is enforced by the playground, not by the policy.
 *
 * huggingface.co answers `resolve/` requests with redirects to its file CDNs (cdn-lfs*.huggingface.co,
 * cdn-lfs*.hf.co, cas-bridge.xethub.hf.co, regional *.cdn.hf.co hosts) and a CSP checks every hop.
 * Both domains belong to Hugging Face; the two wildcards keep downloads working when the Hub moves
 * files to a new CDN host. Loopback serves `?hub=http://127.0.0.1:PORT/` (a reader's local mirror,
 * and the end-to-end tests): requests that never leave the reader's machine.
 */
export const HUB_CONNECT_SOURCES = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'http://127.0.0.1:*',
  'http://localhost:*',
] as const;

export const HUB_CONNECT_DIRECTIVE = `connect-src 'self' ${HUB_CONNECT_SOURCES.join(' ')}` as const;
