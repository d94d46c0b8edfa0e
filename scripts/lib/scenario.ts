// Long on purpose: one end-to-end market scenario the indexer and bot suites replay; its steps share ids and state in order.
// Drives the real contracts with viem, as users would: Hardhat's well-known accounts list, bid,
// settle, ship, confirm, dispute, rule, review and withdraw. Used by the integration tests and
// the benchmarks. Time moves with evm_increaseTime + evm_mine (never hardhat_mine).

import { rpc } from "@gavel/scripts/lib/chain.ts";
import {
  bidAuthorizationTypedData,
  dutchAuctionHouseAbi,
  englishAuctionHouseAbi,
  gavelConfigAbi,
  readPermitDomain,
  rollingAuctionHouseAbi,
  sealedBidAuctionHouseAbi,
  sealedCommitment,
  testUSDCAbi,
} from "@gavel/sdk";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hash,
  type Hex,
  http,
  keccak256,
  maxUint256,
  parseEventLogs,
  parseUnits,
  type TransactionReceipt,
  toHex,
} from "viem";
import {
  generatePrivateKey,
  mnemonicToAccount,
  type PrivateKeyAccount,
  privateKeyToAccount,
} from "viem/accounts";
import { hardhat } from "viem/chains";

/** Hardhat's public development mnemonic: accounts 0..9 are funded by the local deploy. */
const MNEMONIC = "test test test test test test test test test test test junk";

export const usdc = (text: string) => parseUnits(text, 6);
export const hash32 = (text: string): Hex => keccak256(toHex(text));

export interface Addresses {
  TestUSDC: Address;
  GavelConfig: Address;
  EnglishAuctionHouse: Address;
  DutchAuctionHouse: Address;
  SealedBidAuctionHouse: Address;
  RollingAuctionHouse: Address;
}

/** The listing part every house's createAuction takes. */
function listingParams(o: {
  title: string;
  reservePrice: bigint;
  shipWindow?: number;
  confirmWindow?: number;
  disputeWindow?: number;
}) {
  return {
    title: o.title,
    metadataURI: `ipfs://meta/${encodeURIComponent(o.title)}`,
    metadataHash: hash32(o.title),
    reservePrice: o.reservePrice,
    shipWindow: o.shipWindow ?? 2 * HOUR,
    confirmWindow: o.confirmWindow ?? MIN_CONFIRM_WINDOW,
    disputeWindow: o.disputeWindow ?? 2 * HOUR,
  };
}

export interface EnglishOptions {
  title: string;
  startPrice?: bigint;
  reservePrice?: bigint;
  durationSeconds?: number;
  minIncrementBps?: number;
  extensionWindow?: number;
  maxExtensions?: number;
  shipWindow?: number;
  confirmWindow?: number;
  disputeWindow?: number;
}

/** The auction id of the `ListingCreated` in a creating receipt (every house emits the same event). */
function createdId(receipt: TransactionReceipt): bigint {
  const [created] = parseEventLogs({
    abi: englishAuctionHouseAbi,
    eventName: "ListingCreated",
    logs: receipt.logs,
  });
  if (!created) throw new Error("no ListingCreated in the receipt");
  return created.args.auctionId;
}

export const HOUR = 3600;
export const DAY = 86_400;
/** Every house's shortest confirm window (MIN_CONFIRM_WINDOW): the listings' default. */
export const MIN_CONFIRM_WINDOW = 3 * DAY;

export interface ScenarioOptions {
  /** Called with each transaction's receipt once it is mined (a test's check between steps). */
  afterEach?: (receipt: TransactionReceipt) => Promise<void>;
}

