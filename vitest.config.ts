import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The Discord end-to-end suites each start a fake Discord and a real client; on a 2-core
    // machine running them all at once makes timing-sensitive fault tests flaky.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
