// Gasless bids: a wallet that holds USDC and no ETH signs one EIP-3009 ReceiveWithAuthorization,
// and anyone (a relayer) submits it to the house, paying the gas. The nonce is the hash of the
// bid, so the submitter can neither change the bid nor reuse the signature. Every test runs on
// the TestUSDC mock and on Circle's real FiatTokenV2_2, and the two must refuse alike.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import {
  authorizationNonce,
  authorizationSignature,
  type BidAuthorization,
  bidAuthorizationTypedData,
  type PermitDomainCache,
  readPermitDomain,
} from "@gavel/sdk";
import { network } from "hardhat";
import { type Address, getAddress, type Hex, parseEventLogs, parseSignature, zeroHash } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { circleFixtures } from "./circle.ts";
import {
  dutchParams,
  englishParams,
  type Gavel,
  HOUR,
  listingParams,
  rollingParams,
  sealedCommitment,
  sealedParams,
  usdc,
} from "./fixtures.ts";

const connection = await network.create();
const { viem, networkHelpers } = connection;
const { deployGavel, deployCircleGavel } = circleFixtures(connection);

const INVALID_SIGNATURE = "FiatTokenV2: invalid signature";
const USED = "FiatTokenV2: authorization is used or canceled";
const EXPIRED = "FiatTokenV2: authorization is expired";
const NOT_PAYEE = "FiatTokenV2: caller must be the payee";

const tokens = [
  ["the TestUSDC mock", deployGavel],
  ["Circle's FiatTokenV2_2", deployCircleGavel],
] as const;

