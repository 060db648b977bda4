// @ts-check
/**
 * The harness pages the tests and benchmarks drive (/lab/bench/, /lab/claims/, /lab/text/, in
 * src/lab/) are built only when TL_LAB_PAGES=1: Playwright's web server, `npm run bench` and
 * `npm run measure:text` set it. A reader's `npm run build` ships none of them.
 */
/** @returns {import('astro').AstroIntegration} */
export default function labPages() {
  return {
    name: 'transfer-lab:lab-pages',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        if (process.env.TL_LAB_PAGES !== '1') return;
        for (const name of ['bench', 'claims', 'text']) {
          injectRoute({ pattern: `/lab/${name}`, entrypoint: `./src/lab/${name}.astro` });
        }
      },
    },
  };
}
