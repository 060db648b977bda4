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
);
