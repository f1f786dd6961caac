// The rules of docs/architecture.md that a machine can hold, and nothing else (no style rules: tsc and review do
// the rest). `npm test` runs this before the tests.
import tseslint from 'typescript-eslint';

const adapter = (folder) => `the domain never imports ${folder} (docs/architecture.md, Rules: dependencies point inward)`;

// Imports that hide time or randomness: use deps.clock / deps.random (src/platform/clock.ts, random.ts).
const cryptoSources = ['randomBytes', 'randomUUID', 'randomInt', 'getRandomValues'];
const nondeterministicImports = ['node:crypto', 'crypto'].map((name) => ({
  name,
  importNames: cryptoSources,
  message: 'randomness is injected: use deps.random (randomString, randomDigits, randomUuid in src/platform/random.ts).',
}));

// Store adapters are chosen by the composition root (src/cli/serve.ts through src/store/open.ts) only.
const storeAdapters = {
  regex: '(^|/)store/(sqlite|postgres)(/|$)|(^|/)store/open\\.js$',
  message: 'code depends on the store interfaces (src/store/types.ts); only the composition root picks an adapter.',
};

const domainPatterns = [
  { regex: '(^|/)http/', message: adapter('http/') },
  { regex: '(^|/)protocol/(?!model\\.js$)', message: adapter('protocol/ (protocol/model.ts for model facts is allowed)') },
  { regex: '(^|/)cli/', message: adapter('the CLI') },
  { regex: '(^|/)operations/', message: adapter('operations/ (operations call the domain, not the reverse)') },
  storeAdapters,
];

const time = 'time is injected: use deps.clock.now() (src/platform/clock.ts)';
const timeSyntax = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `${time}; new Date(ms) formats a known time` },
  { selector: "CallExpression[callee.name='Date']", message: time },
];
// Pool and app-client settings are read through their config modules, which give Cognito's defaults (issue 14).
const CONFIG_MODULES = ['src/domain/pools/config.ts', 'src/domain/clients/config.ts'];
const configCast = {
  selector: "TSAsExpression > MemberExpression.expression[property.name='config']",
  message: 'read pool settings through src/domain/pools/config.ts and client settings through src/domain/clients/config.ts, not a cast of .config',
};
const random = 'randomness is injected: use deps.random (src/platform/random.ts)';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'model/**'] },
  {
    files: ['src/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    // Time, randomness and the environment only in platform/ and config/ (tests next to the code may read them).
    files: ['src/**/*.ts'],
    ignores: ['src/platform/**', 'src/config/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: time },
        { object: 'Math', property: 'random', message: random },
        { object: 'crypto', property: 'randomBytes', message: random },
        { object: 'crypto', property: 'randomUUID', message: random },
        { object: 'crypto', property: 'randomInt', message: random },
        { object: 'crypto', property: 'getRandomValues', message: random },
        { object: 'process', property: 'env', message: 'only src/config/ reads the environment; pass values in' },
      ],
      'no-restricted-syntax': ['error', ...timeSyntax, configCast],
      'no-restricted-imports': ['error', { paths: nondeterministicImports, patterns: [storeAdapters] }],
    },
  },
  {
    // (ESLint replaces a rule's options per file, so each group of files lists every selector that applies to it.)
    files: CONFIG_MODULES,
    rules: { 'no-restricted-syntax': ['error', ...timeSyntax] },
  },
  {
    files: ['src/platform/**/*.ts', 'src/config/**/*.ts', 'src/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', configCast] },
  },
  {
    files: ['src/store/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: nondeterministicImports }] },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: nondeterministicImports, patterns: domainPatterns }] },
  },
  {
    // Unit tests beside domain code may use real time, but they still test the domain through its own imports.
    files: ['src/domain/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: domainPatterns }] },
  },
);
