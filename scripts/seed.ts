// The demo seed: on a fresh local chain, a believable marketplace made the way users make it —
// through the contracts, never by writing a database. Hardhat's well-known accounts 1–4 sell,
// 5–8 bid (and 3 buys too); account 0 (admin and arbiter on the local deployment) rules a
// dispute. With the web app's URL, each seller signs in with Sign-In-With-Ethereum, uploads
// pictures drawn in code and stores the listing's metadata exactly as the Sell page does.
//
// Afterwards: English auctions with proxy bids (one about to end), Dutch prices falling, a
// sealed-bid auction in its commit phase and one in its reveal phase, a rolling listing with a
// round running, and deals in every state (paid, shipped, completed, refunded, disputed,
// resolved) with reviews. Time moves with evm_increaseTime + evm_mine only, by as little as the
// shortest auction allows (about five minutes), so chain time stays close to the wall clock.
//
//   node scripts/seed.ts                         # RPC_URL (default http://127.0.0.1:8545), WEB_URL optional
//   RPC_URL=… WEB_URL=http://127.0.0.1:5173 GAVEL_ADDRESSES='{"TestUSDC":"0x…",…}' node scripts/seed.ts
import { createHash } from "node:crypto";
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
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  maxUint256,
  parseEventLogs,
  parseUnits,
  type TransactionReceipt,
  toHex,
} from "viem";
import { type HDAccount, mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { createSiweMessage } from "viem/siwe";
import { z } from "zod";
import { type ArtKind, drawProduct, hex, type Palette } from "./lib/demo-art.ts";

/** Hardhat's public development mnemonic. Its keys are known to everyone: test chains only. */
const MNEMONIC = "test test test test test test test test test test test junk";
const HOUR = 3600;
const DAY = 86_400;
const usdc = (decimal: string) => parseUnits(decimal, 6);
const sha256 = (bytes: Uint8Array | string): Hex => `0x${createHash("sha256").update(bytes).digest("hex")}`;

export interface SeedAddresses {
  TestUSDC: Address;
  GavelConfig: Address;
  EnglishAuctionHouse: Address;
  DutchAuctionHouse: Address;
  SealedBidAuctionHouse: Address;
  RollingAuctionHouse: Address;
}

export interface SeedOptions {
  rpcUrl: string;
  /** Contract name → address (as in GAVEL_ADDRESSES / Ignition's deployed_addresses.json). */
  addresses: SeedAddresses | Record<string, string>;
  /** The web app; when set, pictures and metadata are uploaded there as each seller. */
  webUrl?: string | undefined;
  log?: (line: string) => void;
}

export interface DemoAccount {
  index: number;
  address: Address;
  privateKey: Hex;
  role: string;
}

/** What the seed made, by role, so tests and the printout can name it. Ids are decimal strings. */
export interface SeedResult {
  seconds: number;
  /** "uploaded": pictures and metadata are on the web app; "none": no web app, no metadata. */
  media: "uploaded" | "none";
  /** Chain time minus wall-clock time after the seed, in seconds. */
  clockAheadSeconds: number;
  auctions: {
    englishLive: string;
    englishEndingSoon: string;
    englishFresh: string;
    englishBike: string;
    dutchChair: string;
    dutchLamp: string;
    sealedCommit: string;
    sealedReveal: string;
    rollingListing: string;
    rollingRound: string;
  };
  deals: {
    paid: string;
    shipped: string;
    completed: string;
    completedDutch: string;
    completedRolling: string;
    refunded: string;
    disputed: string;
    resolved: string;
  };
  accounts: DemoAccount[];
}

/** Who is who in the demo (Hardhat's well-known accounts). */
const ROLES: Record<number, string> = {
  0: "deployer, admin and arbiter",
  1: "seller: Ada — film cameras",
  2: "seller: Ben — watches and audio",
  3: "seller and buyer: Chloe — prints, ceramics, coffee",
  4: "seller: Dan — guitars, keyboards, furniture",
  5: "bidder",
  6: "bidder",
  7: "bidder",
  8: "bidder",
  9: "treasury (receives the 2.5 % fee)",
  19: "keeper (gas only)",
};

function hardhatAccount(index: number): HDAccount {
  return mnemonicToAccount(MNEMONIC, { addressIndex: index });
}

/** The demo accounts with their (public, well-known) private keys. */
export function demoAccounts(): DemoAccount[] {
  return Object.entries(ROLES).map(([index, role]) => {
    const account = hardhatAccount(Number(index));
    const key = account.getHdKey().privateKey;
    if (!key) throw new Error("could not derive a development key");
    return { index: Number(index), address: account.address, privateKey: toHex(key), role };
  });
}

/** The lines the dev command prints: every demo account, labelled as public test keys. */
export function demoAccountLines(): string[] {
  return [
    "Demo accounts — Hardhat's well-known PUBLIC TEST KEYS (anyone can use them; never send real funds):",
    ...demoAccounts().map((a) => `  #${String(a.index).padEnd(2)} ${a.address}  ${a.privateKey}  ${a.role}`),
    "Import a key into your wallet (network: chain id 31337 at the Chain RPC above) to act as that account.",
  ];
}

/* ------------------------------------------------------------------------------ catalogue ----- */

interface Item {
  title: string;
  description: string;
  art: ArtKind;
  palette: Palette;
}

const pal = (sky: string, floor: string, main: string, second: string, accent: string): Palette => ({
  sky: hex(sky),
  floor: hex(floor),
  main: hex(main),
  second: hex(second),
  accent: hex(accent),
});

const ITEMS = {
  leica: {
    title: "Leica M6 (1986), serviced, with Summicron 50mm f/2",
    description:
      "Black chrome M6 from 1986, CLA'd in March by a Leica technician: shutter speeds checked, rangefinder aligned, light meter accurate. Comes with a Summicron 50mm f/2 (v4, clean glass, no haze), the original strap and a half case. Shipped insured, double-boxed.",
    art: "camera",
    palette: pal("#f3eee7", "#d8cfc2", "#2f3337", "#6b5a4a", "#c0392b"),
  },
  canon: {
    title: "Canon AE-1 Program with FD 50mm f/1.8",
    description:
      "The classic first film camera. Shutter squeal fixed, new light seals, fresh battery. The FD 50mm f/1.8 is sharp and clean. A test roll of Portra 400 came out perfect — scans on request.",
    art: "camera",
    palette: pal("#eef3f6", "#cfd9e0", "#d9d9d4", "#2b2b2b", "#3d6e9c"),
  },
  hasselblad: {
    title: "Hasselblad 500C/M with Planar 80mm f/2.8",
    description:
      "Medium-format workhorse with an A12 back and waist-level finder. The Planar 80mm is crisp wide open. Light wear on the chrome, mechanics smooth, timing checked. A joy to shoot.",
    art: "camera",
    palette: pal("#f1f1ee", "#d3d3cc", "#c9c9c3", "#1f1f22", "#6d8fa8"),
  },
  walkman: {
    title: "Sony Walkman WM-2, recapped, new belts",
    description:
      "Red WM-2 from 1982, fully recapped with new belts and pinch roller; plays at correct speed. Includes the original leather case and a Maxell UR-60 with an 80s mixtape.",
    art: "cassette",
    palette: pal("#fbefe9", "#e6d2c6", "#b3322c", "#3a3a40", "#f2b441"),
  },
  technics: {
    title: "Technics SL-1200MK2 turntable (1989)",
    description:
      "The DJ standard. Pitch control smooth, tonearm bearings tight, new feet. Comes with an Ortofon Concorde cartridge and the dust cover (small scratch).",
    art: "turntable",
    palette: pal("#eceff1", "#cdd3d8", "#a9adb2", "#2e3033", "#d35400"),
  },
  keyboard: {
    title: "Custom 65% mechanical keyboard, lubed linears",
    description:
      "Aluminium 65% case, brass plate, hand-lubed linear switches, PBT keycaps, USB-C. QMK/VIA programmable. Typed on for a month; I just have too many boards.",
    art: "keyboard",
    palette: pal("#eef0f5", "#cfd3df", "#5c6b8a", "#e8e6df", "#e07a5f"),
  },
  woodblock: {
    title: "Woodblock print 'Evening at the Pass', 23/50",
    description:
      "Hand-pulled woodblock print on kozo paper, seven colour blocks, signed and numbered 23/50. Image 30 × 30 cm, shipped flat between boards. Frame not included.",
    art: "print",
    palette: pal("#f4efe6", "#d9cfbf", "#344456", "#4b3a2f", "#c8553d"),
  },
  seiko: {
    title: "Seiko 6139 'Pogue' chronograph (1973)",
    description:
      "Yellow-dial 6139-6002, the watch that went to space. Serviced last year, chronograph resets to twelve, day-date quickset works. Original bracelet stretched a little.",
    art: "watch",
    palette: pal("#f5f2e8", "#ddd6c2", "#8e9aa6", "#5b5b5b", "#e1b12c"),
  },
  rolex: {
    title: "Rolex Datejust 16234 (1991), serviced 2024",
    description:
      "Silver stick dial, fluted white-gold bezel, Jubilee bracelet. Full service in 2024 with papers from the watchmaker. Box not original. Keeps +2 s a day.",
    art: "watch",
    palette: pal("#eef2ee", "#cfd8cf", "#9aa3a8", "#6d6d6d", "#1e6f5c"),
  },
  omega: {
    title: "Omega Speedmaster Professional 1969, box and papers",
    description:
      "Calibre 861 Moonwatch with step dial, original box, papers and the 1039 bracelet. Honest wear, never polished. Sealed bids, second price: bid what it is worth to you.",
    art: "watch",
    palette: pal("#eceef2", "#cbd0d9", "#2d2f36", "#3a3a3a", "#d0d3d9"),
  },
  coffee: {
    title: "Ethiopia Guji natural, 1 kg, roasted to order",
    description:
      "Blueberry, jasmine and dark chocolate. Roasted the day your round closes and shipped the next morning. A new bag goes up every time a round settles — twelve bags in this batch.",
    art: "coffee",
    palette: pal("#f6efe8", "#e0d2c3", "#7a4e2d", "#3b2416", "#d98e04"),
  },
  strat: {
    title: "Fender Stratocaster 1979, natural ash, hard case",
    description:
      "Heavy ash body, maple neck, original pickups that quack in positions 2 and 4. Refretted in 2019. Plays beautifully; the hard case has seen some tours. Last minutes — bids in the final five minutes extend the auction.",
    art: "guitar",
    palette: pal("#f4efe4", "#dccfb9", "#d8b98a", "#6e4b2a", "#b03a2e"),
  },
  ceramics: {
    title: "Hand-thrown stoneware dinner set, 12 pieces",
    description:
      "Four dinner plates, four side plates and four bowls, wheel-thrown and glazed in speckled oat with a rust rim. Dishwasher safe. Made in my studio to order; each set is slightly different.",
    art: "ceramics",
    palette: pal("#f3efe9", "#dcd3c6", "#e9e2d4", "#c4a484", "#a0522d"),
  },
  bike: {
    title: "Steel road bike, Columbus SL tubing, Campagnolo",
    description:
      "56 cm lugged steel frame from the late 80s, Campagnolo Chorus groupset, new tyres and bar tape. Rides like a dream. Pick-up preferred; shipping at cost.",
    art: "bicycle",
    palette: pal("#edf3f0", "#cddbd4", "#1f6f8b", "#2b2b2b", "#e9c46a"),
  },
  aeron: {
    title: "Herman Miller Aeron, size B, fully loaded",
    description:
      "Graphite frame, PostureFit SL, adjustable arms, tilt limiter. Mesh perfect, no tears. The price drops every minute until someone takes it.",
    art: "chair",
    palette: pal("#eef0f2", "#d0d5da", "#3c4043", "#6c757d", "#2a9d8f"),
  },
  lamp: {
    title: "Artemide Tolomeo desk lamp, aluminium",
    description:
      "The Italian classic, balanced arm that stays where you put it. Clamp and base both included, new E27 socket. Falling price: buy it when it is right for you.",
    art: "lamp",
    palette: pal("#f4f1ea", "#ddd6c8", "#9ea3a8", "#c7ccd1", "#e76f51"),
  },
} satisfies Record<string, Item>;
type ItemKey = keyof typeof ITEMS;

/** Review and dispute texts travel as data: URIs (≤ 256 bytes) with their sha-256 as the hash. */
function textUri(text: string): { uri: string; hash: Hex } {
  const uri = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  if (new TextEncoder().encode(uri).length > 256) throw new Error(`text too long for a URI: ${text}`);
  return { uri, hash: sha256(text) };
}

/* ------------------------------------------------------------------------------ web media ----- */

interface Metadata {
  uri: string;
  hash: Hex;
}

/** A signed-in session on the web app, as one seller. */
class WebSession {
  #cookie = "";
  readonly #cookies = new Map<string, string>();
  readonly #web: URL;
  constructor(webUrl: string) {
    this.#web = new URL(webUrl);
  }

  async #post(path: string, body: string | Blob, type: string): Promise<{ status: number; json: unknown }> {
    const response = await fetch(new URL(path, this.#web), {
      method: "POST",
      headers: { "content-type": type, origin: this.#web.origin, cookie: this.#cookie },
      body,
    });
    const json = await response.json().catch(() => null);
    // Keep every cookie the web sets (the sign-in nonce's binding, then the session), as a browser would.
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(";")[0] ?? "";
      const name = pair.split("=")[0];
      this.#cookies.set(name ?? "", pair);
    }
    this.#cookie = [...this.#cookies.values()].join("; ");
    return { status: response.status, json };
  }

  /** POST /auth/nonce → EIP-4361 message signed by `account` → POST /auth/verify (keeps the cookie). */
  async signIn(account: HDAccount, chainId: number): Promise<void> {
    const nonce = await this.#post("/auth/nonce", "{}", "application/json");
    const body = nonce.json as { nonce?: string } | null;
    if (nonce.status !== 200 || !body?.nonce) throw new Error(`POST /auth/nonce answered ${nonce.status}`);
    const issuedAt = new Date();
    const message = createSiweMessage({
      address: account.address,
      chainId,
      domain: this.#web.host,
      uri: this.#web.origin,
      nonce: body.nonce,
      version: "1",
      statement: "Sign in to Gavel.",
      issuedAt,
      expirationTime: new Date(issuedAt.getTime() + 10 * 60_000),
    });
    const signature = await account.signMessage({ message });
    const verified = await this.#post(
      "/auth/verify",
      JSON.stringify({ message, signature }),
      "application/json",
    );
    if (verified.status !== 200 || !this.#cookies.has("gavel_session")) {
      throw new Error(`POST /auth/verify answered ${verified.status}: ${JSON.stringify(verified.json)}`);
    }
  }

  /** POST /media/upload with the raw bytes; answers the sha-256 the store keys them by. */
  async upload(bytes: Uint8Array): Promise<string> {
    const { status, json } = await this.#post(
      "/media/upload",
      new Blob([bytes as Uint8Array<ArrayBuffer>]),
      "application/octet-stream",
    );
    const hash = (json as { hash?: string } | null)?.hash;
    if (status !== 201 || !hash)
      throw new Error(`POST /media/upload answered ${status}: ${JSON.stringify(json)}`);
    return hash;
  }

  /** POST /sell/metadata with the Sell form's fields; answers the URI and hash to put on-chain. */
  async metadata(form: Record<string, unknown>): Promise<Metadata> {
    const { status, json } = await this.#post("/sell/metadata", JSON.stringify(form), "application/json");
    const body = json as { uri?: string; hash?: Hex; field?: string } | null;
    if (status !== 201 || !body?.uri || !body.hash) {
      throw Object.assign(new Error(`POST /sell/metadata answered ${status}: ${JSON.stringify(json)}`), {
        field: body?.field,
      });
    }
    return { uri: body.uri, hash: body.hash };
  }
}

