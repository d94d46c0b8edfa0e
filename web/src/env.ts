import { defineEnvVars } from "@sveltejs/kit/env";
import { z } from "zod";
import { building } from "$app/env";

// Read and validated once, when the server starts (SvelteKit applies each schema in
// `server.init`). A bad value stops the server with "Invalid environment variables:" followed
// by the variable's name and what is wrong with it. Server code imports the values from
// `$app/env/private`, browser code the public ones from `$app/env/public`.
//
// `vite build` also runs the app once to analyse its routes, and validates the environment
// then too. Run-time-only variables are optional during that step so that a build needs no
// deployment config; the cast keeps their type as it is at run time, where they are required.

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const indexerUrl = httpUrl.transform((url) => url.replace(/\/+$/, ""));

export const variables = defineEnvVars({
  INDEXER_URL: {
    description: "Base URL of the Gavel indexer API, e.g. http://127.0.0.1:42069 (required).",
    schema: (building ? indexerUrl.optional() : indexerUrl) as typeof indexerUrl,
  },
  RPC_URL: {
    description: "JSON-RPC URL of the chain for server-side reads (optional; wallets bring their own).",
    schema: httpUrl.optional(),
  },
  PUBLIC_CHAIN_ID: {
    public: true,
    description: "EVM chain id the dApp works on (default 31337, the local Hardhat chain).",
    schema: z.coerce
      .number<string | undefined>({ error: "must be a chain id (a positive integer)" })
      .int({ error: "must be a chain id (a positive integer)" })
      .positive({ error: "must be a chain id (a positive integer)" })
      .default(31337),
  },
});
