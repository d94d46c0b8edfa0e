// Stand-in for SvelteKit's `$app/env/public` in unit tests: the defaults src/env.ts gives a local
// setup (the Hardhat chain, no WalletConnect, no bot).
export const PUBLIC_CHAIN_ID = 31337;
export const PUBLIC_RPC_URL: string | undefined = undefined;
export const PUBLIC_WALLETCONNECT_PROJECT_ID: string | undefined = undefined;
export const PUBLIC_BOT_USERNAME: string | undefined = undefined;
export const PUBLIC_RELAYER_URL: string | undefined = undefined;
