// The bot's HTTP server (Hono on @hono/node-server): /health for orchestrators and load
// balancers, /metrics for Prometheus, and in webhook mode the path Telegram posts updates to.
import { createAdaptorServer } from "@hono/node-server";
import { type Context, Hono } from "hono";
import type { Registry } from "prom-client";

export interface HealthReport {
  ok: boolean;
  checks: Record<string, boolean>;
}

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

export interface HttpOptions {
  registry: Registry;
  health: () => Promise<HealthReport>;
  /** Webhook mode: POST `path` goes to `handle` (which checks the secret token itself). */
  webhook?: { path: string; handle: (c: Context) => Promise<Response> } | undefined;
}

export function createHttpApp(options: HttpOptions): Hono {
  const app = new Hono();
  app.get("/health", async (c) => {
    const report = await options.health();
    return c.json({ status: report.ok ? "ok" : "unavailable", checks: report.checks }, report.ok ? 200 : 503);
  });
  app.get("/metrics", async (c) =>
    c.body(await options.registry.metrics(), 200, { "content-type": options.registry.contentType }),
  );
  if (options.webhook) app.post(options.webhook.path, options.webhook.handle);
  app.notFound((c) => c.text("not found\n", 404));
  app.onError((error, c) => c.text(`${error.message}\n`, 500));
  return app;
}

export async function startHttpServer(
  options: HttpOptions & { host: string; port: number },
): Promise<HttpServer> {
  const app = createHttpApp(options);
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`HTTP_PORT ${options.port} on ${options.host} is already taken by another process`)
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = address && typeof address === "object" ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
