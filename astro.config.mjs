// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { unified } from '@astrojs/markdown-remark';
import selfHostOrt from './scripts/ort-files.mjs';
import selfHostTfjsWasm from './scripts/tfjs-wasm-files.mjs';
import notebookKernel from './scripts/notebook-kernel.mjs';
import cellScope from './scripts/cell-scope/integration.mjs';
import labPages from './scripts/lab-pages.mjs';
import { siteCsp } from './scripts/csp.mjs';
import offline from './scripts/service-worker.mjs';
import { readGlossaryTerms, rehypeGlossaryLinks } from './src/lessons/glossary-linker.ts';
import { glossaryHref } from './src/lessons/glossary.ts';

// TL_OUT_DIR lets several builds (for example parallel test runs) live side by side.
const outDir = process.env.TL_OUT_DIR ?? './dist';

export default defineConfig({
  site: 'https://transfer-lab.example',
  outDir,
  cacheDir: process.env.TL_CACHE_DIR ?? './node_modules/.astro',
  // Old addresses keep working: the transfer-learning lesson became lessons 3 to 5, and text-to-text
  // became instruction-tuning (lesson 8).
  redirects: {
    '/lessons/transfer-learning/': '/lessons/what-is-transfer-learning/',
    '/lessons/text-to-text/': '/lessons/instruction-tuning/',
  },
  // A Content-Security-Policy <meta> on every page (scripts/csp.mjs says what each source is for).
  security: { csp: siteCsp() },
  markdown: {
    // Starlight highlights code blocks itself (Expressive Code); Astro's Shiki pass is unused.
    syntaxHighlight: false,
    // Lessons need maths (the distillation loss, LoRA's update): KaTeX renders it at build time.
    // Then the first use of each glossary term on a lesson page links to its entry (after KaTeX, so
    // rendered maths is recognisable and left alone).
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [
        rehypeKatex,
        rehypeGlossaryLinks({
          terms: readGlossaryTerms('./src/content/glossary'),
          href: glossaryHref,
          include: (path) => /[\\/]src[\\/]content[\\/]docs[\\/]lessons[\\/]/.test(path),
        }),
      ],
    }),
  },
  integrations: [
    // ONNX Runtime's wasm files are served by the site itself (public/ort/), never from a CDN.
    selfHostOrt(),
    // tfjs's WebAssembly backend (text training) likewise, from public/tfjs-wasm/.
    selfHostTfjsWasm(),
    // The code-cell kernel and its sandboxed frame (public/notebook/), see src/notebook/.
    notebookKernel(),
    // The names a code cell has in scope, as `virtual:cell-scope`: the API reference and the editor's completions.
    cellScope(),
    // Test and benchmark harness pages, only when TL_LAB_PAGES=1 (never in a reader's build).
    labPages(),
    starlight({
      title: 'Transfer Lab',
      description:
        'Interactive lessons on transfer learning, fine-tuning, FLAN-T5 and knowledge distillation that train real models in your browser.',
      customCss: ['katex/dist/katex.min.css', './src/styles/site.css'],
      sidebar: [
        { label: 'Start here', link: '/' },
        { label: 'Lessons', items: [{ autogenerate: { directory: 'lessons' } }] },
        {
          label: 'Reference',
          items: [
            { autogenerate: { directory: 'reference' } },
            { label: 'Code cell API', link: '/reference/api/' },
          ],
        },
      ],
      // Lesson pages show their objectives and prerequisites under the title.
      components: { PageTitle: './src/components/starlight/PageTitle.astro' },
      lastUpdated: false,
      pagination: true,
    }),
    // A service worker (Workbox) precaches the site shell and stores pages, models and data when first
    // used (scripts/service-worker.mjs). After Starlight, whose build step writes the search index.
    offline(),
  ],
  vite: {
    // transformers.js and onnxruntime-web ship their own workers and wasm; let Vite leave them alone.
    optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
    worker: { format: 'es' },
    build: {
      chunkSizeWarningLimit: 4096,
      // Fonts stay files (KaTeX's smallest would otherwise become a data: URL the CSP's font-src refuses).
      assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf)$/.test(file) ? false : undefined),
    },
  },
});
