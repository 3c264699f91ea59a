/** Unit specs live beside the code; end-to-end suites live in test/. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  // Nest 12 ships ESM only; it is transformed to CommonJS for Jest.
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|intl-messageformat|@formatjs)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/(config|persistence|queue|notifications|logging|scheduling|i18n|security|clock)$': '<rootDir>/libs/$1/src',
    '^@app/(config|persistence|queue|notifications|logging|scheduling|i18n|security|clock)/(.*)$': '<rootDir>/libs/$1/src/$2',
    '^@apps/(api|worker)$': '<rootDir>/apps/$1/src',
  },
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', rootDir: __dirname, testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  // A global option: Jest ignores it inside a project. Suites that wait on real delays raise it.
  testTimeout: 30_000,
};
