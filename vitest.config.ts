import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Tests spawn git and write temp folders; separate processes keep them from sharing state.
    pool: 'forks',
  },
});
