/**
 * Display names and avatars (web.profiles): set by a signed-in wallet on /settings, shown wherever
 * an address is (AddressLink). Rules for a name (#lib/display-name.ts, and the table):
 * - 1–32 characters after trimming, no control or invisible formatting characters (bidi overrides,
 *   zero-width spaces);
 * - not an address look-alike: nothing that starts with "0x" and four hex digits;
 * - not another wallet's name: names are unique after folding (NFKC, lowercase, runs of spaces as
 *   one), so "Alice", "ALICE" and "Ａｌｉｃｅ" are one name; the first wallet to take it keeps it.
 * An avatar is the sha-256 of an image this wallet uploaded (POST /media/upload).
 */
import { foldName } from "#lib/display-name.ts";
import type { People, Person } from "#lib/people.ts";
import { pool } from "./db.ts";
import { baseNames } from "./names.ts";
import { readCache } from "./read-cache.ts";

/**
 * Profiles read in the last second, shared by every render of this process (a page of cards asks
 * for the same sellers again and again); saving a profile forgets the wallet's entry at once.
 */
const recent = readCache<Person>({ ttlMs: 1_000, maxEntries: 5_000 });

/** Profiles of these addresses (lowercase), only those that have one. */
export async function peopleOf(addresses: Iterable<string | null | undefined>): Promise<People> {
  const list = [
    ...new Set([...addresses].filter((a): a is string => Boolean(a)).map((a) => a.toLowerCase())),
  ];
  if (list.length === 0) return {};
  return Object.fromEntries(await recent.many(list, readPeople));
}

async function readPeople(list: string[]): Promise<Map<string, Person>> {
  const [{ rows }, names] = await Promise.all([
    pool.query<{ address: string; display_name: string | null; avatar: string | null }>(
      "select address, display_name, avatar from web.profiles where address = any($1::text[])",
      [list],
    ),
    baseNames(list),
  ]);
  const people = new Map<string, Person>();
  for (const [address, baseName] of Object.entries(names))
    people.set(address, { name: null, avatar: null, baseName });
  for (const r of rows) {
    people.set(r.address, {
      name: r.display_name,
      avatar: r.avatar ? `/media/${r.avatar}` : null,
      baseName: names[r.address] ?? null,
    });
  }
  return people;
}

export type SaveResult = { ok: true } | { ok: false; field: "name" | "avatar"; error: string };

/**
 * Sets (or, with empty values, clears) `address`'s name and avatar. The avatar must be an image
 * this wallet uploaded; the name must be free.
 */
export async function saveProfile(address: string, name: string, avatar: string): Promise<SaveResult> {
  const wallet = address.toLowerCase();
  if (avatar) {
    const { rows } = await pool.query(
      "select 1 from web.media_uploads where hash = $1 and uploader = $2 and kind = 'image'",
      [avatar, wallet],
    );
    if (rows.length === 0) return { ok: false, field: "avatar", error: "bad_avatar" };
  }
  try {
    await pool.query(
      `insert into web.profiles (address, display_name, name_key, avatar, updated_at)
       values ($1, $2, $3, $4, now())
       on conflict (address) do update
         set display_name = excluded.display_name, name_key = excluded.name_key,
             avatar = excluded.avatar, updated_at = now()`,
      [wallet, name || null, name ? foldName(name) : null, avatar || null],
    );
  } catch (error) {
    if ((error as { code?: string }).code === "23505") return { ok: false, field: "name", error: "taken" };
    throw error;
  } finally {
    // The wallet's next page shows what it just saved (or, on a refusal, what is stored).
    recent.invalidate(wallet);
  }
  return { ok: true };
}

/** Avatars in use (the media GC keeps them). */
export async function avatarHashes(): Promise<Set<string>> {
  const { rows } = await pool.query<{ avatar: string }>(
    "select avatar from web.profiles where avatar is not null",
  );
  return new Set(rows.map((r) => r.avatar));
}
