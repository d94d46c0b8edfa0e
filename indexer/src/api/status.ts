// /api/ready: "caught up" readiness.
import { publicClients } from "ponder:api";
import { getReady } from "./routes.ts";
import { indexingState, noteFreshness, resourceApp } from "./runtime.ts";

export const status = resourceApp();

/** 200 once the backfill is done and the last indexed block is the chain's head; 503 before. */
status.openapi(getReady, async (c) => {
  // A raw eth_getBlockByNumber("latest"): viem's getBlockNumber may answer from its cache, and
  // the head's timestamp lets clients (the bot's lag metrics) measure lag in seconds too.
  const [state, head] = await Promise.all([
    indexingState(),
    publicClients.chain.request({ method: "eth_getBlockByNumber", params: ["latest", false] }),
  ]);
  if (!head?.number) throw new Error("the node returned no latest block");
  const headBlock = Number(BigInt(head.number));
  noteFreshness(state); // what the read routes see from now on is at least this fresh
  const ready = state.ready && state.indexedBlock !== null && state.indexedBlock >= headBlock;
  const body = {
    ready,
    indexedBlock: state.indexedBlock,
    headBlock,
    indexedTimestamp: state.indexedBlock === null ? null : Number(state.indexedTimestamp),
    headTimestamp: Number(BigInt(head.timestamp)),
  };
  return ready ? c.json(body, 200) : c.json(body, 503);
});
