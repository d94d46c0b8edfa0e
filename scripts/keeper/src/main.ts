// The keeper process: reads its configuration from the environment (a bad value stops it naming
// the variable), then runs until SIGINT/SIGTERM. See ../README.md.
//   RPC_URL=… INDEXER_URL=… KEEPER_PRIVATE_KEY=0x… node src/main.ts
import { KeeperConfigError, type KeeperEnv, readKeeperEnv, startKeeper } from "./keeper.ts";

let env: KeeperEnv;
try {
  env = readKeeperEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
let keeper: Awaited<ReturnType<typeof startKeeper>>;
try {
  keeper = await startKeeper(env);
} catch (error) {
  console.error(error instanceof KeeperConfigError ? error.message : error);
  process.exit(1);
}
const shutdown = async () => {
  await keeper.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
