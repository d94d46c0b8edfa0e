// The import-boundary check of `pnpm check`: dependency-cruiser with the rules in
// .dependency-cruiser.cjs over every part whose imports they govern. test/boundaries.test.ts runs
// the same command over planted violations.
import { join } from "node:path";
import { repoRoot } from "./chain.ts";

/** The folders and files the rules look at (relative to the repository root). */
export const BOUNDARY_ROOTS = [
  "indexer/src",
  "indexer/ponder.config.ts",
  "indexer/ponder.schema.ts",
  "web/src",
  "web/test",
  "web/bench",
  "bot",
  "contracts/sdk/src",
  "scripts/keeper/src",
  "scripts/relayer/src",
];

/** The depcruise command line: one line per violation ("error <rule>: <from> → <to>"). */
export function boundaryCheck(roots: string[] = BOUNDARY_ROOTS): [command: string, args: string[]] {
  return [
    process.execPath,
    [
      join(repoRoot, "node_modules/dependency-cruiser/bin/dependency-cruiser.mjs"),
      "--config",
      join(repoRoot, ".dependency-cruiser.cjs"),
      "--output-type",
      "err",
      ...roots,
    ],
  ];
}
