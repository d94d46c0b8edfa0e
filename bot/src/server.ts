// A small HTTP server beside the bot: /health for orchestrators and load balancers, /metrics for
// Prometheus, and in webhook mode the path Telegram posts updates to.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Registry } from "prom-client";

export interface HealthReport {
  ok: boolean;
  checks: Record<string, boolean>;
}

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

export async function startHttpServer(options: {
  host: string;
  port: number;
  registry: Registry;
  health: () => Promise<HealthReport>;
  /** Webhook mode: POST `path` goes to `handle` (which checks the secret token itself). */
  webhook?:
    | { path: string; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> }
    | undefined;
}): Promise<HttpServer> {
  const server = createServer(async (req, res) => {
    try {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      if (req.method === "GET" && path === "/health") {
        const report = await options.health();
        res.writeHead(report.ok ? 200 : 503, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: report.ok ? "ok" : "unavailable", checks: report.checks }));
      } else if (options.webhook && req.method === "POST" && path === options.webhook.path) {
        await options.webhook.handle(req, res);
      } else if (req.method === "GET" && path === "/metrics") {
        const body = await options.registry.metrics();
        res.writeHead(200, { "content-type": options.registry.contentType });
        res.end(body);
      } else {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found\n");
      }
    } catch (error) {
      if (res.headersSent) return void res.end();
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(`${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`HTTP_PORT ${options.port} on ${options.host} is already taken by another process`)
          : error,
      ),
    );
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = address && typeof address === "object" ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