/** What the Sell form would have said for a listing (the metadata route checks the same schema). */
interface FormTerms {
  format: "english" | "dutch" | "sealed" | "rolling";
  startPrice: string;
  reservePrice?: string;
  durationMinutes: number;
}

/* ------------------------------------------------------------------------------ the seed ------- */

export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const addresses = options.addresses as SeedAddresses;
  for (const name of [
    "TestUSDC",
    "GavelConfig",
    "EnglishAuctionHouse",
    "DutchAuctionHouse",
    "SealedBidAuctionHouse",
    "RollingAuctionHouse",
  ] as const) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(addresses[name] ?? "")) throw new Error(`no address for ${name}`);
  }
  const transport = http(options.rpcUrl);
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 10 });
  const chainId = await publicClient.getChainId();
  const chain = { ...hardhat, id: chainId };
  const accounts = Array.from({ length: 10 }, (_, i) => hardhatAccount(i));
  const wallets = accounts.map((account) =>
    createWalletClient({ account, chain, transport, pollingInterval: 10 }),
  );
  const account = (i: number) => accounts[i] as HDAccount;
  let transactions = 0;

  // Refuse anything but a fresh local deployment where account 0 is the arbiter.
  const [arbiterRole, nextId] = await Promise.all([
    publicClient.readContract({
      address: addresses.GavelConfig,
      abi: gavelConfigAbi,
      functionName: "ARBITER_ROLE",
    }),
    publicClient.readContract({
      address: addresses.GavelConfig,
      abi: gavelConfigAbi,
      functionName: "nextAuctionId",
    }),
  ]);
  const isArbiter = await publicClient.readContract({
    address: addresses.GavelConfig,
    abi: gavelConfigAbi,
    functionName: "hasRole",
    args: [arbiterRole, account(0).address],
  });
  if (!isArbiter)
    throw new Error("account 0 is not an arbiter here: the demo seed is for the local deployment");
  if (nextId !== 1n)
    throw new Error(`the chain already has ${nextId - 1n} listing(s): seed a fresh deployment only`);

  async function send(
    from: number,
    request: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[] },
  ): Promise<TransactionReceipt> {
    const wallet = wallets[from];
    if (!wallet) throw new Error(`no account ${from}`);
    // biome-ignore lint/suspicious/noExplicitAny: one sender for every contract call of the seed
    const hash = await wallet.writeContract(request as any);
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 10 });
    transactions++;
    if (receipt.status !== "success") throw new Error(`${request.functionName} reverted`);
    return receipt;
  }
  const now = async () => Number((await publicClient.getBlock()).timestamp);
  async function travel(seconds: number) {
    await publicClient.request({ method: "evm_increaseTime" as never, params: [seconds] as never });
    await publicClient.request({ method: "evm_mine" as never, params: [] as never });
  }
  const createdId = (receipt: TransactionReceipt): bigint => {
    const [created] = parseEventLogs({
      abi: englishAuctionHouseAbi,
      eventName: "ListingCreated",
      logs: receipt.logs,
    });
    if (!created) throw new Error("no ListingCreated in the receipt");
    return created.args.auctionId;
  };

  // 1. Pictures and metadata on the web app, as each seller (all sellers at once).
  const metadata = new Map<ItemKey, Metadata>();
  const terms: Record<ItemKey, FormTerms & { seller: number }> = {
    leica: {
      seller: 1,
      format: "english",
      startPrice: "900",
      reservePrice: "1200",
      durationMinutes: 3 * 1440,
    },
    canon: { seller: 1, format: "english", startPrice: "120", durationMinutes: 5 },
    hasselblad: {
      seller: 1,
      format: "english",
      startPrice: "1100",
      reservePrice: "1300",
      durationMinutes: 5,
    },
    walkman: { seller: 2, format: "english", startPrice: "90", durationMinutes: 5 },
    technics: { seller: 2, format: "english", startPrice: "450", durationMinutes: 5 },
    seiko: { seller: 2, format: "sealed", startPrice: "400", durationMinutes: 5 },
    rolex: { seller: 2, format: "sealed", startPrice: "2500", durationMinutes: 2 * 1440 },
    omega: { seller: 2, format: "sealed", startPrice: "3000", durationMinutes: 3 * 1440 },
    woodblock: { seller: 3, format: "dutch", startPrice: "260", durationMinutes: 1440 },
    coffee: { seller: 3, format: "rolling", startPrice: "28", durationMinutes: 5 },
    ceramics: { seller: 3, format: "english", startPrice: "180", durationMinutes: 5 * 1440 },
    lamp: { seller: 3, format: "dutch", startPrice: "320", durationMinutes: 2 * 1440 },
    keyboard: { seller: 4, format: "english", startPrice: "160", durationMinutes: 5 },
    strat: { seller: 4, format: "english", startPrice: "600", durationMinutes: 20 },
    bike: { seller: 4, format: "english", startPrice: "700", reservePrice: "850", durationMinutes: 4 * 1440 },
    aeron: { seller: 4, format: "dutch", startPrice: "900", durationMinutes: 3 * 1440 },
  };
  let media: SeedResult["media"] = "none";
  if (options.webUrl) {
    const webUrl = options.webUrl;
    const bySeller = new Map<number, ItemKey[]>();
    for (const key of Object.keys(terms) as ItemKey[]) {
      const seller = terms[key].seller;
      bySeller.set(seller, [...(bySeller.get(seller) ?? []), key]);
    }
    let images = 0;
    await Promise.all(
      [...bySeller].map(async ([seller, keys]) => {
        const session = new WebSession(webUrl);
        await session.signIn(account(seller), chainId);
        for (const key of keys) {
          const item: Item = ITEMS[key];
          const t = terms[key];
          const image = await session.upload(drawProduct(item.art, item.palette));
          images++;
          const form = {
            format: t.format,
            title: item.title,
            description: item.description,
            images: [image],
            startPrice: t.startPrice,
            // A sealed listing's reserve is required (its minimum bid); a Dutch floor ≤ the start.
            reservePrice: t.reservePrice ?? (t.format === "sealed" ? t.startPrice : ""),
            floorPrice: t.startPrice,
            durationMinutes: String(t.durationMinutes),
            minIncrementPercent: "5",
            extensionMinutes: "5",
            maxExtensions: "10",
            pricing: "first",
            commitMinutes: String(t.durationMinutes),
            revealHours: "2",
            penaltyPercent: "25",
            units: "12",
            roundMinutes: String(t.durationMinutes),
            shipHours: "72",
            confirmDays: "7",
            disputeHours: "72",
          };
          metadata.set(key, await session.metadata(form));
        }
      }),
    );
    media = "uploaded";
    log(`signed in as ${bySeller.size} sellers; uploaded ${images} pictures and their metadata to ${webUrl}`);
  }
  const listing = (key: ItemKey, reservePrice: bigint) => {
    const meta = metadata.get(key);
    return {
      title: ITEMS[key].title,
      metadataURI: meta?.uri ?? "",
      metadataHash: meta?.hash ?? (`0x${"0".repeat(64)}` as Hex),
      reservePrice,
      shipWindow: 72 * HOUR,
      confirmWindow: 7 * DAY,
      disputeWindow: 72 * HOUR,
    };
  };

  // 2. Allowances: every trader lets every house pull USDC (accounts in parallel).
  const houses = [
    addresses.EnglishAuctionHouse,
    addresses.DutchAuctionHouse,
    addresses.SealedBidAuctionHouse,
    addresses.RollingAuctionHouse,
  ];
  await Promise.all(
    [1, 2, 3, 4, 5, 6, 7, 8].map(async (i) => {
      for (const spender of houses) {
        await send(i, {
          address: addresses.TestUSDC,
          abi: testUSDCAbi,
          functionName: "approve",
          args: [spender, maxUint256],
        });
      }
    }),
  );

  const english = (from: number, functionName: string, args: readonly unknown[]) =>
    send(from, { address: addresses.EnglishAuctionHouse, abi: englishAuctionHouseAbi, functionName, args });
  const sealed = (from: number, functionName: string, args: readonly unknown[]) =>
    send(from, {
      address: addresses.SealedBidAuctionHouse,
      abi: sealedBidAuctionHouseAbi,
      functionName,
      args,
    });
  const rolling = (from: number, functionName: string, args: readonly unknown[]) =>
    send(from, { address: addresses.RollingAuctionHouse, abi: rollingAuctionHouseAbi, functionName, args });
  const dutch = (from: number, functionName: string, args: readonly unknown[]) =>
    send(from, { address: addresses.DutchAuctionHouse, abi: dutchAuctionHouseAbi, functionName, args });

  async function createEnglish(
    key: ItemKey,
    o: {
      startPrice: string;
      reservePrice?: string;
      seconds: number;
      extensionWindow?: number;
      maxExtensions?: number;
    },
  ): Promise<bigint> {
    const start = usdc(o.startPrice);
    const receipt = await english(terms[key].seller, "createAuction", [
      listing(key, o.reservePrice ? usdc(o.reservePrice) : start),
      {
        startTime: 0,
        endTime: (await now()) + 2 + o.seconds,
        startPrice: start,
        minIncrementBps: 500,
        extensionWindow: o.extensionWindow ?? 0,
        maxExtensions: o.maxExtensions ?? 0,
      },
    ]);
    return createdId(receipt);
  }
  const bids = async (id: bigint, list: [from: number, max: string][]) => {
    for (const [from, max] of list) await english(from, "bid", [id, usdc(max)]);
  };

  const salt = (label: string) => keccak256(toHex(`gavel demo salt: ${label}`));
  const commitment = (id: bigint, bidder: number, amount: bigint, label: string) =>
    sealedCommitment({
      chainId,
      house: addresses.SealedBidAuctionHouse,
      auctionId: id,
      bidder: account(bidder).address,
      amount,
      salt: salt(label),
    });
  async function commit(id: bigint, bidder: number, amount: string, collateral: string) {
    await sealed(bidder, "commit", [
      id,
      commitment(id, bidder, usdc(amount), `${id}:${bidder}`),
      usdc(collateral),
    ]);
  }
  const reveal = (id: bigint, bidder: number, amount: string) =>
    sealed(bidder, "reveal", [id, usdc(amount), salt(`${id}:${bidder}`)]);

  /** Settles unless someone (the keeper) already has: the outcome is the same whoever calls. */
  async function settleOnce(houseCall: () => Promise<unknown>, stillOpen: () => Promise<boolean>) {
    try {
      await houseCall();
    } catch (error) {
      if (await stillOpen()) throw error;
    }
  }
  const listingActive = (house: Address, id: bigint) => async () =>
    (
      await publicClient.readContract({
        address: house,
        abi: englishAuctionHouseAbi,
        functionName: "getListing",
        args: [id],
      })
    ).status === 1;

  // 3. The recent past: short auctions that will be over after a five-minute jump.
  const canon = await createEnglish("canon", { startPrice: "120", seconds: 300 });
  await bids(canon, [
    [6, "180"],
    [7, "160"],
  ]);
  const walkman = await createEnglish("walkman", { startPrice: "90", seconds: 300 });
  await bids(walkman, [
    [5, "150"],
    [8, "140"],
  ]);
  const hasselblad = await createEnglish("hasselblad", {
    startPrice: "1100",
    reservePrice: "1300",
    seconds: 300,
  });
  await bids(hasselblad, [
    [7, "1250"],
    [3, "1500"],
    [7, "1450"],
  ]);
  const technics = await createEnglish("technics", { startPrice: "450", seconds: 300 });
  await bids(technics, [[8, "520"]]);
  const keyboard = await createEnglish("keyboard", { startPrice: "160", seconds: 300 });
  await bids(keyboard, [
    [6, "210"],
    [5, "230"],
  ]);

  const woodblock = createdId(
    await dutch(3, "createAuction", [
      listing("woodblock", usdc("180")),
      { startTime: 0, endTime: (await now()) + DAY, decayDuration: 300, startPrice: usdc("260") },
    ]),
  );

  const seikoCommitEnd = (await now()) + 5 + 300;
  const seiko = createdId(
    await sealed(2, "createAuction", [
      listing("seiko", usdc("400")),
      {
        commitEnd: seikoCommitEnd,
        revealEnd: seikoCommitEnd + 2 * HOUR,
        unrevealedPenaltyBps: 2_500,
        pricing: 1,
      },
    ]),
  );
  const rolexCommitEnd = (await now()) + 5 + 300;
  const rolex = createdId(
    await sealed(2, "createAuction", [
      listing("rolex", usdc("2500")),
      {
        commitEnd: rolexCommitEnd,
        revealEnd: rolexCommitEnd + 2 * DAY,
        unrevealedPenaltyBps: 2_500,
        pricing: 0,
      },
    ]),
  );
  await commit(seiko, 5, "720", "900");
  await commit(seiko, 7, "650", "700");
  await commit(seiko, 6, "510", "600");
  await commit(rolex, 6, "3100", "3500");
  await commit(rolex, 8, "2900", "3200");
  await commit(rolex, 3, "3350", "4000");

  const coffee = createdId(
    await rolling(3, "createAuction", [
      listing("coffee", usdc("28")),
      {
        startPrice: usdc("28"),
        minIncrementBps: 500,
        roundDuration: 300,
        extensionWindow: 0,
        maxExtensions: 0,
        units: 12,
      },
    ]),
  );
  await rolling(5, "bid", [coffee, usdc("34")]);
  await rolling(7, "bid", [coffee, usdc("38")]);

  // 4. Five minutes later: everything above has ended (or left its commit phase).
  const lastEnd = Math.max(
    seikoCommitEnd,
    rolexCommitEnd,
    ...(await Promise.all(
      [canon, walkman, hasselblad, technics, keyboard].map(async (id) =>
        Number(
          (
            await publicClient.readContract({
              address: addresses.EnglishAuctionHouse,
              abi: englishAuctionHouseAbi,
              functionName: "getAuction",
              args: [id],
            })
          ).endTime,
        ),
      ),
    )),
    Number(
      (
        await publicClient.readContract({
          address: addresses.RollingAuctionHouse,
          abi: rollingAuctionHouseAbi,
          functionName: "getRound",
          args: [coffee],
        })
      ).endTime,
    ),
  );
  const jump = lastEnd - (await now()) + 1;
  await travel(jump);
  log(`moved chain time forward ${jump} s (evm_increaseTime) to close the recent auctions`);

  // Sellers settle their own auctions (the keeper may beat them to it; the result is the same).
  for (const [id, seller] of [
    [canon, 1],
    [walkman, 2],
    [hasselblad, 1],
    [technics, 2],
    [keyboard, 4],
  ] as const) {
    await settleOnce(() => english(seller, "settle", [id]), listingActive(addresses.EnglishAuctionHouse, id));
  }
  await dutch(8, "buy", [woodblock, usdc("180")]);
  await reveal(seiko, 5, "720");
  await reveal(seiko, 7, "650");
  await reveal(seiko, 6, "510");
  await settleOnce(() => sealed(2, "settle", [seiko]), listingActive(addresses.SealedBidAuctionHouse, seiko));
  await sealed(0, "returnCollateral", [seiko, account(7).address]);
  await sealed(0, "returnCollateral", [seiko, account(6).address]);
  await reveal(rolex, 6, "3100");
  await reveal(rolex, 8, "2900");
  await settleOnce(
    () => rolling(3, "settle", [coffee]),
    async () =>
      (
        await publicClient.readContract({
          address: addresses.RollingAuctionHouse,
          abi: rollingAuctionHouseAbi,
          functionName: "getRound",
          args: [coffee],
        })
      ).open,
  );
  const coffeeRound = (
    await publicClient.readContract({
      address: addresses.RollingAuctionHouse,
      abi: rollingAuctionHouseAbi,
      functionName: "getRolling",
      args: [coffee],
    })
  ).currentRoundId;

  // 5. The deals move on: shipped, confirmed, refunded, disputed, ruled; reviews where done.
  const tracking = (text: string) => sha256(text);
  const review = async (call: typeof english, from: number, id: bigint, rating: number, text: string) => {
    const { uri, hash } = textUri(text);
    await call(from, "review", [id, rating, hash, uri]);
  };
  const dispute = async (call: typeof english, from: number, id: bigint, text: string) => {
    const { uri, hash } = textUri(text);
    await call(from, "openDispute", [id, hash, uri]);
  };
  // paid: canon (seller 1 has not shipped yet)
  // shipped: walkman
  await english(2, "ship", [walkman, tracking("Royal Mail tracked 48: RM482913377GB")]);
  // completed: hasselblad, with reviews both ways
  await english(1, "ship", [hasselblad, tracking("DHL Express 4821093377")]);
  await english(3, "confirm", [hasselblad]);
  await review(
    english,
    3,
    hasselblad,
    5,
    "Exactly as described, beautifully packed, and the Planar is sharp wide open. Would buy again.",
  );
  await review(english, 1, hasselblad, 5, "Quick payment and friendly messages. A pleasure.");
  // (The confirm paid seller 1's proceeds straight to their wallet: nothing to withdraw.)
  // refunded: technics (seller refunds before shipping)
  await english(2, "refund", [technics]);
  // resolved: keyboard, disputed by the buyer and ruled 30 % to the buyer by the arbiter
  await english(4, "ship", [keyboard, tracking("UPS 1Z999AA10123456784")]);
  await dispute(
    english,
    5,
    keyboard,
    "Two keys (E and Enter) do not register; photos and a video in the deal chat.",
  );
  await english(0, "rule", [keyboard, 3000]);
  await review(english, 5, keyboard, 3, "Nice board, but two dead switches. The arbiter's split was fair.");
  await review(english, 4, keyboard, 4, "Buyer was reasonable about the fix.");
  // completed (Dutch): woodblock
  await dutch(3, "ship", [woodblock, tracking("Flat-pack courier: FP-20931")]);
  await dutch(8, "confirm", [woodblock]);
  await review(dutch, 8, woodblock, 4, "Lovely print, colours are deeper in person. Corner slightly bumped.");
  // disputed (open): seiko, shipped and disputed by the buyer
  await sealed(2, "ship", [seiko, tracking("Insured post: CX118840021DE")]);
  await dispute(
    sealed,
    5,
    seiko,
    "Crystal arrived cracked at 4 o'clock; the box was not damaged. Photos attached in the chat.",
  );
  // completed (rolling): the first bag of coffee
  await rolling(3, "ship", [coffee, tracking("Local courier: GUJI-0001")]);
  await rolling(7, "confirm", [coffee]);
  await review(
    rolling,
    7,
    coffee,
    5,
    "Best natural I've had this year. Roast date on the bag, arrived in two days.",
  );

  // 6. What is live now.
  const leica = await createEnglish("leica", {
    startPrice: "900",
    reservePrice: "1200",
    seconds: 3 * DAY,
    extensionWindow: 10 * 60,
    maxExtensions: 10,
  });
  await bids(leica, [
    [5, "1000"],
    [6, "1150"],
    [7, "1400"],
    [5, "1300"],
  ]);
  const ceramics = await createEnglish("ceramics", { startPrice: "180", seconds: 5 * DAY });
  const bike = await createEnglish("bike", { startPrice: "700", reservePrice: "850", seconds: 4 * DAY });
  await bids(bike, [[8, "760"]]);
  const aeron = createdId(
    await dutch(4, "createAuction", [
      listing("aeron", usdc("450")),
      { startTime: 0, endTime: (await now()) + 3 * DAY, decayDuration: 2 * DAY, startPrice: usdc("900") },
    ]),
  );
  const lamp = createdId(
    await dutch(3, "createAuction", [
      listing("lamp", usdc("190")),
      { startTime: 0, endTime: (await now()) + 2 * DAY, decayDuration: DAY, startPrice: usdc("320") },
    ]),
  );
  const omegaCommitEnd = (await now()) + 2 * DAY;
  const omega = createdId(
    await sealed(2, "createAuction", [
      listing("omega", usdc("3000")),
      { commitEnd: omegaCommitEnd, revealEnd: omegaCommitEnd + DAY, unrevealedPenaltyBps: 2_500, pricing: 1 },
    ]),
  );
  await commit(omega, 5, "4600", "5000");
  await commit(omega, 7, "4100", "4800");
  // Last, so that it has the most time left: the Strat ends in twenty minutes, and round 2 of the
  // coffee starts its five-minute clock with the first bid.
  const strat = await createEnglish("strat", {
    startPrice: "600",
    seconds: 20 * 60,
    extensionWindow: 5 * 60,
    maxExtensions: 10,
  });
  await bids(strat, [
    [8, "650"],
    [6, "720"],
  ]);
  await rolling(8, "bid", [coffeeRound, usdc("32")]);
  await rolling(6, "bid", [coffeeRound, usdc("36")]);

  const seconds = (Date.now() - started) / 1000;
  const clockAheadSeconds = (await now()) - Math.floor(Date.now() / 1000);
  log(
    `seeded 16 listings in all four formats and 8 deals in every state: ${transactions} transactions in ${seconds.toFixed(1)} s`,
  );
  const s = (id: bigint) => id.toString();
  return {
    seconds,
    media,
    clockAheadSeconds,
    auctions: {
      englishLive: s(leica),
      englishEndingSoon: s(strat),
      englishFresh: s(ceramics),
      englishBike: s(bike),
      dutchChair: s(aeron),
      dutchLamp: s(lamp),
      sealedCommit: s(omega),
      sealedReveal: s(rolex),
      rollingListing: s(coffee),
      rollingRound: s(coffeeRound),
    },
    deals: {
      paid: s(canon),
      shipped: s(walkman),
      completed: s(hasselblad),
      completedDutch: s(woodblock),
      completedRolling: s(coffee),
      refunded: s(technics),
      disputed: s(seiko),
      resolved: s(keyboard),
    },
    accounts: demoAccounts(),
  };
}

