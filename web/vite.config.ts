import adapter from "@sveltejs/adapter-node";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";
import { z } from "zod";

// adapter-node 6 no longer reads ORIGIN at run time: the origin is a build-time option
// (`paths.origin`). When ORIGIN is unset, SvelteKit derives it from each request's Host header
// (and PROTOCOL_HEADER/HOST_HEADER behind a proxy).
const origin = z
  .url({ protocol: /^https?$/ })
  .optional()
  .safeParse(process.env.ORIGIN || undefined);
if (!origin.success) {
  throw new Error(`ORIGIN must be an http(s) URL such as https://gavel.example, got ${process.env.ORIGIN}`);
}

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter({ out: "build" }),
      paths: { origin: origin.data },
    }),
  ],
});
