/** Step 1: pictures and metadata on the web app, made as the Sell page makes them, as each seller. */
import type { Hex } from "viem";
import type { HDAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { drawProduct } from "../lib/demo-art.ts";
import { ITEMS, type Item, type ItemKey, TERMS } from "./catalogue.ts";
import type { SeedContext } from "./context.ts";

export interface Metadata {
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

/** Signs in as each seller (all at once) and stores their listings' pictures and metadata. */
export async function uploadMedia(ctx: SeedContext, webUrl: string): Promise<void> {
  const { account, chainId, log, metadata } = ctx;
  const bySeller = new Map<number, ItemKey[]>();
  for (const key of Object.keys(TERMS) as ItemKey[]) {
    const seller = TERMS[key].seller;
    bySeller.set(seller, [...(bySeller.get(seller) ?? []), key]);
  }
  let images = 0;
  await Promise.all(
    [...bySeller].map(async ([seller, keys]) => {
      const session = new WebSession(webUrl);
      await session.signIn(account(seller), chainId);
      for (const key of keys) {
        const item: Item = ITEMS[key];
        const t = TERMS[key];
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
  log(`signed in as ${bySeller.size} sellers; uploaded ${images} pictures and their metadata to ${webUrl}`);
}
