import { plainSafeTx, type SafeTx, safeTxHash } from "@gavel/sdk/safe";
import { type Address, encodeFunctionData, type Hex, parseAbi } from "viem";
import { pool } from "./db.ts";

export const ruleAbi = parseAbi(["function rule(uint256 dealId, uint16 buyerShareBps)"]);

export interface Ruling {
  safeTxHash: Hex;
  safe: Address;
  dealId: string;
  house: Address;
  buyerShareBps: number;
  /** The SafeTx with its numbers as decimal strings (JSON). */
  tx: { to: Address; data: Hex; nonce: string };
  proposedBy: string;
  executedTx: string | null;
  signatures: { owner: Address; signature: Hex }[];
}

export function rulingTx(house: Address, dealId: string, buyerShareBps: number, nonce: bigint): SafeTx {
  const data = encodeFunctionData({
    abi: ruleAbi,
    functionName: "rule",
    args: [BigInt(dealId), buyerShareBps],
  });
  return plainSafeTx(house, data, nonce);
}

/** Stores a proposed ruling (idempotent: the same SafeTx has the same hash). */
export async function proposeRuling(args: {
  chainId: number;
  safe: Address;
  house: Address;
  dealId: string;
  buyerShareBps: number;
  nonce: bigint;
  proposedBy: string;
}): Promise<Hex> {
  const tx = rulingTx(args.house, args.dealId, args.buyerShareBps, args.nonce);
  const hash = safeTxHash(args.chainId, args.safe, tx);
  await pool.query(
    `insert into web.safe_rulings (safe_tx_hash, chain_id, safe, deal_id, house, buyer_share_bps, nonce, data, proposed_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (safe_tx_hash) do nothing`,
    [
      hash,
      args.chainId,
      args.safe.toLowerCase(),
      args.dealId,
      args.house.toLowerCase(),
      args.buyerShareBps,
      args.nonce.toString(),
      tx.data,
      args.proposedBy,
    ],
  );
  return hash;
}

export async function addSignature(hash: Hex, owner: string, signature: Hex): Promise<void> {
  await pool.query(
    "insert into web.safe_signatures (safe_tx_hash, owner, signature) values ($1, $2, $3) on conflict (safe_tx_hash, owner) do update set signature = excluded.signature",
    [hash, owner.toLowerCase(), signature.toLowerCase()],
  );
}

export async function markExecuted(hash: Hex, txHash: Hex): Promise<void> {
  await pool.query("update web.safe_rulings set executed_tx = $2 where safe_tx_hash = $1", [hash, txHash]);
}

/** Rulings of the given deals (newest first per deal), with their signatures. */
export async function rulingsFor(dealIds: string[]): Promise<Ruling[]> {
  if (dealIds.length === 0) return [];
  const { rows } = await pool.query<{
    safe_tx_hash: Hex;
    safe: Address;
    deal_id: string;
    house: Address;
    buyer_share_bps: number;
    nonce: string;
    data: Hex;
    proposed_by: string;
    executed_tx: string | null;
    signatures: { owner: Address; signature: Hex }[] | null;
  }>(
    `select r.*, (select json_agg(json_build_object('owner', s.owner, 'signature', s.signature) order by s.owner)
                   from web.safe_signatures s where s.safe_tx_hash = r.safe_tx_hash) as signatures
       from web.safe_rulings r where r.deal_id = any($1::numeric[]) order by r.created_at desc`,
    [dealIds],
  );
  return rows.map((r) => ({
    safeTxHash: r.safe_tx_hash,
    safe: r.safe,
    dealId: String(r.deal_id),
    house: r.house,
    buyerShareBps: r.buyer_share_bps,
    tx: { to: r.house, data: r.data, nonce: String(r.nonce) },
    proposedBy: r.proposed_by,
    executedTx: r.executed_tx,
    signatures: r.signatures ?? [],
  }));
}

export async function rulingByHash(hash: string): Promise<Ruling | null> {
  const { rows } = await pool.query<{ deal_id: string }>(
    "select deal_id from web.safe_rulings where safe_tx_hash = $1",
    [hash],
  );
  const row = rows[0];
  if (!row) return null;
  return (await rulingsFor([String(row.deal_id)])).find((r) => r.safeTxHash === hash) ?? null;
}
