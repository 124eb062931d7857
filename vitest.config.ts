import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [{
    // Dependencies load as Node loads them for users, not their `development` builds (which Vite's default
    // conditions pick when NODE_ENV is not production): micromark's development build asserts internal invariants
    // that its production build, the one fanjian bundles, never checks, so a test would fail on what users never see.
    name: 'production-dependencies',
    configResolved(config) {
      for (const conditions of [config.ssr.resolve?.conditions, config.environments?.ssr?.resolve?.conditions]) {
        if (!conditions) continue;
        for (let i = conditions.length - 1; i >= 0; i--) {
          if (conditions[i] === 'development|production' || conditions[i] === 'development') conditions.splice(i, 1);
        }
      }
    },
  }],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
