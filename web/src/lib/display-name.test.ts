import { describe, expect, it } from "vitest";
import { foldName, profileForm } from "./display-name.ts";

const problem = (name: string) => {
  const parsed = profileForm.safeParse({ name, avatar: "" });
  return parsed.success ? null : parsed.error.issues[0]?.message;
};

describe("display names", () => {
  it("accepts 1–32 characters, trimmed, spaces collapsed; empty clears the name", () => {
    expect(profileForm.parse({ name: "  Alice   the  Seller ", avatar: "" }).name).toBe("Alice the Seller");
    expect(profileForm.parse({ name: "Ж", avatar: "" }).name).toBe("Ж");
    expect(profileForm.parse({ name: "   ", avatar: "" }).name).toBe("");
    expect(problem("x".repeat(32))).toBeNull();
    expect(problem("x".repeat(33))).toBe("too_long");
    expect(problem("🦊".repeat(32))).toBeNull(); // characters, not UTF-16 units
  });

  it("refuses control and invisible characters (bidi overrides, zero-width)", () => {
    expect(problem("Alice\u0000")).toBe("no_control");
    expect(problem("Ali\u202Ece")).toBe("no_control");
    expect(problem("Al\u200Bice")).toBe("no_control");
  });

  it("refuses address look-alikes, in any case or width", () => {
    expect(problem("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).toBe("looks_like_address");
    expect(problem("0xAbCd…79C8")).toBe("looks_like_address");
    expect(problem("０ｘａｂｃｄ")).toBe("looks_like_address");
    expect(problem("0xford")).toBeNull();
  });

  it("folds names so that case and width variants are one name (uniqueness)", () => {
    expect(foldName("Alice")).toBe(foldName("ALICE"));
    expect(foldName("Ａｌｉｃｅ")).toBe(foldName("alice"));
    expect(foldName("Alice  Smith")).toBe(foldName("alice smith"));
    expect(foldName("Alice")).not.toBe(foldName("Alicia"));
  });

  it("takes an avatar only as a sha-256 of an upload", () => {
    expect(profileForm.safeParse({ name: "", avatar: "a".repeat(64) }).success).toBe(true);
    expect(
      profileForm.safeParse({ name: "", avatar: "https://evil.example/x.png" }).error?.issues[0]?.message,
    ).toBe("bad_avatar");
  });
});
