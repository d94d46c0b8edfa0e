// A block that a reorg took away while Ponder was reading it. Ponder's live sync reads a new head
// in two requests: the block (eth_getBlockByNumber "latest"), then its logs (eth_getLogs by
// blockHash). When the chain reorganises between the two, the node no longer has that hash and
// answers an error (Hardhat: "blockHash cannot be found"; geth: "unknown block"), and Ponder 0.16
// retries that request nine times with doubling back-off: about 64 s in which nothing new is
// indexed, though the next poll of "latest" would find the new branch at once (a chaos run's reorg
// took 91 s to recover from, another 128 s). This wrapper answers that one case with an error
// Ponder does not retry, so its live sync gives up on the vanished block and polls again.
// (Ponder only accepts a Transport, a URL or URLs; the wrapper is given every Transport the
// indexer makes, see ponder.config.ts.) Only the indexer needs it: other processes do not fetch
// logs by block hash.
import { type EIP1193RequestFn, HttpRequestError, type Transport } from "viem";

/** The node's own words for "I have no block with that hash" (Hardhat, geth, Erigon, Alchemy, …). */
const UNKNOWN_BLOCK = /unknown block|cannot be found|not found/i;

/** Whether a JSON-RPC request asks for the logs of one block by its hash. */
function isLogsByBlockHash(method: string, params: unknown): boolean {
  if (method !== "eth_getLogs" || !Array.isArray(params)) return false;
  const filter = params[0] as { blockHash?: unknown } | undefined;
  return typeof filter?.blockHash === "string";
}

/** The messages of an error and its causes (viem wraps the node's answer in one or two layers). */
function messagesOf(error: unknown): string[] {
  const messages: string[] = [];
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { message, details, cause } = e as { message?: unknown; details?: unknown; cause?: unknown };
    if (typeof details === "string") messages.push(details);
    if (typeof message === "string") messages.push(message);
    e = cause;
  }
  return messages;
}

/**
 * Whether `error` is the node saying it has no block with the hash asked for. Only a JSON-RPC
 * answer counts (an error with a numeric `code`): a failed connection or a timeout is retried.
 */
export function isUnknownBlockAnswer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "number") return false;
  return messagesOf(error).some((text) => UNKNOWN_BLOCK.test(text));
}

/**
 * The logs of a block the node no longer has. An HttpRequestError with status 404 is what
 * Ponder 0.16's retry rule treats as final ("Not Found"); the block is indeed not found.
 */
export class BlockGoneError extends HttpRequestError {
  constructor(blockHash: string, answer: unknown) {
    super({
      url: "eth_getLogs",
      status: 404,
      details: `block ${blockHash} is not on the node's chain, a reorg replaced it (the node: "${messagesOf(answer)[0]}")`,
    });
    Object.defineProperty(this, "name", { value: "BlockGoneError" });
  }
}

/** `transport`, except that the logs of a block the node no longer has fail at once (see above). */
export function reorgAware(transport: Transport): Transport {
  return (params) => {
    const inner = transport(params);
    const request = (async (args, options) => {
      try {
        return await inner.request(args, options);
      } catch (error) {
        if (isLogsByBlockHash(args.method, args.params) && isUnknownBlockAnswer(error)) {
          const blockHash = String((args.params as [{ blockHash: string }])[0].blockHash);
          throw new BlockGoneError(blockHash, error);
        }
        throw error;
      }
    }) as EIP1193RequestFn;
    return { ...inner, request };
  };
}
