/**
 * WalletConnect deep links for wallet apps on the same phone (inside Telegram there is no second
 * screen to scan a QR code from): each app's own scheme with the pairing URI as `uri`, and the
 * bare `wc:` URI, which the phone hands to whichever wallet app registered it. Built from the
 * pairing URI alone: nothing is contacted to make them.
 */
export interface WalletLink {
  /** The wallet app's name; null for the "any wallet" `wc:` link. */
  name: string | null;
  href: string;
}

const WALLET_SCHEMES: ReadonlyArray<{ name: string; prefix: string }> = [
  { name: "MetaMask", prefix: "metamask://wc?uri=" },
  { name: "Trust Wallet", prefix: "trust://wc?uri=" },
  { name: "Rainbow", prefix: "rainbow://wc?uri=" },
];

/** Refuses anything but a WalletConnect v2 pairing URI (`wc:<topic>@2?…`). */
export function mobileWalletLinks(pairingUri: string): WalletLink[] {
  if (!/^wc:[0-9a-f]{64}@2\?/.test(pairingUri)) throw new TypeError("not a WalletConnect v2 pairing URI");
  const encoded = encodeURIComponent(pairingUri);
  return [
    ...WALLET_SCHEMES.map(({ name, prefix }) => ({ name, href: `${prefix}${encoded}` })),
    { name: null, href: pairingUri },
  ];
}