export function createScenario(rpcUrl: string, addresses: Addresses, options: ScenarioOptions = {}) {
  const transport = http(rpcUrl);
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 20 });
  const accounts = Array.from({ length: 10 }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }));
  const wallets = accounts.map((account) =>
    createWalletClient({ account, chain: hardhat, transport, pollingInterval: 20 }),
  );
  const house = addresses.EnglishAuctionHouse;

  /** Lowercase address of account `i` (as the API serves it). */
  const addr = (i: number) => (accounts[i] as (typeof accounts)[number]).address.toLowerCase() as Address;

  async function send(
    from: number,
    request: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] },
  ): Promise<TransactionReceipt> {
    const wallet = wallets[from];
    if (!wallet) throw new Error(`no account ${from}`);
    // biome-ignore lint/suspicious/noExplicitAny: one generic sender for every contract call of the scenario
    const hash: Hash = await wallet.writeContract(request as any);
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (receipt.status !== "success") throw new Error(`${request.functionName} reverted`);
    await options.afterEach?.(receipt);
    return receipt;
  }

  const houseCall = (from: number, functionName: string, args: readonly unknown[] = []) =>
    send(from, { address: house, abi: englishAuctionHouseAbi, functionName, args });

  async function now(): Promise<number> {
    const block = await publicClient.getBlock();
    return Number(block.timestamp);
  }

  /** Moves chain time forward by `seconds` and mines one block. */
  async function travel(seconds: number) {
    await rpc(rpcUrl, "evm_increaseTime", [seconds]);
    await rpc(rpcUrl, "evm_mine");
  }

  return {
    publicClient,
    accounts,
    addr,
    house,
    now,
    travel,
    send,
    /** Lets each account in `from` pay every house. */
    async approveAll(from: number[]) {
      const houses = [
        addresses.EnglishAuctionHouse,
        addresses.DutchAuctionHouse,
        addresses.SealedBidAuctionHouse,
        addresses.RollingAuctionHouse,
      ];
      for (const i of from) {
        for (const spender of houses) {
          await send(i, {
            address: addresses.TestUSDC,
            abi: testUSDCAbi,
            functionName: "approve",
            args: [spender, maxUint256],
          });
        }
      }
    },
    /** Creates an English auction; returns its id and the creating receipt. */
    async createEnglish(seller: number, o: EnglishOptions) {
      const startPrice = o.startPrice ?? usdc("10");
      const endTime = (await now()) + 5 + (o.durationSeconds ?? 600);
      const receipt = await houseCall(seller, "createAuction", [
        {
          title: o.title,
          metadataURI: `ipfs://meta/${encodeURIComponent(o.title)}`,
          metadataHash: hash32(o.title),
          reservePrice: o.reservePrice ?? startPrice,
          shipWindow: o.shipWindow ?? 2 * HOUR,
          confirmWindow: o.confirmWindow ?? MIN_CONFIRM_WINDOW,
          disputeWindow: o.disputeWindow ?? 2 * HOUR,
        },
        {
          startTime: 0,
          endTime,
          startPrice,
          minIncrementBps: o.minIncrementBps ?? 500,
          extensionWindow: o.extensionWindow ?? 0,
          maxExtensions: o.maxExtensions ?? 0,
        },
      ]);
      const [created] = parseEventLogs({
        abi: englishAuctionHouseAbi,
        eventName: "ListingCreated",
        logs: receipt.logs,
      });
      if (!created) throw new Error("no ListingCreated in the receipt");
      return { id: created.args.auctionId, receipt };
    },
    /** Creates a Dutch auction falling from `startPrice` to `floorPrice` over `decaySeconds`. */
    async createDutch(
      seller: number,
      o: {
        title: string;
        startPrice: bigint;
        floorPrice: bigint;
        decaySeconds: number;
        durationSeconds: number;
      },
    ) {
      const start = (await now()) + 1;
      const receipt = await send(seller, {
        address: addresses.DutchAuctionHouse,
        abi: dutchAuctionHouseAbi,
        functionName: "createAuction",
        args: [
          listingParams({ title: o.title, reservePrice: o.floorPrice }),
          {
            startTime: 0,
            endTime: start + o.durationSeconds,
            decayDuration: o.decaySeconds,
            startPrice: o.startPrice,
          },
        ],
      });
      return { id: createdId(receipt), receipt };
    },
    buy: (from: number, id: bigint, maxPrice: bigint) =>
      send(from, {
        address: addresses.DutchAuctionHouse,
        abi: dutchAuctionHouseAbi,
        functionName: "buy",
        args: [id, maxPrice],
      }),
    dutchSettle: (from: number, id: bigint) =>
      send(from, {
        address: addresses.DutchAuctionHouse,
        abi: dutchAuctionHouseAbi,
        functionName: "settle",
        args: [id],
      }),
    dutchPriceAt: (id: bigint, timestamp: bigint) =>
      publicClient.readContract({
        address: addresses.DutchAuctionHouse,
        abi: dutchAuctionHouseAbi,
        functionName: "priceAt",
        args: [id, timestamp],
      }),
    /** Creates a sealed-bid auction: commits for `commitSeconds`, reveals for `revealSeconds` more. */
    async createSealed(
      seller: number,
      o: {
        title: string;
        reservePrice: bigint;
        commitSeconds: number;
        revealSeconds: number;
        secondPrice: boolean;
        penaltyBps: number;
      },
    ) {
      const commitEnd = (await now()) + 1 + o.commitSeconds;
      const receipt = await send(seller, {
        address: addresses.SealedBidAuctionHouse,
        abi: sealedBidAuctionHouseAbi,
        functionName: "createAuction",
        args: [
          listingParams({ title: o.title, reservePrice: o.reservePrice }),
          {
            commitEnd,
            revealEnd: commitEnd + o.revealSeconds,
            unrevealedPenaltyBps: o.penaltyBps,
            pricing: o.secondPrice ? 1 : 0,
          },
        ],
      });
      return { id: createdId(receipt), receipt };
    },
    /** Commits `amount` (salt derived from `secret`) with `collateral` more escrow. */
    commit: (from: number, id: bigint, amount: bigint, secret: string, collateral: bigint) =>
      send(from, {
        address: addresses.SealedBidAuctionHouse,
        abi: sealedBidAuctionHouseAbi,
        functionName: "commit",
        args: [
          id,
          sealedCommitment({
            chainId: hardhat.id,
            house: addresses.SealedBidAuctionHouse,
            auctionId: id,
            bidder: (accounts[from] as (typeof accounts)[number]).address,
            amount,
            salt: hash32(secret),
          }),
          collateral,
        ],
      }),
    reveal: (from: number, id: bigint, amount: bigint, secret: string) =>
      send(from, {
        address: addresses.SealedBidAuctionHouse,
        abi: sealedBidAuctionHouseAbi,
        functionName: "reveal",
        args: [id, amount, hash32(secret)],
      }),
    sealedSettle: (from: number, id: bigint) =>
      send(from, {
        address: addresses.SealedBidAuctionHouse,
        abi: sealedBidAuctionHouseAbi,
        functionName: "settle",
        args: [id],
      }),
    returnCollateral: (from: number, id: bigint, bidder: Address) =>
      send(from, {
        address: addresses.SealedBidAuctionHouse,
        abi: sealedBidAuctionHouseAbi,
        functionName: "returnCollateral",
        args: [id, bidder],
      }),
    /** Creates a rolling listing of `units` rounds; its id is also round 1's. */
    async createRolling(
      seller: number,
      o: { title: string; startPrice: bigint; units: number; roundSeconds: number },
    ) {
      const receipt = await send(seller, {
        address: addresses.RollingAuctionHouse,
        abi: rollingAuctionHouseAbi,
        functionName: "createAuction",
        args: [
          listingParams({ title: o.title, reservePrice: o.startPrice }),
          {
            startPrice: o.startPrice,
            minIncrementBps: 500,
            roundDuration: o.roundSeconds,
            extensionWindow: 0,
            maxExtensions: 0,
            units: o.units,
          },
        ],
      });
      return { id: createdId(receipt), receipt };
    },
    rollingBid: (from: number, roundId: bigint, max: bigint) =>
      send(from, {
        address: addresses.RollingAuctionHouse,
        abi: rollingAuctionHouseAbi,
        functionName: "bid",
        args: [roundId, max],
      }),
    /** Settles a round; returns the receipt and the next round's id (0 when the listing ended). */
    async rollingSettle(from: number, roundId: bigint) {
      const receipt = await send(from, {
        address: addresses.RollingAuctionHouse,
        abi: rollingAuctionHouseAbi,
        functionName: "settle",
        args: [roundId],
      });
      const [started] = parseEventLogs({
        abi: rollingAuctionHouseAbi,
        eventName: "RollingRoundStarted",
        logs: receipt.logs,
      });
      return { receipt, nextRoundId: started?.args.roundId ?? 0n };
    },
    rollingStop: (from: number, listingId: bigint) =>
      send(from, {
        address: addresses.RollingAuctionHouse,
        abi: rollingAuctionHouseAbi,
        functionName: "stop",
        args: [listingId],
      }),
    /** `withdrawable` of `who` in `houseAddress`. */
    withdrawableIn: (houseAddress: Address, who: Address) =>
      publicClient.readContract({
        address: houseAddress,
        abi: englishAuctionHouseAbi,
        functionName: "withdrawable",
        args: [who],
      }),
    bid: (from: number, id: bigint, max: bigint) => houseCall(from, "bid", [id, max]),
    settle: (from: number, id: bigint) => houseCall(from, "settle", [id]),
    cancel: (from: number, id: bigint) => houseCall(from, "cancel", [id]),
    ship: (from: number, id: bigint, tracking: string) => houseCall(from, "ship", [id, hash32(tracking)]),
    confirm: (from: number, id: bigint) => houseCall(from, "confirm", [id]),
    release: (from: number, id: bigint) => houseCall(from, "release", [id]),
    reclaim: (from: number, id: bigint) => houseCall(from, "reclaim", [id]),
    refund: (from: number, id: bigint) => houseCall(from, "refund", [id]),
    openDispute: (from: number, id: bigint, evidence: string) =>
      houseCall(from, "openDispute", [id, hash32(evidence), `ipfs://evidence/${evidence}`]),
    /** The buyer adds `extension` seconds to a shipped deal's confirm window (once). */
    extendConfirmWindow: (from: number, id: bigint, extension: number) =>
      houseCall(from, "extendConfirmWindow", [id, BigInt(extension)]),
    rule: (from: number, id: bigint, buyerShareBps: number) => houseCall(from, "rule", [id, buyerShareBps]),
    resolveAfterTimeout: (from: number, id: bigint) => houseCall(from, "resolveAfterTimeout", [id]),
    review: (from: number, id: bigint, rating: number, text: string) =>
      houseCall(from, "review", [id, rating, hash32(text), `ipfs://review/${text}`]),
    withdraw: (from: number) => houseCall(from, "withdraw"),
    withdrawTo: (from: number, to: Address) => houseCall(from, "withdrawTo", [to]),
    sweepFees: (from: number, treasury: Address) => houseCall(from, "sweepFees", [treasury]),
    config: (from: number, functionName: string, args: readonly unknown[] = []) =>
      send(from, { address: addresses.GavelConfig, abi: gavelConfigAbi, functionName, args }),
    /** Pauses the platform (`from` holds PAUSER_ROLE: the deployer on a local chain). */
    pause: (from: number) =>
      send(from, { address: addresses.GavelConfig, abi: gavelConfigAbi, functionName: "pause" }),
    /** Unpauses; returns the receipt and the decoded `Unpaused` (pausedAt, pausedFor, pausedTotal). */
    async unpause(from: number) {
      const receipt = await send(from, {
        address: addresses.GavelConfig,
        abi: gavelConfigAbi,
        functionName: "unpause",
      });
      const [unpaused] = parseEventLogs({ abi: gavelConfigAbi, eventName: "Unpaused", logs: receipt.logs });
      if (!unpaused) throw new Error("no Unpaused in the receipt");
      return { receipt, ...unpaused.args };
    },
    getAuction: (id: bigint) =>
      publicClient.readContract({
        address: house,
        abi: englishAuctionHouseAbi,
        functionName: "getAuction",
        args: [id],
      }),
    getDeal: (id: bigint) =>
      publicClient.readContract({
        address: house,
        abi: englishAuctionHouseAbi,
        functionName: "getDeal",
        args: [id],
      }),
    /** TestUSDC in `who`'s wallet. */
    tokenBalance: (who: Address) =>
      publicClient.readContract({
        address: addresses.TestUSDC,
        abi: testUSDCAbi,
        functionName: "balanceOf",
        args: [who],
      }),
    /** A fresh wallet holding `funds` USDC (minted by account 0, the token's owner) and no ETH. */
    async gaslessWallet(funds = usdc("1000")) {
      const key = generatePrivateKey();
      const account = privateKeyToAccount(key);
      await send(0, {
        address: addresses.TestUSDC,
        abi: testUSDCAbi,
        functionName: "mint",
        args: [account.address, funds],
      });
      return { key, account };
    },
    /**
     * The relayer's `POST /bids` body (scripts/relayer) for `wallet`'s bid signed as an EIP-3009
     * authorization; `bound` is the maximum (English, rolling), the price (Dutch) or the commitment.
     */
    async signedBid(
      wallet: PrivateKeyAccount,
      kind: "english" | "rolling" | "dutch" | "sealed",
      id: bigint,
      bound: bigint | Hex,
      value: bigint,
      validBefore?: bigint,
    ): Promise<Record<string, string>> {
      const house = {
        english: addresses.EnglishAuctionHouse,
        rolling: addresses.RollingAuctionHouse,
        dutch: addresses.DutchAuctionHouse,
        sealed: addresses.SealedBidAuctionHouse,
      }[kind];
      const before = validBefore ?? BigInt((await now()) + HOUR);
      const domain = await readPermitDomain(publicClient, hardhat.id, addresses.TestUSDC);
      const signature = await wallet.signTypedData(
        bidAuthorizationTypedData({
          domain,
          house,
          id,
          bidder: wallet.address,
          value,
          bound,
          validBefore: before,
        }),
      );
      const field = kind === "dutch" ? "price" : kind === "sealed" ? "commitment" : "maximum";
      return {
        kind,
        house,
        id: id.toString(),
        bidder: wallet.address,
        [field]: typeof bound === "bigint" ? bound.toString() : bound,
        value: value.toString(),
        validBefore: before.toString(),
        signature,
      };
    },
    withdrawable: (who: Address) =>
      publicClient.readContract({
        address: house,
        abi: englishAuctionHouseAbi,
        functionName: "withdrawable",
        args: [who],
      }),
  };
}

export type Scenario = ReturnType<typeof createScenario>;
