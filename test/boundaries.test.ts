// The import-boundary check of `pnpm check` (scripts/lib/boundaries.ts, rules in
// .dependency-cruiser.cjs) fails on a violation and names the rule. A throw-away tree laid out like
// the repository gets one planted violation of each rule next to imports the rules allow; the
// check, run there with the repository's own configuration, must report exactly the planted ones.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { BOUNDARY_ROOTS, boundaryCheck } from "../scripts/lib/boundaries.ts";
import { repoRoot } from "../scripts/lib/chain.ts";
import { startProcess } from "../scripts/lib/processes.ts";

async function check(cwd: string, roots?: string[]): Promise<{ code: number | string; output: string }> {
  const lines: string[] = [];
  const [command, args] = boundaryCheck(roots);
  const child = startProcess("depcruise", command, args, { cwd, onLine: (line) => lines.push(line) });
  return { code: await child.exited, output: lines.join("\n") };
}

/** Files of the planted tree: path → source. */
const tree: Record<string, string> = {
  // Allowed: server-only code uses the server, Node and pg; routes' server files use lib/server.
  "web/src/lib/server/db.ts":
    'import { readFileSync } from "node:fs";\nimport pg from "pg";\nexport const db = [readFileSync, pg];\n',
  "web/src/routes/deals/+page.server.ts":
    'import { db } from "../../lib/server/db.ts";\nexport const load = () => db;\n',
  "web/src/routes/deals/+server.ts":
    'import { db } from "../../lib/server/db.ts";\nexport const GET = () => db;\n',
  "web/src/lib/format.ts": "export const format = (n: number) => String(n);\n",
  "web/src/lib/types.ts": 'import type { db } from "./server/db.ts";\nexport type Db = typeof db;\n',
  // Planted: browser code reaching the server, Node and pg; the web app importing the bot.
  "web/src/lib/planted-browser.ts":
    'import { readFileSync } from "node:fs";\nimport pg from "pg";\nimport { db } from "./server/db.ts";\nexport const planted = [readFileSync, pg, db];\n',
  "web/src/lib/server/planted-bot.ts":
    'import { thing } from "../../../../bot/src/thing.ts";\nexport const planted = thing;\n',
  // Planted: the bot importing the web app and scripts/.
  "bot/src/thing.ts": "export const thing = 1;\n",
  "bot/src/planted.ts":
    'import { format } from "../../web/src/lib/format.ts";\nimport { waitFor } from "../../scripts/lib/ports.ts";\nexport const planted = [format, waitFor];\n',
  // Allowed: tests and dev tools use the shared test infrastructure in scripts/.
  "bot/test/thing.test.ts":
    'import { waitFor } from "../../scripts/lib/ports.ts";\nexport const t = waitFor;\n',
  "scripts/lib/ports.ts": "export const waitFor = 1;\n",
  // The keeper may import its own package, never the rest of scripts/.
  "scripts/keeper/src/main.ts": 'import { keeper } from "./keeper.ts";\nexport const main = keeper;\n',
  "scripts/keeper/src/keeper.ts":
    'import { waitFor } from "../../lib/ports.ts";\nexport const keeper = waitFor;\n',
  // The relayer likewise: its own package yes, the keeper no.
  "scripts/relayer/src/main.ts":
    'import { relayer } from "./relayer.ts";\nimport { keeper } from "../../keeper/src/main.ts";\nexport const main = [relayer, keeper];\n',
  "scripts/relayer/src/relayer.ts": "export const relayer = 1;\n",
  // The sdk: link-token may use node:crypto; the browser-safe modules may not, nor import it.
  "contracts/sdk/src/link-token.ts":
    'import { createHmac } from "node:crypto";\nexport const tag = createHmac;\n',
  "contracts/sdk/src/planted.ts":
    'import { randomBytes } from "node:crypto";\nimport { tag } from "./link-token.ts";\nexport const planted = [randomBytes, tag];\n',
  "indexer/src/index.ts": "export {};\n",
  "node_modules/pg/package.json": '{ "name": "pg", "version": "0.0.0", "main": "index.js" }\n',
  "node_modules/pg/index.js": "module.exports = {};\n",
};

const planted = [
  "error browser-no-node-builtins: web/src/lib/planted-browser.ts → fs",
  "error browser-no-server-code: web/src/lib/planted-browser.ts → node_modules/pg/index.js",
  "error browser-no-server-code: web/src/lib/planted-browser.ts → web/src/lib/server/db.ts",
  "error web-not-bot: web/src/lib/server/planted-bot.ts → bot/src/thing.ts",
  "error bot-not-web: bot/src/planted.ts → web/src/lib/format.ts",
  "error services-not-scripts: bot/src/planted.ts → scripts/lib/ports.ts",
  "error operational-processes-own-package: scripts/keeper/src/keeper.ts → scripts/lib/ports.ts",
  "error operational-processes-own-package: scripts/relayer/src/main.ts → scripts/keeper/src/main.ts",
  "error sdk-browser-no-node-builtins: contracts/sdk/src/planted.ts → crypto",
  "error sdk-browser-safe: contracts/sdk/src/planted.ts → contracts/sdk/src/link-token.ts",
].sort();

describe("import boundaries (pnpm check)", { timeout: 120_000 }, () => {
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "gavel-boundaries-"));
    for (const [path, source] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), source);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("fail on each planted violation, naming its rule, and on nothing the rules allow", async () => {
    const { code, output } = await check(dir, [
      "web/src",
      "bot",
      "scripts/keeper/src",
      "scripts/relayer/src",
      "contracts/sdk/src",
      "indexer/src",
    ]);
    assert.notEqual(code, 0, output);
    const found = output
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.startsWith("error "))
      .sort();
    assert.deepEqual(found, planted, output);
  });

  test("pass on the repository as it is", async () => {
    const { code, output } = await check(repoRoot, BOUNDARY_ROOTS);
    assert.equal(code, 0, output);
    assert.match(output, /no dependency violations found/);
  });
});
