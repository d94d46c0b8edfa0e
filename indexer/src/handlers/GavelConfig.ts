// GavelConfig: platform settings (fee, treasury, dispute timeout, pause) and role holders. Every
// event also goes to the activity feed.

import { ponder } from "ponder:registry";
import { auction, gavelConfig, roleMember } from "ponder:schema";
import { and, eq, gt, or, sql } from "ponder";
import { argsToData, recordActivity } from "../activity.ts";
import { NO_CLOCK } from "../houses.ts";

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
  await setConfig(context.db, { paused: true, pausedAt: event.block.timestamp });
  await recordActivity(context.db, event, CONTRACT, "Paused", argsToData(event.args));
});

// While paused no clock that decides a price or a winner ran: every auction time that had not come
// when the pause began (> pausedAt) moved `pausedFor` seconds later — English and rolling ends, a
// Dutch schedule (start, floor and end together, so the price resumes where it stood), sealed
// phases. Times that had passed stay as they happened; deal deadlines never move.
ponder.on("GavelConfig:Unpaused", async ({ event, context }) => {
  const { pausedAt, pausedFor, pausedTotal } = event.args;
  await setConfig(context.db, { paused: false, pausedAt: null, pausedTotal });
  const later = (column: typeof auction.endTime) =>
    sql`case when ${column} > ${pausedAt} then ${column} + ${pausedFor} else ${column} end`;
  // Params hold a Dutch floorTime and the sealed commitEnd/revealEnd as JSON numbers.
  const laterParam = (name: "commitEnd" | "revealEnd") => {
    const value = sql`(${auction.params}::jsonb->>${sql.raw(`'${name}'`)})::numeric`;
    return sql`to_jsonb(case when ${value} > ${pausedAt} then ${value} + ${pausedFor} else ${value} end)`;
  };
  const dutchRunning = sql`${auction.format} = 'dutch' and ${auction.endTime} > ${pausedAt}`;
  const shifted = await context.db.sql
    .update(auction)
    .set({
      startTime: sql`case when ${dutchRunning} or ${auction.startTime} > ${pausedAt}
        then ${auction.startTime} + ${pausedFor} else ${auction.startTime} end`,
      endTime: sql`case when ${auction.endTime} = ${NO_CLOCK} then ${auction.endTime} else ${later(auction.endTime)} end`,
      params: sql`(case
        when ${dutchRunning} then jsonb_set(${auction.params}::jsonb, '{floorTime}',
          to_jsonb((${auction.params}::jsonb->>'floorTime')::numeric + ${pausedFor}))
        when ${auction.format} = 'sealed' then jsonb_set(jsonb_set(${auction.params}::jsonb,
          '{commitEnd}', ${laterParam("commitEnd")}), '{revealEnd}', ${laterParam("revealEnd")})
        else ${auction.params}::jsonb end)::json`,
    })
    .where(
      and(
        eq(auction.status, "active"),
        or(
          and(gt(auction.endTime, pausedAt), sql`${auction.endTime} <> ${NO_CLOCK}`),
          gt(auction.startTime, pausedAt),
        ),
      ),
    )
    .returning();
  // The feed tells what the pause did: its length and how many auctions it moved.
  await recordActivity(context.db, event, CONTRACT, "Unpaused", {
    ...argsToData(event.args),
    auctionsShifted: String(shifted.length),
  });
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
