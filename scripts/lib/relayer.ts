// The gasless-bid relayer (scripts/relayer) as a separate process for tests and benchmarks: on a
// free port (or the one given), wired to a chain, a database and a deployment, with a Hardhat
// development key as its gas key. Resolves once /health answers; fails with its output if it exits.
import { hardhatDevKey, repoRoot } from "./chain.ts";
import { freePort, waitFor } from "./ports.ts";
import { type Child, startProcess } from "./processes.ts";

export interface RelayerProcess {
  child: Child;
  url: string;
  /** Every line the relayer printed (JSON logs). */
  log: string[];
  stop(): Promise<void>;
}

export interface RelayerProcessOptions {
  rpcUrl: string;
  databaseUrl: string;
  /** GAVEL_ADDRESSES: contract name → address. */
  addresses: Record<string, string>;
  /** Which Hardhat development key pays the gas. */
  gasKey: number;
  port?: number;
  /** More environment (limits, RELAYER_ALLOWED_ORIGINS, …). */
  env?: Record<string, string>;
}

export async function startRelayerProcess(options: RelayerProcessOptions): Promise<RelayerProcess> {
  const port = options.port ?? (await freePort());
  const log: string[] = [];
  const child = startProcess("relayer", process.execPath, ["scripts/relayer/src/main.ts"], {
    cwd: repoRoot,
    env: {
      RPC_URL: options.rpcUrl,
      DATABASE_URL: options.databaseUrl,
      GAVEL_ADDRESSES: JSON.stringify(options.addresses),
      RELAYER_PRIVATE_KEY: hardhatDevKey(options.gasKey),
      RELAYER_PORT: String(port),
      ...options.env,
    },
    onLine: (line) => log.push(line),
  });
  let exited: number | string | undefined;
  void child.exited.then((code) => {
    exited = code;
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor("the relayer's /health", async () => (await fetch(`${url}/health`)).ok, {
      timeoutMs: 60_000,
      abort: () =>
        exited === undefined ? undefined : `the relayer exited (${exited}):\n${log.slice(-20).join("\n")}`,
    });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { child, url, log, stop: () => child.stop() };
}

/** POSTs a signed bid (the relayer's `POST /bids` body) and answers its status and JSON body. */
export async function postBid(
  relayerUrl: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${relayerUrl}/bids`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
