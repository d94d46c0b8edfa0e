import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { MEDIA_DIR } from "$app/env/private";

/** Content types we store, recognised by their first bytes (never by name or header). */
export type MediaType = "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "application/json";

/** The type of `bytes` from its magic numbers, or null when it is none we accept. */
export function sniffImage(bytes: Uint8Array): Exclude<MediaType, "application/json"> | null {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61)
    return "image/gif";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  return null;
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Where media lives. Content-addressed: the key is the sha-256 of the bytes (64 hex digits). */
export interface MediaStore {
  put(bytes: Uint8Array): Promise<string>;
  get(hash: string): Promise<Uint8Array<ArrayBuffer> | null>;
  /** Removes the bytes of `hash` (nothing when absent). */
  delete(hash: string): Promise<void>;
}

export const isSha256Hex = (value: string) => /^[0-9a-f]{64}$/.test(value);

/** The default store: one file per hash under a folder (`MEDIA_DIR`), written atomically. */
export class DiskMediaStore implements MediaStore {
  readonly #dir: string;
  constructor(dir: string) {
    this.#dir = resolve(dir);
  }
  #path(hash: string) {
    return join(this.#dir, hash.slice(0, 2), hash);
  }
  async put(bytes: Uint8Array): Promise<string> {
    const hash = sha256Hex(bytes);
    const path = this.#path(hash);
    await mkdir(join(this.#dir, hash.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
    return hash;
  }
  async get(hash: string): Promise<Uint8Array<ArrayBuffer> | null> {
    if (!isSha256Hex(hash)) return null;
    try {
      return new Uint8Array(await readFile(this.#path(hash)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }
  async delete(hash: string): Promise<void> {
    if (!isSha256Hex(hash)) return;
    await rm(this.#path(hash), { force: true });
  }
}

export const media: MediaStore = new DiskMediaStore(MEDIA_DIR);

/** The media hash in one of our own URIs (`…/media/<sha256>`), or null for any other URI. */
export function ownMediaHash(uri: string): string | null {
  const match = /\/media\/([0-9a-f]{64})$/.exec(uri);
  return match?.[1] ?? null;
}