/* ------------------------------------------------------------------------------ CLI ------------ */

if (import.meta.main) {
  const env = z
    .object({
      RPC_URL: z.url().default("http://127.0.0.1:8545"),
      WEB_URL: z.url().optional(),
      GAVEL_ADDRESSES: z.string().optional(),
      DEPLOYMENT_ID: z
        .string()
        .regex(/^[\w-]+$/)
        .optional(),
    })
    .safeParse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));
  if (!env.success) {
    for (const issue of env.error.issues) console.error(`${issue.path.join(".")}: ${issue.message}`);
    process.exit(2);
  }
  const { RPC_URL, WEB_URL, GAVEL_ADDRESSES, DEPLOYMENT_ID } = env.data;
  try {
    let addresses: Record<string, string>;
    if (GAVEL_ADDRESSES) addresses = JSON.parse(GAVEL_ADDRESSES);
    else {
      const { readDeployment, rpc } = await import("./lib/chain.ts");
      const chainId = Number.parseInt(await rpc<string>(RPC_URL, "eth_chainId"), 16);
      addresses = readDeployment(DEPLOYMENT_ID ?? `chain-${chainId}`);
    }
    const result = await seedDemo({ rpcUrl: RPC_URL, addresses, webUrl: WEB_URL, log: console.log });
    console.log(JSON.stringify({ auctions: result.auctions, deals: result.deals }, null, 2));
    for (const line of demoAccountLines()) console.log(line);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
