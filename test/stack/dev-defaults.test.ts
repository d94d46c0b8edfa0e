// Development defaults never reach production: the keeper or relayer started with one of Hardhat's
// published keys and the bot started with the repository's link secret or stand-in token both exit at
// start-up, naming the variable, on any chain but the local one (31337). The chain is a small
// JSON-RPC stand-in on loopback that answers eth_chainId with the chain under test.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { generatePrivateKey } from "viem/accounts";
import { hardhatDevKey, repoRoot } from "../../scripts/lib/chain.ts";
import { freePort } from "../../scripts/lib/ports.ts";
import { startProcess } from "../../scripts/lib/processes.ts";

const BASE_SEPOLIA = 84532;
const servers: Server[] = [];

/** A JSON-RPC endpoint that says it is chain `chainId`. */
async function chainStandIn(chainId: number): Promise<string> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const request = JSON.parse(body) as { id: number; method: string };
      res.setHeader("content-type", "application/json");
      const result = request.method === "eth_chainId" ? `0x${chainId.toString(16)}` : null;
      res.end(JSON.stringify({ jsonrpc: "2.0", id: request.id, result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts `args` with `env`; resolves with the exit code, or "running" if still up after `ms`. */
async function startUp(cwd: string, args: string[], env: Record<string, string>, ms = 15_000) {
  const output: string[] = [];
  const child = startProcess("under test", process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    onLine: (line) => output.push(line),
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await Promise.race([
      child.exited,
      new Promise<"running">((resolve) => {
        timer = setTimeout(() => resolve("running"), ms);
      }),
    ]);
    return { code, output: output.join("\n") };
  } finally {
    clearTimeout(timer);
    await child.stop();
  }
}

let baseSepolia = "";
let local = "";
before(async () => {
  [baseSepolia, local] = await Promise.all([chainStandIn(BASE_SEPOLIA), chainStandIn(31337)]);
});
after(() => {
  for (const server of servers) server.close();
});

describe("keeper", () => {
  const keeper = async (rpcUrl: string, key: string, ms?: number) =>
    startUp(
      repoRoot,
      ["scripts/keeper/src/main.ts"],
      {
        RPC_URL: rpcUrl,
        INDEXER_URL: "http://127.0.0.1:9", // never reached in these tests' first seconds
        KEEPER_PRIVATE_KEY: key,
        KEEPER_PORT: String(await freePort()),
        LOG_LEVEL: "error",
      },
      ms,
    );

  for (const index of [0, 7, 19]) {
    test(`Hardhat dev key #${index} is refused on chain ${BASE_SEPOLIA}, naming KEEPER_PRIVATE_KEY`, async () => {
      const { code, output } = await keeper(baseSepolia, hardhatDevKey(index));
      assert.equal(code, 1, output);
      assert.match(output, /KEEPER_PRIVATE_KEY: is one of Hardhat's published development keys/);
      assert.match(output, new RegExp(`chain ${BASE_SEPOLIA}`));
    });
  }

  test("the same key (upper-case hex) is still refused", async () => {
    const key = `0x${hardhatDevKey(19).slice(2).toUpperCase()}`;
    const { code, output } = await keeper(baseSepolia, key);
    assert.equal(code, 1, output);
    assert.match(output, /KEEPER_PRIVATE_KEY/);
  });

  test("a key of its own starts on that chain; the dev key starts on the local chain", async () => {
    assert.equal((await keeper(baseSepolia, generatePrivateKey(), 3_000)).code, "running");
    assert.equal((await keeper(local, hardhatDevKey(19), 3_000)).code, "running");
  });
});

describe("relayer", () => {
  test(`Hardhat dev key #18 is refused on chain ${BASE_SEPOLIA}, naming RELAYER_PRIVATE_KEY`, async () => {
    const { code, output } = await startUp(repoRoot, ["scripts/relayer/src/main.ts"], {
      RPC_URL: baseSepolia,
      DATABASE_URL: "postgres://gavel:gavel@127.0.0.1:9/gavel", // refused before it is reached
      RELAYER_PRIVATE_KEY: hardhatDevKey(18),
      RELAYER_PORT: String(await freePort()),
      LOG_LEVEL: "error",
    });
    assert.equal(code, 1, output);
    assert.match(output, /RELAYER_PRIVATE_KEY: is one of Hardhat's published development keys/);
    assert.match(output, new RegExp(`chain ${BASE_SEPOLIA}`));
  });
});

describe("bot", () => {
  const bot = async (env: Record<string, string>, ms?: number) =>
    startUp(
      `${repoRoot}/bot`,
      ["src/main.ts"],
      {
        BOT_TOKEN: "123456:AAH-abcdefghijklmnopqrstuvwxyz012345",
        BOT_API_ROOT: "http://127.0.0.1:9",
        DATABASE_URL: "postgres://gavel:gavel@127.0.0.1:9/gavel",
        LOG_LEVEL: "error",
        ...env,
      },
      ms,
    );
  const cases: [string, Record<string, string>, string][] = [
    [
      "the dev command's link secret on Base",
      { LINK_TOKEN_SECRET: "gavel-local-development-link-secret", CHAIN_ID: "8453" },
      "LINK_TOKEN_SECRET",
    ],
    [
      "the tests' link secret on Base Sepolia",
      { LINK_TOKEN_SECRET: "test-link-secret-0123456789", CHAIN_ID: String(BASE_SEPOLIA) },
      "LINK_TOKEN_SECRET",
    ],
    [
      "the dev link secret with no CHAIN_ID",
      { LINK_TOKEN_SECRET: "gavel-local-development-link-secret" },
      "LINK_TOKEN_SECRET",
    ],
    [
      "the dev command's stand-in bot token on Base",
      { BOT_TOKEN: "123456:local-development-token", CHAIN_ID: "8453" },
      "BOT_TOKEN",
    ],
  ];
  for (const [name, env, variable] of cases) {
    test(`${name} stops start-up naming ${variable}`, async () => {
      const { code, output } = await bot(env);
      assert.equal(code, 1, output);
      assert.match(
        output,
        new RegExp(`invalid configuration: .*${variable} is a published development value`),
      );
    });
  }
});
