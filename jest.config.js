/**
 * Two depths: unit specs beside the code (no database), and HTTP tests in test/ against the
 * real app on a real PostgreSQL database created for the run (embedded unless
 * TEST_DATABASE_URL or DATABASE_URL names a server).
 */
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };

/** @type {import('jest').Config} */
module.exports = {
  maxWorkers: 2,
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform,
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
    {
      displayName: 'http',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      moduleFileExtensions: ['ts', 'js', 'json'],
      // The SDK's sources import each other as ES modules do, with `.js` extensions.
      moduleNameMapper: {
        '^(\\.{1,2}/(?:.*/)?(?:[\\w-]+\\.gen|index|api-error|api-error-of|configure-client|session))\\.js$':
          '$1',
      },
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFiles: [
        // Before anything loads onnxruntime-node (the app loads the prediction model at start).
        '<rootDir>/src/predictions/ml/testing/onnxruntime-jest-realm.ts',
        '<rootDir>/test/setup/env.ts',
        '<rootDir>/test/setup/openapi-response-validation.ts',
      ],
    },
  ],
};
