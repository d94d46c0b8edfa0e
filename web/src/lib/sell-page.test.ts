// @vitest-environment happy-dom
// The sell page rendered in happy-dom: the format picker swaps the fields, and a bad form is
// refused on the spot — messages in the page's language, the first bad field focused, nothing
// sent to the server.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { page } from "../../test/unit/app-state.svelte.ts";
import SellPage from "../routes/sell/+page.svelte";

const props = { data: { maxImageBytes: 5 * 1024 * 1024 } } as never;
const fetches = vi.fn(async () => new Response("{}", { status: 500 }));

beforeEach(() => {
  page.data = {
    locale: "en",
    user: { address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" },
    contracts: { english: "0x1", dutch: "0x2", sealed: "0x3", rolling: "0x4", usdc: "0x5", config: "0x6" },
  };
  fetches.mockClear();
  vi.stubGlobal("fetch", fetches);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
async function type(label: string, value: string) {
  await fireEvent.input(field(label), { target: { value } });
}

describe("the sell page", () => {
  test("signed out, it asks for a wallet instead of showing the form", () => {
    page.data = { ...page.data, user: null };
    render(SellPage, props);
    expect(screen.getByText("Connect your wallet (top right) to list an item.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Review and sign" })).toBeNull();
  });

  test("the format picker swaps in each format's own fields", async () => {
    render(SellPage, props);
    expect(screen.getByLabelText("Late-bid extension (minutes)")).toBeTruthy();
    await fireEvent.click(screen.getByRole("radio", { name: /^Dutch auction — / }));
    expect(screen.getByLabelText("Lowest price (USDC)")).toBeTruthy();
    expect(screen.queryByLabelText("Late-bid extension (minutes)")).toBeNull();
    await fireEvent.click(screen.getByRole("radio", { name: /^Sealed bid — / }));
    expect(screen.getByLabelText("Reveal phase (hours)")).toBeTruthy();
    expect(screen.getByRole("radio", { name: "the second-highest bid (second price)" })).toHaveProperty(
      "checked",
      true,
    );
    await fireEvent.click(screen.getByRole("radio", { name: /^Rolling auction — / }));
    expect(screen.getByLabelText("Units for sale")).toBeTruthy();
    expect(screen.queryByLabelText("Reveal phase (hours)")).toBeNull();
  });

  test("a bad Dutch form: the field's message, the focus on it, nothing sent", async () => {
    render(SellPage, props);
    await fireEvent.click(screen.getByRole("radio", { name: /^Dutch auction — / }));
    await type("Title", "Walnut writing desk");
    await type("Starting price (USDC)", "50");
    await type("Lowest price (USDC)", "60");
    await fireEvent.click(screen.getByRole("button", { name: "Review and sign" }));
    await vi.waitFor(() => expect(document.activeElement?.id).toBe("floorPrice"));
    expect(
      screen.getByText("The lowest price must be at least 1 USDC and no higher than the starting price."),
    ).toBeTruthy();
    expect(field("Lowest price (USDC)").getAttribute("aria-invalid")).toBe("true");
    expect(field("Starting price (USDC)").getAttribute("aria-invalid")).toBeNull();
    expect(fetches).not.toHaveBeenCalled();
    // Fixing it clears the message as it is typed.
    await type("Lowest price (USDC)", "40");
    expect(
      screen.queryByText("The lowest price must be at least 1 USDC and no higher than the starting price."),
    ).toBeNull();
  });

  test("sealed bid: the penalty starts at 25 %, goes to the treasury, and 9 % or 2 days are refused", async () => {
    render(SellPage, props);
    await fireEvent.click(screen.getByRole("radio", { name: /^Sealed bid — / }));
    expect(field("Penalty for not revealing (%)").value).toBe("25");
    expect(screen.getByText(/goes to the Gavel platform treasury, never to you/)).toBeTruthy();
    await type("Title", "Pocket watch");
    await type("Reserve price (USDC)", "10");
    await type("Penalty for not revealing (%)", "9");
    await type("Confirmation time (days)", "2");
    await type("Dispute window (hours)", "24");
    await fireEvent.click(screen.getByRole("button", { name: "Review and sign" }));
    await vi.waitFor(() =>
      expect(screen.getByText("The penalty must be a whole number from 10 to 100 %.")).toBeTruthy(),
    );
    expect(screen.getByText("Confirmation time must be 3 to 60 days.")).toBeTruthy();
    expect(fetches).not.toHaveBeenCalled();
    // The new limits themselves pass.
    await type("Penalty for not revealing (%)", "100");
    await type("Confirmation time (days)", "3");
    expect(screen.queryByText("The penalty must be a whole number from 10 to 100 %.")).toBeNull();
    expect(screen.queryByText("Confirmation time must be 3 to 60 days.")).toBeNull();
  });

  test("in Russian: the labels, the help and the errors", async () => {
    page.data = { ...page.data, locale: "ru" };
    render(SellPage, props);
    await fireEvent.click(screen.getByRole("radio", { name: /^Закрытые ставки — / }));
    await type("Резервная цена (USDC)", "0.5");
    await fireEvent.click(screen.getByRole("button", { name: "Проверить и подписать" }));
    await vi.waitFor(() => expect(screen.getByText("Резервная цена — не меньше 1 USDC.")).toBeTruthy());
    expect(screen.getByText("Введите название длиной от 1 до 64 символов.")).toBeTruthy();
    expect(fetches).not.toHaveBeenCalled();
  });
});
