import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

export default tseslint.config(
  {
    ignores: ['dist/', 'dist-*/', '.astro/', 'node_modules/', 'public/', 'bench/results/', 'test-results/'],
  },
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The architecture rule: only the ML library may talk to tfjs or transformers.js.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*', '@huggingface/transformers', 'onnxruntime-*'],
              message: 'Only src/lib/ may import tfjs or transformers.js: go through the library.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/lib/**', 'tests/**', 'scripts/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // The notebook runtime's layers (src/notebook/): reader code runs only in the kernel, inside the
  // sandboxed frame; the page talks to it through host/ and never loads the kernel's code itself.
  {
    files: ['src/components/**', 'src/notebook/host/**', 'src/pages/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*', '@huggingface/transformers', 'onnxruntime-*'],
              message: 'Only src/lib/ may import tfjs or transformers.js: go through the library.',
            },
            {
              group: ['**/notebook/kernel/**', '**/notebook/frame/**'],
              message:
                'The kernel and its frame run only inside the sandboxed frame (scripts/notebook-kernel.mjs bundles them); the page uses src/notebook/host/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/notebook/**', '**/components/**'],
              message: 'The ML library knows nothing of the notebook runtime or the widgets that use it.',
            },
          ],
        },
      ],
    },
  },
);
