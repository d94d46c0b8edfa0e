// Drives the deployed contracts with viem as users would, with Hardhat's well-known development
// accounts (funded with TestUSDC by the local Ignition module). Time moves with evm_increaseTime
// followed by evm_mine (Ponder rejects the parent hashes of hardhat_mine's batches).
import { englishAuctionHouseAbi, testUSDCAbi } from "@gavel/contracts";
import { rpc } from "@gavel/scripts/lib/chain.ts";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  maxUint256,
  parseEventLogs,
  type TransactionReceipt,
  toHex,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

const DEV_MNEMONIC = "test test test test test test test test test test test junk";
const HOUR = 3_600;
const DAY = 86_400;

export type EnglishCall =
  | "bid"
  | "settle"
  | "ship"
  | "confirm"
  | "withdraw"
  | "openDispute"
  | "createAuction"
  | "refund";

export function chainDriver(rpcUrl: string, addresses: Record<string, `0x${string}`>) {
  const house = addresses.EnglishAuctionHouse;
  const token = addresses.TestUSDC;
  if (!house || !token) throw new Error("the deployment has no EnglishAuctionHouse or TestUSDC");
  const transport = http(rpcUrl);
  const client = createPublicClient({ chain: hardhat, transport, pollingInterval: 20 });
  const accounts = Array.from({ length: 10 }, (_, i) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }));
  const wallets = accounts.map((account) =>
    createWalletClient({ account, chain: hardhat, transport, pollingInterval: 20 }),
  );

  /** Sends a transaction and waits for it to be mined; returns the receipt. */
  async function write(
    from: number,
    call: { address: Address; abi: typeof englishAuctionHouseAbi | typeof testUSDCAbi },
    functionName: string,
    args: readonly unknown[],
  ): Promise<TransactionReceipt> {
    const wallet = wallets[from];
    if (!wallet) throw new Error(`no development account ${from}`);
    // viem's writeContract is typed per function name; this helper takes any of them.
    const hash = await wallet.writeContract({ ...call, functionName, args } as never);
    const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
    return receipt;
  }
  const houseCall = (from: number, functionName: EnglishCall, args: readonly unknown[] = []) =>
    write(from, { address: house, abi: englishAuctionHouseAbi }, functionName, args);
  const hash32 = (text: string): Hex => keccak256(toHex(text));
  const chainNow = async () => Number((await client.getBlock()).timestamp);

  return {
    client,
    /** Lower-case address of development account `i`, as the indexer serves it. */
    address: (i: number) => accounts[i]!.address.toLowerCase() as Address,
    chainNow,
    async approve(from: number) {
      await write(from, { address: token, abi: testUSDCAbi }, "approve", [house, maxUint256]);
    },
    async createEnglish(seller: number, title: string, startPrice: bigint, durationSeconds = 3_600) {
      const receipt = await houseCall(seller, "createAuction", [
        {
          title,
          metadataURI: `ipfs://bot-test/${encodeURIComponent(title)}`,
          metadataHash: hash32(title),
          reservePrice: startPrice,
          shipWindow: 2 * HOUR,
          confirmWindow: DAY,
          disputeWindow: 2 * HOUR,
        },
        {
          startTime: 0,
          endTime: (await chainNow()) + durationSeconds,
          startPrice,
          minIncrementBps: 500,
          extensionWindow: 0,
          maxExtensions: 0,
        },
      ]);
      const [created] = parseEventLogs({
        abi: englishAuctionHouseAbi,
        eventName: "ListingCreated",
        logs: receipt.logs,
      });
      if (!created) throw new Error("createAuction emitted no ListingCreated");
      return { id: created.args.auctionId, receipt };
    },
    bid: (from: number, id: bigint, max: bigint) => houseCall(from, "bid", [id, max]),
    settle: (from: number, id: bigint) => houseCall(from, "settle", [id]),
    ship: (from: number, id: bigint) => houseCall(from, "ship", [id, hash32(`tracking-${id}`)]),
    confirm: (from: number, id: bigint) => houseCall(from, "confirm", [id]),
    withdraw: (from: number) => houseCall(from, "withdraw"),
    openDispute: (from: number, id: bigint) =>
      houseCall(from, "openDispute", [id, hash32(`evidence-${id}`), `ipfs://evidence/${id}`]),
    /** Moves chain time forward and mines one block. */
    async travel(seconds: number) {
      await rpc(rpcUrl, "evm_increaseTime", [seconds]);
      await rpc(rpcUrl, "evm_mine");
    },
  };
}
export type ChainDriver = ReturnType<typeof chainDriver>;
