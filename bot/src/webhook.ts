// Webhook ingress (BOT_MODE=webhook): the Hono handler Telegram posts updates to.
//
// - The secret token: a request without `X-Telegram-Bot-Api-Secret-Token` equal to
//   WEBHOOK_SECRET gets 401 and is not handled (compared in constant time).
// - De-duplication by update_id: Telegram re-posts an update it got no 200 for (a slow answer, a
//   lost connection, a restart mid-request). An update being handled (in memory) or handled before
//   (bot.webhook_updates, so it survives a restart) is answered 200 and not handled again.
//   An update is recorded once handled: a crash in the middle of handling it lets Telegram's
//   re-post handle it again (at least once), a crash after recording drops the re-post.
// - Telegram waits for the answer; a handler still running after `timeoutMs` gets its 200 early
//   and finishes in the background (its update stays "in flight", so a re-post is dropped).
import { createHash, timingSafeEqual } from "node:crypto";
import type { Update } from "grammy/types";
import type { Context } from "hono";
import type { Pool } from "pg";
import type { Logger } from "./logger.ts";
import type { Metrics } from "./metrics.ts";

export const SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

export interface WebhookIngressOptions {
  secret: string;
  pool: Pool;
  /** Handles one update (grammY's `bot.handleUpdate`). */
  handleUpdate: (update: Update) => Promise<void>;
  logger: Logger;
  metrics: Metrics;
  /** Answer 200 after this long even if the handler still runs (default 10 s, as grammY's). */
  timeoutMs?: number;
  /** How long handled update ids are remembered (default 25 h: Telegram keeps updates 24 h). */
  retainMs?: number;
}

const digest = (text: string) => createHash("sha256").update(text).digest();

export class WebhookIngress {
  readonly #o: WebhookIngressOptions;
  readonly #log: Logger;
  readonly #secret: Buffer;
  readonly #inFlight = new Map<number, Promise<void>>();
  #lastPrune = 0;

  constructor(options: WebhookIngressOptions) {
    this.#o = options;
    this.#log = options.logger.child({ part: "webhook" });
    this.#secret = digest(options.secret);
  }

  /** The Hono route handler. */
  readonly handle = async (c: Context): Promise<Response> => {
    const given = c.req.header(SECRET_HEADER);
    if (given === undefined || !timingSafeEqual(digest(given), this.#secret)) {
      this.#o.metrics.webhookRequests.inc({ outcome: "unauthorized" });
      return c.json({ error: "secret token is wrong or missing" }, 401);
    }
    let update: Update;
    try {
      update = await c.req.json<Update>();
    } catch {
      this.#o.metrics.webhookRequests.inc({ outcome: "invalid" });
      return c.json({ error: "the body is not JSON" }, 400);
    }
    const id = (update as { update_id?: unknown } | null)?.update_id;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) {
      this.#o.metrics.webhookRequests.inc({ outcome: "invalid" });
      return c.json({ error: "the body is not a Telegram update" }, 400);
    }
    const repeated = () => {
      this.#o.metrics.webhookRequests.inc({ outcome: "repeated" });
      this.#log.info({ update_id: id }, "repeated update answered, not handled again");
      return c.json({ ok: true });
    };
    if (this.#inFlight.has(id)) return repeated();
    // Claimed before the first await, so a copy posted meanwhile sees it in flight.
    let release!: () => void;
    this.#inFlight.set(id, new Promise<void>((resolve) => (release = resolve)));
    if (await this.#handledBefore(id)) {
      this.#inFlight.delete(id);
      release();
      return repeated();
    }
    const handling = this.#handle(id, update).finally(release);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      handling.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.#o.timeoutMs ?? 10_000);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) this.#log.warn({ update_id: id }, "update still being handled; answered 200 early");
    return c.json({ ok: true });
  };

  /** Waits for the updates being handled (at shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled(this.#inFlight.values());
  }

  async #handle(id: number, update: Update): Promise<void> {
    try {
      await this.#o.handleUpdate(update);
      this.#o.metrics.webhookRequests.inc({ outcome: "handled" });
    } catch (error) {
      // The bot's error boundary answers users; this is what escaped it. Telegram re-posting
      // the update would most likely fail the same way, so it is recorded as handled too.
      this.#o.metrics.webhookRequests.inc({ outcome: "failed" });
      this.#log.error({ err: error, update_id: id }, "handling a webhook update failed");
    }
    try {
      await this.#o.pool.query(
        "insert into bot.webhook_updates (update_id) values ($1) on conflict do nothing",
        [id],
      );
      await this.#prune();
    } catch (error) {
      this.#log.error({ err: error, update_id: id }, "could not record a handled update");
    } finally {
      this.#inFlight.delete(id);
    }
  }

  async #handledBefore(id: number): Promise<boolean> {
    try {
      const { rowCount } = await this.#o.pool.query(
        "select 1 from bot.webhook_updates where update_id = $1",
        [id],
      );
      return (rowCount ?? 0) > 0;
    } catch (error) {
      // Better to answer an update twice than never: handle it.
      this.#log.error({ err: error, update_id: id }, "could not check whether an update was handled");
      return false;
    }
  }

  /** Forgets handled ids Telegram can no longer re-post, at most once a minute. */
  async #prune(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastPrune < 60_000) return;
    this.#lastPrune = now;
    await this.#o.pool.query(
      "delete from bot.webhook_updates where handled_at < now() - make_interval(secs => $1::double precision / 1000)",
      [this.#o.retainMs ?? 25 * 3_600_000],
    );
  }
}
