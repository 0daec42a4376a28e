// Lint rules that catch bugs, not style (prettier owns the layout: `npm run format`).
//
// TypeScript files are linted with type information (the project service finds the root
// tsconfig.json, or web/tsconfig.json for the reception app) on top of eslint:recommended and
// typescript-eslint's recommended-type-checked set. Rules beyond or changed from those sets:
//
// - no-floating-promises, no-misused-promises, await-thenable (named so they stay on): a dropped
//   promise hides a failed send or a store write that never landed; one that runs on its own on
//   purpose is written `void …` with a comment saying why.
// - no-misused-promises, checksVoidReturn for arguments and JSX attributes off: timers, fastify
//   parsers and React handlers take async callbacks by design, and each catches its own errors;
//   conditionals and spreads of a promise are still errors.
// - no-unused-vars: arguments after the last used one count; `_` names, a destructure's rest
//   siblings and an unused `catch (e)` (the ES5 join page cannot omit it) are deliberate.
// - no-unnecessary-type-assertion: an `as` or `!` that changes nothing hides the next real
//   change of type. Works with tsconfig's noUncheckedIndexedAccess, which makes `list[i]!` mean
//   "checked by hand" instead of noise.
// - switch-exhaustiveness-check (in no preset): a new message kind, role or state must reach
//   every switch over it; a `default` branch counts as handling the rest.
// - only-throw-error, prefer-promise-reject-errors: errors carry a stack and a code; throwing or
//   rejecting with a string or plain object loses both. Rethrowing a caught `unknown` is allowed.
// - no-explicit-any off: the few explicit `any`s are deliberate (bad-input config tests, a plugin
//   descriptor's variance); strict tsc already forbids implicit ones.
// - no-unsafe-assignment/-member-access/-call/-return/-argument off: JSON bodies, FHIR resources and
//   ajv-validated options are loosely typed at the edges on purpose; about 250 hits, no bug found.
// - require-await off: an async method without await is how a promise-returning port is
//   implemented synchronously (fakes, simulators); 185 hits, no bug found.
// - restrict-template-expressions allows numbers and booleans (log lines print them on purpose).
// - no-redundant-type-constituents off: `'delivered' | … | string` keeps editor hints for the
//   known values of an open set.
// - unbound-method off: its 10 hits were all safe (contract suites calling optional port
//   methods with `.call(…)`, `apply` with the owner, closures typed as methods, tests comparing
//   method references); it cannot tell an arrow-function property from a method.
// - In tests: no-unused-expressions off (chai's `expect(x).to.be.true`), and stand-ins may print
//   loosely typed JSON fields in templates.

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Arguments after the last used one, `_` names and a destructure's rest siblings are deliberate;
// so is an unused `catch (e)` (the ES5 join page cannot omit the binding).
const UNUSED_VARS = {
  args: 'after-used',
  argsIgnorePattern: '^_',
  varsIgnorePattern: '^_',
  caughtErrors: 'none',
  ignoreRestSiblings: true,
};

const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  URL: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  fetch: 'readonly',
  AbortController: 'readonly',
  AbortSignal: 'readonly',
};

const browserGlobals = {
  window: 'readonly',
  document: 'readonly',
  navigator: 'readonly',
  location: 'readonly',
  console: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  Promise: 'readonly',
  OpenVidu: 'readonly',
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'web/src/api/schema.d.ts',
      'web/src/api/fleet-schema.d.ts',
      'examples/**',
      'test-output/**',
      'data/**',
      '.clinic-arrivals/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', UNUSED_VARS],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Tests and their stand-ins: chai's property assertions (`expect(x).to.be.true`) are
    // expressions, and stand-ins print loosely typed JSON fields on purpose.
    files: ['test/**/*.ts', '**/*.test.ts', 'core/testing/**/*.ts', 'packages/plugin-kit/src/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // Plain JavaScript is in no tsconfig: the recommended rules only, without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
    rules: { 'no-unused-vars': ['error', UNUSED_VARS] },
  },
  {
    // The video join page and the join gate's page are ES5 browser scripts (old phones must
    // reach their "unsupported" message).
    files: ['plugins/video-openvidu/join-page/static/**/*.js', 'plugins/proxy-default/server/verify-page/static/**/*.js'],
    languageOptions: { sourceType: 'script', ecmaVersion: 5, globals: browserGlobals },
  },
);
