// GavelConfig: platform settings (fee, treasury, dispute timeout, pause) and role holders. Every
// event also goes to the activity feed.
import { ponder } from "ponder:registry";
import { gavelConfig, roleMember } from "ponder:schema";
import { argsToData, recordActivity } from "../activity.ts";

const CONTRACT = "GavelConfig";
const ID = "config";

type ConfigRow = typeof gavelConfig.$inferInsert;

async function setConfig(
  db: Parameters<Parameters<typeof ponder.on>[1]>[0]["context"]["db"],
  values: Partial<ConfigRow>,
) {
  await db
    .insert(gavelConfig)
    .values({ id: ID, paused: false, ...values })
    .onConflictDoUpdate(values);
}

ponder.on("GavelConfig:FeeUpdated", async ({ event, context }) => {
  await setConfig(context.db, { feeBps: event.args.newFeeBps });
  await recordActivity(context.db, event, CONTRACT, "FeeUpdated", argsToData(event.args));
});

ponder.on("GavelConfig:TreasuryUpdated", async ({ event, context }) => {
  await setConfig(context.db, { treasury: event.args.newTreasury });
  await recordActivity(context.db, event, CONTRACT, "TreasuryUpdated", argsToData(event.args));
});

ponder.on("GavelConfig:DisputeTimeoutUpdated", async ({ event, context }) => {
  await setConfig(context.db, { disputeTimeout: event.args.newTimeout });
  await recordActivity(context.db, event, CONTRACT, "DisputeTimeoutUpdated", argsToData(event.args));
});

ponder.on("GavelConfig:Paused", async ({ event, context }) => {
  await setConfig(context.db, { paused: true });
  await recordActivity(context.db, event, CONTRACT, "Paused", argsToData(event.args));
});

ponder.on("GavelConfig:Unpaused", async ({ event, context }) => {
  await setConfig(context.db, { paused: false });
  await recordActivity(context.db, event, CONTRACT, "Unpaused", argsToData(event.args));
});

ponder.on("GavelConfig:RoleGranted", async ({ event, context }) => {
  const { role, account } = event.args;
  await context.db
    .insert(roleMember)
    .values({ role, account, grantedAt: event.block.timestamp })
    .onConflictDoNothing();
  await recordActivity(context.db, event, CONTRACT, "RoleGranted", argsToData(event.args));
});

ponder.on("GavelConfig:RoleRevoked", async ({ event, context }) => {
  const { role, account } = event.args;
  await context.db.delete(roleMember, { role, account });
  await recordActivity(context.db, event, CONTRACT, "RoleRevoked", argsToData(event.args));
});

ponder.on("GavelConfig:RoleAdminChanged", async ({ event, context }) => {
  await recordActivity(context.db, event, CONTRACT, "RoleAdminChanged", argsToData(event.args));
});
