// A WalletConnect relay stand-in on a loopback port: a minimal WebSocket server (RFC 6455, text
// frames, no extensions) that answers the relay's JSON-RPC as a real relay would acknowledge it —
// `irn_subscribe` with a subscription id, `irn_batchSubscribe` with one per topic, anything else
// with `true` — and records every request. Enough for a dApp to get its pairing URI; no wallet
// ever answers, so no session is made.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { Duplex } from "node:stream";

export interface RelayStandIn {
  url: string;
  /** JSON-RPC methods received, in order. */
  methods: string[];
  close(): Promise<void>;
}

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

function bigEndian64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigEndian64(length)]);
  return Buffer.concat([head, payload]);
}

function answer(request: { id: number; method: string; params?: { topics?: string[] } }): unknown {
  if (request.method.endsWith("_subscribe")) return randomBytes(32).toString("hex");
  if (request.method.endsWith("_batchSubscribe"))
    return (request.params?.topics ?? []).map(() => randomBytes(32).toString("hex"));
  if (request.method.endsWith("_batchFetchMessages")) return { messages: [], hasMore: false };
  return true;
}

function serve(socket: Duplex, methods: string[]) {
  let buffer = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (buffer.length < 2) return;
      const opcode = (buffer[0] as number) & 0x0f;
      let length = (buffer[1] as number) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = ((buffer[1] as number) & 0x80) !== 0;
      const mask = masked ? buffer.subarray(offset, offset + 4) : null;
      if (masked) offset += 4;
      if (buffer.length < offset + length) return;
      const payload = Buffer.from(buffer.subarray(offset, offset + length));
      buffer = buffer.subarray(offset + length);
      if (mask)
        for (let i = 0; i < payload.length; i++)
          payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
      if (opcode === 0x8) {
        socket.end(frame(0x8, Buffer.alloc(0)));
        return;
      }
      if (opcode === 0x9) {
        socket.write(frame(0xa, payload));
        continue;
      }
      if (opcode !== 0x1) continue;
      let request: { id: number; method: string };
      try {
        request = JSON.parse(payload.toString("utf8"));
      } catch {
        continue;
      }
      if (typeof request.method !== "string") continue; // an acknowledgement of ours
      methods.push(request.method);
      const reply = { id: request.id, jsonrpc: "2.0", result: answer(request) };
      socket.write(frame(0x1, Buffer.from(JSON.stringify(reply))));
    }
  });
  socket.on("error", () => {});
}

export async function startRelayStandIn(port: number): Promise<RelayStandIn> {
  const methods: string[] = [];
  const sockets = new Set<Duplex>();
  const server: Server = createServer((_request, response) => response.writeHead(404).end());
  server.on("upgrade", (request, socket) => {
    const key = request.headers["sec-websocket-key"];
    if (typeof key !== "string") {
      socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
      return;
    }
    const accept = createHash("sha1")
      .update(key + GUID)
      .digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serve(socket, methods);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `ws://127.0.0.1:${port}`,
    methods,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