for (const [tokenName, deploy] of tokens) {
  describe(`bids by EIP-3009 authorization on ${tokenName}`, () => {
    // Both fixtures share the market's shape; the token differs only in what the tests never call.
    let g: Gavel;
    const domains: PermitDomainCache = new Map();
    // A wallet with USDC and not one wei of ETH.
    const gasless = privateKeyToAccount(generatePrivateKey());
    const FUNDS = usdc(1_000);

    beforeEach(async () => {
      // The two fixtures' types differ only in the token's contract type.
      g = (await networkHelpers.loadFixture(deploy as () => Promise<unknown>)) as Gavel;
      domains.clear();
      await g.usdc.write.mint([gasless.address, FUNDS]);
    });

    const now = async () => BigInt(await networkHelpers.time.latest());
    const balance = (who: Address) => g.usdc.read.balanceOf([who]);

    /** The gasless wallet's (or `signer`'s) signature of `a`: EIP-2098 (r, vs) for the house, and
     *  (v, r, s) for calling the token directly. */
    async function sign(a: Omit<BidAuthorization, "domain">, signer = gasless) {
      const chainId = await g.publicClient.getChainId();
      const domain = await readPermitDomain(g.publicClient, chainId, g.usdc.address, domains);
      const signature = await signer.signTypedData(bidAuthorizationTypedData({ ...a, domain }));
      const { v, yParity, s } = parseSignature(signature);
      return { ...authorizationSignature(signature), v: Number(v ?? BigInt(yParity + 27)), s };
    }

    async function english(params = {}) {
      const id = await g.config.read.nextAuctionId();
      await g.house.write.createAuction(
        [listingParams({ reservePrice: usdc(100) }), englishParams(await now(), params)],
        {
          account: g.seller.account,
        },
      );
      return id;
    }

    /** A signed English bid of `max` by the gasless wallet on auction `id`. */
    async function englishBid(id: bigint, max: bigint, validBefore?: bigint, value = max) {
      const before = validBefore ?? (await now()) + HOUR;
      const sig = await sign({
        house: g.house.address,
        id,
        bidder: gasless.address,
        value,
        bound: max,
        validBefore: before,
      });
      return { id, max, value, validBefore: before, ...sig };
    }
    type Signed = Awaited<ReturnType<typeof englishBid>>;
    const submit = (b: Signed, over: Partial<Signed & { bidder: Address }> = {}) => {
      const x = { ...b, bidder: gasless.address, ...over };
      return g.house.write.bidWithAuthorization([x.id, x.max, x.bidder, x.value, x.validBefore, x.r, x.vs], {
        account: g.stranger.account,
      });
    };

    it("English: a wallet with no ETH bids with one signature; a relayer pays the gas and the bid is the signed one", async () => {
      const id = await english();
      const signed = await englishBid(id, usdc(150));
      const houseBefore = await balance(g.house.address);
      await viem.assertions.emitWithArgs(submit(signed), g.house, "BidPlaced", [
        id,
        getAddress(gasless.address),
        getAddress(gasless.address),
        usdc(150),
        usdc(100), // opening price at the reserve
        (await g.house.read.getAuction([id])).endTime,
        false,
      ]);
      assert.equal(await balance(gasless.address), FUNDS - usdc(150));
      assert.equal((await balance(g.house.address)) - houseBefore, usdc(150));
      assert.equal(
        await g.publicClient.getBalance({ address: gasless.address }),
        0n,
        "the bidder spent no ETH",
      );
      const a = await g.house.read.getAuction([id]);
      assert.equal(a.leader, getAddress(gasless.address));
      assert.equal(a.leaderMax, usdc(150));
      // The token spent exactly the nonce the sdk built: the house rebuilt the same hash.
      const token = await viem.getContractAt("TestUSDC", g.usdc.address);
      const nonce = authorizationNonce({
        house: g.house.address,
        id,
        bidder: gasless.address,
        bound: usdc(150),
        validBefore: signed.validBefore,
      });
      assert.equal(await token.read.authorizationState([gasless.address, nonce]), true);
    });

    it("English: the house emits exactly what a plain bid emits (BidPlaced, then Outbid), so the indexer, web and bot need nothing new", async () => {
      // The same scene twice: alice leads at 150, then a second bidder takes the lead at 200 —
      // once bob by `bid`, once the gasless wallet by authorization.
      const houseEvents = async (hash: Hex) =>
        parseEventLogs({
          abi: g.house.abi,
          logs: (await g.publicClient.waitForTransactionReceipt({ hash })).logs.filter(
            (l) => getAddress(l.address) === getAddress(g.house.address),
          ),
        }).map((e) => ({ eventName: e.eventName, args: e.args as Record<string, unknown> }));
      const plainId = await english();
      await g.house.write.bid([plainId, usdc(150)], { account: g.alice.account });
      const plain = await houseEvents(
        await g.house.write.bid([plainId, usdc(200)], { account: g.bob.account }),
      );
      const gaslessId = await english();
      await g.house.write.bid([gaslessId, usdc(150)], { account: g.alice.account });
      const authorized = await houseEvents(await submit(await englishBid(gaslessId, usdc(200))));

      assert.deepEqual(
        authorized.map((e) => e.eventName),
        ["BidPlaced", "Outbid"],
      );
      assert.deepEqual(
        plain.map((e) => e.eventName),
        authorized.map((e) => e.eventName),
      );
      // The same arguments, but for the auction, the new bidder and the end (each auction's own).
      const normalize = (e: { eventName: string; args: Record<string, unknown> }, endTime: bigint) =>
        JSON.stringify(
          e.eventName === "BidPlaced"
            ? { ...e.args, auctionId: 0n, bidder: "new", leader: "new", endTime: endTime === e.args.endTime }
            : { ...e.args, auctionId: 0n, newLeader: "new" },
          (_, v) => (typeof v === "bigint" ? v.toString() : v),
        );
      const plainEnd = (await g.house.read.getAuction([plainId])).endTime;
      const gaslessEnd = (await g.house.read.getAuction([gaslessId])).endTime;
      for (const [i, e] of plain.entries()) {
        assert.equal(normalize(authorized[i]!, gaslessEnd), normalize(e, plainEnd), e.eventName);
      }
      assert.equal((authorized[0]!.args as { bidder: Address }).bidder, getAddress(gasless.address));
    });

    it("English: a signature by anyone but the bidder, or one made for another house, is refused", async () => {
      const id = await english();
      const validBefore = (await now()) + HOUR;
      const a = {
        house: g.house.address,
        id,
        bidder: gasless.address,
        value: usdc(150),
        bound: usdc(150),
        validBefore,
      };
      const intruder = privateKeyToAccount(generatePrivateKey());
      const forged = await sign(a, intruder);
      const elsewhere = await sign({ ...a, house: g.rolling.address });
      for (const sig of [forged, elsewhere]) {
        await viem.assertions.revertWith(
          g.house.write.bidWithAuthorization(
            [id, usdc(150), gasless.address, usdc(150), validBefore, sig.r, sig.vs],
            {
              account: g.stranger.account,
            },
          ),
          INVALID_SIGNATURE,
        );
      }
      assert.equal(await balance(gasless.address), FUNDS);
    });

    it("English: the relayer cannot change the bid — another maximum, value, auction, bidder or deadline is refused by the token and nothing moves", async () => {
      const id = await english();
      const other = await english();
      const signed = await englishBid(id, usdc(150));
      for (const tampered of [
        { max: usdc(900) },
        { max: usdc(101) },
        { value: usdc(151) },
        { value: usdc(149) },
        { id: other },
        { bidder: g.alice.account.address },
        { validBefore: signed.validBefore + 1n },
      ]) {
        await viem.assertions.revertWith(submit(signed, tampered), INVALID_SIGNATURE);
      }
      assert.equal(await balance(gasless.address), FUNDS);
      assert.equal(
        (await g.house.read.getAuction([id])).leader,
        "0x0000000000000000000000000000000000000000",
      );
      // The untouched signature still works: the refusals spent nothing.
      await submit(signed);
    });

    it("English: a replayed authorization is refused; an expired one too; only the house can redeem it", async () => {
      const id = await english();
      const signed = await englishBid(id, usdc(150));
      await submit(signed);
      await viem.assertions.revertWith(submit(signed), USED);
      const late = await englishBid(id, usdc(300), (await now()) + 60n);
      await networkHelpers.time.increase(61n);
      await viem.assertions.revertWith(submit(late), EXPIRED);
      // Copied from the mempool and sent to the token directly, it is refused: only the payee may.
      const nonce = bidAuthorizationTypedData({
        domain: {},
        house: g.house.address,
        id,
        bidder: gasless.address,
        value: usdc(300),
        bound: usdc(300),
        validBefore: late.validBefore,
      }).message.nonce;
      const fresh = await englishBid(id, usdc(300));
      const token = await viem.getContractAt("TestUSDC", g.usdc.address);
      await viem.assertions.revertWith(
        token.write.receiveWithAuthorization(
          [
            gasless.address,
            g.house.address,
            usdc(300),
            0n,
            fresh.validBefore,
            nonce,
            fresh.v,
            fresh.r,
            fresh.s,
          ],
          { account: g.stranger.account },
        ),
        NOT_PAYEE,
      );
    });

    it("English: a losing bid by authorization gets its whole maximum back at once; a raise keeps only the new maximum", async () => {
      const id = await english();
      await g.house.write.bid([id, usdc(400)], { account: g.alice.account });
      const losing = await englishBid(id, usdc(200));
      await viem.assertions.emitWithArgs(submit(losing), g.house, "EscrowReturned", [
        id,
        getAddress(gasless.address),
        usdc(200),
        true,
      ]);
      assert.equal(await balance(gasless.address), FUNDS, "nothing kept for a losing bid");
      assert.equal((await g.house.read.getAuction([id])).price, usdc(210), "the price still answered it");

      const lead = await englishBid(id, usdc(500));
      await submit(lead);
      assert.equal(await balance(gasless.address), FUNDS - usdc(500));
      // The leader signs only the difference: 500 is already in escrow.
      const raise = await englishBid(id, usdc(700), undefined, usdc(200));
      await submit(raise);
      assert.equal(
        await balance(gasless.address),
        FUNDS - usdc(700),
        "the house holds exactly the new maximum",
      );
      assert.equal((await g.house.read.getAuction([id])).leaderMax, usdc(700));
    });

    it("English: the value must cover the escrow, and a rule of the bid (the seller's own bid) refuses the whole transaction", async () => {
      const id = await english();
      // A raise signed for the difference, submitted after the bidder lost the lead: too little.
      await submit(await englishBid(id, usdc(150)));
      const raise = await englishBid(id, usdc(300), undefined, usdc(150));
      await g.house.write.bid([id, usdc(200)], { account: g.alice.account });
      await viem.assertions.revertWithCustomErrorWithArgs(
        submit(raise),
        g.house,
        "AuctionAuthorizationTooLow",
        [id, usdc(150), usdc(300)],
      );
      assert.equal(
        await balance(gasless.address),
        FUNDS,
        "outbid and refunded; the short authorization moved nothing",
      );

      const validBefore = (await now()) + HOUR;
      const typed = bidAuthorizationTypedData({
        domain: await readPermitDomain(
          g.publicClient,
          await g.publicClient.getChainId(),
          g.usdc.address,
          domains,
        ),
        house: g.house.address,
        id,
        bidder: g.seller.account.address,
        value: usdc(500),
        bound: usdc(500),
        validBefore,
      });
      const { r, vs } = authorizationSignature(
        await g.seller.signTypedData({ account: g.seller.account, ...typed }),
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        g.house.write.bidWithAuthorization(
          [id, usdc(500), g.seller.account.address, usdc(500), validBefore, r, vs],
          { account: g.stranger.account },
        ),
        g.house,
        "EnglishSellerCannotBid",
        [id],
      );
    });

    it("rolling: a round's bid by authorization, bound to the round", async () => {
      const listingId = await g.config.read.nextAuctionId();
      await g.rolling.write.createAuction([listingParams({ reservePrice: usdc(100) }), rollingParams()], {
        account: g.seller.account,
      });
      const roundId = (await g.rolling.read.getRolling([listingId])).currentRoundId;
      const validBefore = (await now()) + HOUR;
      const a = {
        house: g.rolling.address,
        id: roundId,
        bidder: gasless.address,
        value: usdc(120),
        bound: usdc(120),
        validBefore,
      };
      const { r, vs } = await sign(a);
      await viem.assertions.revertWith(
        g.rolling.write.bidWithAuthorization(
          [roundId, usdc(130), gasless.address, usdc(120), validBefore, r, vs],
          {
            account: g.stranger.account,
          },
        ),
        INVALID_SIGNATURE,
      );
      await g.rolling.write.bidWithAuthorization(
        [roundId, usdc(120), gasless.address, usdc(120), validBefore, r, vs],
        {
          account: g.stranger.account,
        },
      );
      assert.equal((await g.rolling.read.getRound([roundId])).leader, getAddress(gasless.address));
      assert.equal(await balance(gasless.address), FUNDS - usdc(120));
    });

    it("Dutch: a buy by authorization pays the chain price exactly and gets the rest of the guard back", async () => {
      const id = await g.config.read.nextAuctionId();
      await g.dutch.write.createAuction(
        [listingParams({ reservePrice: usdc(100) }), dutchParams(await now(), { startPrice: usdc(300) })],
        { account: g.seller.account },
      );
      await networkHelpers.time.increase(HOUR); // started, the price falling
      const validBefore = (await now()) + HOUR;
      const { r, vs } = await sign({
        house: g.dutch.address,
        id,
        bidder: gasless.address,
        value: usdc(400),
        bound: usdc(400),
        validBefore,
      });
      await g.dutch.write.buyWithAuthorization([id, usdc(400), gasless.address, validBefore, r, vs], {
        account: g.stranger.account,
      });
      const deal = await g.dutch.read.getDeal([id]);
      assert.equal(deal.buyer, getAddress(gasless.address));
      assert.equal(await balance(gasless.address), FUNDS - deal.amount, "paid the price, the rest came back");
      assert.ok(deal.amount <= usdc(300) && deal.amount >= usdc(100));
    });

    it("sealed: a commitment by authorization; the relayer cannot swap the commitment", async () => {
      const id = await g.config.read.nextAuctionId();
      await g.sealed.write.createAuction(
        [listingParams({ reservePrice: usdc(100) }), sealedParams(await now())],
        {
          account: g.seller.account,
        },
      );
      const salt = zeroHash.replace(/0$/, "7") as Hex;
      const commitment = sealedCommitment(g.sealed.address, id, gasless.address, usdc(150), salt);
      const validBefore = (await now()) + HOUR;
      const { r, vs } = await sign({
        house: g.sealed.address,
        id,
        bidder: gasless.address,
        value: usdc(200),
        bound: commitment,
        validBefore,
      });
      const swapped = sealedCommitment(g.sealed.address, id, gasless.address, usdc(101), salt);
      await viem.assertions.revertWith(
        g.sealed.write.commitWithAuthorization(
          [id, swapped, usdc(200), gasless.address, validBefore, r, vs],
          {
            account: g.stranger.account,
          },
        ),
        INVALID_SIGNATURE,
      );
      await g.sealed.write.commitWithAuthorization(
        [id, commitment, usdc(200), gasless.address, validBefore, r, vs],
        {
          account: g.stranger.account,
        },
      );
      const c = await g.sealed.read.getCommitment([id, gasless.address]);
      assert.deepEqual([c.commitment, c.collateral], [commitment, usdc(200)]);
      assert.equal(await balance(gasless.address), FUNDS - usdc(200));
    });
  });
}
