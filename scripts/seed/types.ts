/** The seed's options and what it answers (re-exported by scripts/seed.ts). */
import type { Address, Hex } from "viem";

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
  /** The arbiters' 2-of-3 Safe (owners: demo accounts 10, 11, 12), holder of ARBITER_ROLE. */
  arbiterSafe: Address;
  accounts: DemoAccount[];
}
