import { describe, expect, it } from "vitest";
import { displayName } from "./people.ts";

describe("which name an address is shown by", () => {
  it("the display name set on Gavel wins, then the Base name, then none (the short address)", () => {
    expect(displayName({ name: "Ada", avatar: null, baseName: "ada.base.eth" })).toBe("Ada");
    expect(displayName({ name: null, avatar: null, baseName: "ada.base.eth" })).toBe("ada.base.eth");
    expect(displayName({ name: null, avatar: "/media/x", baseName: null })).toBeNull();
    expect(displayName(undefined)).toBeNull();
  });
});
