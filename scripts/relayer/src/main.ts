// The relayer process: reads its configuration from the environment (a bad value stops it naming
// the variable), then serves until SIGINT/SIGTERM. See ../README.md.
//   RPC_URL=… DATABASE_URL=… RELAYER_PRIVATE_KEY=0x… node src/main.ts
import { RelayerConfigError, type RelayerEnv, readRelayerEnv } from "./config.ts";
import { startRelayer } from "./relayer.ts";

let env: RelayerEnv;
try {
  env = readRelayerEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
let relayer: Awaited<ReturnType<typeof startRelayer>>;
try {
  relayer = await startRelayer(env);
} catch (error) {
  console.error(error instanceof RelayerConfigError ? error.message : error);
  process.exit(1);
}
const shutdown = async () => {
  await relayer.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
