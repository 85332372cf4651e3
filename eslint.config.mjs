// Lint rules for the whole repository, run by `npm test` (npm run lint). Formatting is Prettier's
// (.prettierrc.json); import cycles are also refused by test/architecture/import-cycles.test.ts, which
// reads the same imports without a resolver.
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config({ ignores: ['dist/**', 'node_modules/**', '.wrangler/**', 'coverage/**', 'test/artifacts/**', '**/*.d.ts'] }, ...tseslint.configs.recommended, {
  plugins: { 'import-x': importX },
  rules: {
    // imports first, Node's and packages' before ours, each group sorted
    'import-x/first': 'error',
    'import-x/no-duplicates': 'error',
    'import-x/order': ['error', { groups: ['builtin', 'external', ['parent', 'sibling', 'index']], 'newlines-between': 'never', alphabetize: { order: 'asc', caseInsensitive: true } }],
    // `let x; const f = () => x; x = make(f);`: a later single assignment read by a closure made before it
    'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
  },
});
