import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    root: './',
    // Unit specs beside the code and the e2e specs under test/ run together.
    include: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
  },
});
