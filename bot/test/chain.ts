// Drives the deployed contracts with viem as users would, with Hardhat's well-known development
// accounts (funded with TestUSDC by the local Ignition module). Time moves with evm_increaseTime
// followed by evm_mine (Ponder rejects the parent hashes of hardhat_mine's batches).

import { rpc } from "@gavel/scripts/lib/chain.ts";
import {
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  gavelConfigAbi,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
  sealedCommitment,
  testUSDCAbi,
} from "@gavel/sdk";
import {
  type Abi,
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
  | "refund"
  | "extendConfirmWindow"
  | "rule";

export function chainDriver(rpcUrl: string, addresses: Record<string, `0x${string}`>) {
  const house = addresses.EnglishAuctionHouse;
  const token = addresses.TestUSDC;
  const {
    DutchAuctionHouse: dutch,
    SealedBidAuctionHouse: sealed,
    RollingAuctionHouse: rolling,
    GavelConfig: config,
  } = addresses;
  if (!house || !token || !dutch || !sealed || !rolling || !config)
    throw new Error("the deployment lacks a house or TestUSDC");
  const transport = http(rpcUrl);
  const client = createPublicClient({ chain: hardhat, transport, pollingInterval: 20 });
  const accounts = Array.from({ length: 10 }, (_, i) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }));
  const wallets = accounts.map((account) =>
    createWalletClient({ account, chain: hardhat, transport, pollingInterval: 20 }),
  );

  /** Sends a transaction and waits for it to be mined; returns the receipt. */
  async function write(
    from: number,
    call: { address: Address; abi: Abi },
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
  const listing = (title: string, reservePrice: bigint) => ({
    title,
    metadataURI: `ipfs://bot-test/${encodeURIComponent(title)}`,
    metadataHash: hash32(title),
    reservePrice,
    shipWindow: 2 * HOUR,
    confirmWindow: 3 * DAY,
    disputeWindow: 2 * HOUR,
  });
  /** The auction id of the ListingCreated in a creating receipt (every house emits it). */
  const createdId = (receipt: TransactionReceipt) => {
    const [created] = parseEventLogs({
      abi: englishAuctionHouseAbi,
      eventName: "ListingCreated",
      logs: receipt.logs,
    });
    if (!created) throw new Error("createAuction emitted no ListingCreated");
    return created.args.auctionId;
  };

  return {
    client,
    /** Lower-case address of development account `i`, as the indexer serves it. */
    address: (i: number) => accounts[i]!.address.toLowerCase() as Address,
    chainNow,
    async approve(from: number) {
      await write(from, { address: token, abi: testUSDCAbi }, "approve", [house, maxUint256]);
    },
    /** Lets `from` pay every house (English, Dutch, sealed, rolling). */
    async approveAll(from: number) {
      for (const spender of [house, dutch, sealed, rolling])
        await write(from, { address: token, abi: testUSDCAbi }, "approve", [spender, maxUint256]);
    },
    /** TestUSDC's owner (account 0) blocks or unblocks transfers to and from `account`. */
    blacklist: (account: number, on = true) =>
      write(0, { address: token, abi: testUSDCAbi }, on ? "blacklist" : "unBlacklist", [
        accounts[account]!.address,
      ]),
    /**
     * An English auction ending `durationSeconds` after the chain's latest block, or at the
     * absolute Unix time `endTime`.
     */
    async createEnglish(
      seller: number,
      title: string,
      startPrice: bigint,
      durationSeconds = 3_600,
      options: { endTime?: number } = {},
    ) {
      const receipt = await houseCall(seller, "createAuction", [
        {
          title,
          metadataURI: `ipfs://bot-test/${encodeURIComponent(title)}`,
          metadataHash: hash32(title),
          reservePrice: startPrice,
          shipWindow: 2 * HOUR,
          confirmWindow: 3 * DAY,
          disputeWindow: 2 * HOUR,
        },
        {
          startTime: 0,
          endTime: options.endTime ?? (await chainNow()) + durationSeconds,
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
    /** A Dutch auction falling from `startPrice` to `floorPrice` over `decaySeconds`. */
    async createDutch(
      seller: number,
      title: string,
      startPrice: bigint,
      floorPrice: bigint,
      decaySeconds: number,
    ) {
      const start = (await chainNow()) + 1;
      const receipt = await write(seller, { address: dutch, abi: dutchAuctionHouseAbi }, "createAuction", [
        listing(title, floorPrice),
        { startTime: 0, endTime: start + DAY, decayDuration: decaySeconds, startPrice },
      ]);
      return { id: createdId(receipt), receipt };
    },
    /** Buys a Dutch auction; returns the price paid (from AuctionSettled). */
    async buy(from: number, id: bigint, maxPrice: bigint) {
      const receipt = await write(from, { address: dutch, abi: dutchAuctionHouseAbi }, "buy", [id, maxPrice]);
      const [settled] = parseEventLogs({
        abi: dutchAuctionHouseAbi,
        eventName: "AuctionSettled",
        logs: receipt.logs,
      });
      if (!settled) throw new Error("buy emitted no AuctionSettled");
      return settled.args.price;
    },
    /** A first-price sealed-bid auction: commits for `commitSeconds`, reveals for an hour more. */
    async createSealed(seller: number, title: string, reservePrice: bigint, commitSeconds = 600) {
      const commitEnd = (await chainNow()) + 1 + commitSeconds;
      const receipt = await write(
        seller,
        { address: sealed, abi: sealedBidAuctionHouseAbi },
        "createAuction",
        [
          listing(title, reservePrice),
          { commitEnd, revealEnd: commitEnd + HOUR, unrevealedPenaltyBps: 1_000, pricing: 0 },
        ],
      );
      return { id: createdId(receipt), receipt, commitEnd, revealEnd: commitEnd + HOUR };
    },
    commit: (from: number, id: bigint, amount: bigint, secret: string, collateral: bigint) =>
      write(from, { address: sealed, abi: sealedBidAuctionHouseAbi }, "commit", [
        id,
        sealedCommitment({
          chainId: hardhat.id,
          house: sealed,
          auctionId: id,
          bidder: accounts[from]!.address,
          amount,
          salt: hash32(secret),
        }),
        collateral,
      ]),
    reveal: (from: number, id: bigint, amount: bigint, secret: string) =>
      write(from, { address: sealed, abi: sealedBidAuctionHouseAbi }, "reveal", [id, amount, hash32(secret)]),
    sealedSettle: (from: number, id: bigint) =>
      write(from, { address: sealed, abi: sealedBidAuctionHouseAbi }, "settle", [id]),
    /** A rolling listing of `units` rounds; its id is also round 1's. */
    async createRolling(
      seller: number,
      title: string,
      startPrice: bigint,
      units: number,
      roundSeconds = 600,
    ) {
      const receipt = await write(
        seller,
        { address: rolling, abi: rollingAuctionHouseAbi },
        "createAuction",
        [
          listing(title, startPrice),
          {
            startPrice,
            minIncrementBps: 500,
            roundDuration: roundSeconds,
            extensionWindow: 0,
            maxExtensions: 0,
            units,
          },
        ],
      );
      return { id: createdId(receipt), receipt };
    },
    rollingBid: (from: number, roundId: bigint, max: bigint) =>
      write(from, { address: rolling, abi: rollingAuctionHouseAbi }, "bid", [roundId, max]),
    /** Settles a round; returns the next round's id (0 when the listing ended). */
    async rollingSettle(from: number, roundId: bigint) {
      const receipt = await write(from, { address: rolling, abi: rollingAuctionHouseAbi }, "settle", [
        roundId,
      ]);
      const [started] = parseEventLogs({
        abi: rollingAuctionHouseAbi,
        eventName: "RollingRoundStarted",
        logs: receipt.logs,
      });
      return started?.args.roundId ?? 0n;
    },
    bid: (from: number, id: bigint, max: bigint) => houseCall(from, "bid", [id, max]),
    settle: (from: number, id: bigint) => houseCall(from, "settle", [id]),
    ship: (from: number, id: bigint) => houseCall(from, "ship", [id, hash32(`tracking-${id}`)]),
    confirm: (from: number, id: bigint) => houseCall(from, "confirm", [id]),
    withdraw: (from: number) => houseCall(from, "withdraw"),
    /** The buyer adds `seconds` to a shipped deal's confirm window (once). */
    extendConfirmWindow: (from: number, id: bigint, seconds: number) =>
      houseCall(from, "extendConfirmWindow", [id, BigInt(seconds)]),
    /** The arbiter (account 0 on a local deployment) gives the buyer `buyerShareBps` of a disputed deal. */
    rule: (from: number, id: bigint, buyerShareBps: number) => houseCall(from, "rule", [id, buyerShareBps]),
    /** Pauses or unpauses the platform (account 0 holds PAUSER_ROLE locally). */
    setPaused: (on: boolean) =>
      write(0, { address: config, abi: gavelConfigAbi }, on ? "pause" : "unpause", []),
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
