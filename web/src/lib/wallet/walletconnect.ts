/**
 * The WalletConnect connector, in a module of its own: the wallet picker imports it with a dynamic
 * `import()` only when someone chooses WalletConnect, so neither a first visit nor opening the
 * picker loads it (nor does anything when no project id is configured).
 */

import { walletConnect } from "@wagmi/connectors/walletConnect";
import { qrMatrix, qrPath } from "./qr.ts";

/** The pairing link as a QR code to scan with a phone: an SVG path and its side in modules. */
export function pairingQr(uri: string): { path: string; side: number } {
  const matrix = qrMatrix(uri);
  return { path: qrPath(matrix), side: matrix.length + 8 };
}

import type { CreateConnectorFn } from "@wagmi/core";
import { PUBLIC_WALLETCONNECT_RELAY_URL } from "$app/env/public";

/**
 * A WalletConnect connector for `projectId` that reports its pairing URI (`wc:…`, shown as a QR
 * code, a link for the phone's wallet app and a copyable field) through `onUri` instead of
 * WalletConnect's own modal, which would load much more code and call more outside hosts.
 */
export function walletConnectConnector(projectId: string, onUri: (uri: string) => void): CreateConnectorFn {
  const create = walletConnect({
    projectId,
    showQrModal: false,
    // WalletConnect's own relay unless configured (tests point it at a loopback port).
    ...(PUBLIC_WALLETCONNECT_RELAY_URL ? { relayUrl: PUBLIC_WALLETCONNECT_RELAY_URL } : {}),
    metadata: {
      name: "Gavel",
      description: "Auctions where every dollar sits in an on-chain escrow",
      url: window.location.origin,
      icons: [],
    },
  });
  return (config) => {
    config.emitter.on("message", (message) => {
      if (message.type === "display_uri" && typeof message.data === "string") onUri(message.data);
    });
    return create(config);
  };
}
