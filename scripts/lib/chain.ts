// A local Hardhat chain and the Gavel deployment on it, for the dev command and tests.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { waitFor } from "./ports.ts";
import { type Child, run, type StartOptions, startProcess } from "./processes.ts";

export const repoRoot = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const bin = (tool: string) => join(repoRoot, "node_modules/.bin", tool);

export interface HardhatNode {
  url: string;
  port: number;
  child: Child;
  stop(): Promise<void>;
}

/** JSON-RPC call with plain fetch (no client needed for readiness checks and test cheats). */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Starts `hardhat node` on 127.0.0.1:`port` and waits until it answers. */
export async function startHardhatNode(
  port: number,
  onLine?: (line: string) => void,
  options: Pick<StartOptions, "niceness"> = {},
): Promise<HardhatNode> {
  const url = `http://127.0.0.1:${port}`;
  const child = startProcess(
    "hardhat node",
    bin("hardhat"),
    ["node", "--hostname", "127.0.0.1", "--port", String(port)],
    { cwd: repoRoot, onLine, ...options },
  );
  let exited: string | undefined;
  void child.exited.then((code) => {
    exited = `hardhat node exited (${code}) before it answered`;
  });
  await waitFor(
    `the Hardhat node on ${url}`,
    async () => (await rpc<string>(url, "eth_chainId")) !== undefined,
    {
      abort: () => exited,
    },
  );
  return { url, port, child, stop: () => child.stop() };
}

export interface Deployment {
  chainId: number;
  /** Contract name → address, from Ignition's deployed_addresses.json. */
  addresses: Record<string, `0x${string}`>;
  deploymentId: string;
}

/**
 * Deploys Gavel's local Ignition module to `rpcUrl`. Tests pass their own `deploymentId` so
 * that parallel runs never share Ignition's state folder; the dev command uses the default.
 */
export async function deployLocal(
  rpcUrl: string,
  {
    deploymentId,
    reset = true,
    onLine,
  }: { deploymentId?: string; reset?: boolean; onLine?: (l: string) => void } = {},
): Promise<Deployment> {
  const chainId = Number.parseInt(await rpc<string>(rpcUrl, "eth_chainId"), 16);
  const id = deploymentId ?? `chain-${chainId}`;
  const args = ["ignition", "deploy", "ignition/modules/GavelLocal.ts", "--network", "localhost"];
  if (deploymentId) args.push("--deployment-id", deploymentId);
  if (reset) args.push("--reset");
  // One deploy at a time per checkout: `ignition deploy` first runs Hardhat's build, and two builds
  // at once race on cache/compile-cache.json (seen when test files deploy in parallel).
  await withRepoLock("deploy", () =>
    run(bin("hardhat"), args, { cwd: repoRoot, env: { RPC_URL: rpcUrl }, onLine }),
  );
  return { chainId, addresses: readDeployment(id), deploymentId: id };
}

/**
 * Runs `work` while holding a lock shared by every process using this checkout (an atomic
 * `mkdir` under cache/); a lock older than `staleMs` is left by a killed process and taken over.
 */
export async function withRepoLock<T>(name: string, work: () => Promise<T>, staleMs = 180_000): Promise<T> {
  mkdirSync(join(repoRoot, "cache"), { recursive: true });
  const lock = join(repoRoot, "cache", `gavel-${name}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function readDeployment(deploymentId: string): Record<string, `0x${string}`> {
  const file = join(repoRoot, "ignition/deployments", deploymentId, "deployed_addresses.json");
  if (!existsSync(file)) throw new Error(`no Ignition deployment at ${file}`);
  const futures: Record<string, `0x${string}`> = JSON.parse(readFileSync(file, "utf8"));
  return Object.fromEntries(
    Object.entries(futures).map(([future, address]) => [future.split("#").pop(), address]),
  );
}

/** Removes a test deployment's Ignition state. */
export function forgetDeployment(deploymentId: string): void {
  rmSync(join(repoRoot, "ignition/deployments", deploymentId), { recursive: true, force: true });
}

/** Private key of Hardhat's well-known development account `index` (public test mnemonic). */
export function hardhatDevKey(index: number): `0x${string}` {
  const key = mnemonicToAccount("test test test test test test test test test test test junk", {
    addressIndex: index,
  }).getHdKey().privateKey;
  if (!key) throw new Error("could not derive the development key");
  return toHex(key);
}
