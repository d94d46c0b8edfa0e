// Unit tests (vitest 5): library code and Svelte components, `src/**/*.test.ts`. Kept apart from
// vite.config.ts so the SvelteKit plugin (routes, env, adapter) stays out of unit tests; the
// plain Svelte plugin compiles components, and `$app/*` modules are small stand-ins.
import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  resolve: {
    // Svelte's browser runtime (mount, effects) rather than its server renderer.
    conditions: ["browser"],
    alias: {
      "$app/state": fileURLToPath(new URL("./test/unit/app-state.svelte.ts", import.meta.url)),
      "$app/navigation": fileURLToPath(new URL("./test/unit/app-navigation.ts", import.meta.url)),
      "$app/env/public": fileURLToPath(new URL("./test/unit/app-env-public.ts", import.meta.url)),
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    setupFiles: ["./test/unit/setup.ts"],
    environment: "node",
  },
});
