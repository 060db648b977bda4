// @ts-check
/**
 * An Astro integration that serves the cell scope (scope.mjs) to the site as the module
 * `virtual:cell-scope`: the API reference page (src/pages/reference/api.astro) and the cell
 * editor's completions (src/components/notebook/completions.ts) both read it, so neither can drift
 * from the library. Read once per build (a few seconds of TypeScript), on first use.
 */
import { readScope } from './scope.mjs';

const ID = 'virtual:cell-scope';
const RESOLVED = `\0${ID}`;

/** @returns {import('astro').AstroIntegration} */
export default function cellScope() {
  /** @type {string | null} */
  let cached = null;
  return {
    name: 'transfer-lab:cell-scope',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'transfer-lab:cell-scope',
                resolveId: (id) => (id === ID ? RESOLVED : null),
                load(id) {
                  if (id !== RESOLVED) return null;
                  if (cached === null || this.meta.watchMode) {
                    const { entries, tfMembers } = readScope();
                    cached = `export const entries = ${JSON.stringify(entries)};\nexport const tfMembers = ${JSON.stringify(tfMembers)};\n`;
                  }
                  return cached;
                },
              },
            ],
          },
        });
      },
    },
  };
}
