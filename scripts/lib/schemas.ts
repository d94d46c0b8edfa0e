import pg from "pg";

/** Drops a service's Postgres schema (used when the chain it indexed has been replaced). */
export async function resetIndexerSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema.replaceAll('"', '""')}" cascade`);
  } finally {
    await client.end();
  }
}
