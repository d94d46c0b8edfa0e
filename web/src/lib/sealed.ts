/**
 * A sealed bid's secret (amount and salt) kept in this browser's localStorage until it is
 * revealed, and offered as a file to download. Without it the bid cannot be revealed.
 */
export interface SealedSecret {
  /** Token units, decimal string. */
  amount: string;
  salt: `0x${string}`;
}

export interface SecretKey {
  chainId: number;
  house: string;
  auctionId: string;
  bidder: string;
}

const storageKey = (k: SecretKey) =>
  `gavel.sealed.${k.chainId}.${k.house.toLowerCase()}.${k.auctionId}.${k.bidder.toLowerCase()}`;

export function saveSecret(key: SecretKey, secret: SealedSecret): void {
  try {
    localStorage.setItem(storageKey(key), JSON.stringify(secret));
  } catch {
    // storage full or disabled: the download is the copy left
  }
}

export function loadSecret(key: SecretKey): SealedSecret | null {
  try {
    const raw = localStorage.getItem(storageKey(key));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as SealedSecret;
    return typeof parsed.amount === "string" && typeof parsed.salt === "string" ? parsed : null;
  } catch {
    return null;
  }
}

export function forgetSecret(key: SecretKey): void {
  try {
    localStorage.removeItem(storageKey(key));
  } catch {
    // nothing to do
  }
}

/** A data: URL of the secret as JSON, for an `<a download>`. */
export function secretFileHref(key: SecretKey, secret: SealedSecret): string {
  const body = JSON.stringify({ ...key, ...secret }, null, 2);
  return `data:application/json;charset=utf-8,${encodeURIComponent(body)}`;
}
