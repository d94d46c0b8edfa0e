// The newcomer's tour of the dev command's web app (vite dev, not the build): every main page in
// English and then in Russian, signed in as the demo's admin (Hardhat account 0) or an arbiter, in a
// browser set to a time zone other than UTC. Records what a clean page must not have — console
// errors, uncaught exceptions, Content-Security-Policy violations (the browser helper reports each
// as a console error), answers of 500 and above to any request, serious or critical axe-core
// accessibility violations — and saves a screenshot of each
// page at a laptop and a phone size into test-results/screens/ (git-ignored).
/// <reference lib="dom" />
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { hardhatDevKey, repoRoot } from "../../scripts/lib/chain.ts";
import { axeViolations } from "../../web/test/browser/a11y.ts";
import { launchChromium } from "../../web/test/browser/chromium.ts";
import { openSignedIn } from "../../web/test/browser/session.ts";

export const screensDir = join(repoRoot, "test-results/screens");
export const languages = ["en", "ru"] as const;
export type Language = (typeof languages)[number];
const viewports = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
];

export interface TourPage {
  /** For the screenshot's file name: "browse", "auction-dutch", … */
  name: string;
  path: string;
  /** The status the page answers with (default 200), e.g. 403 for a page the account may not see. */
  status?: number;
  /** The Hardhat account signed in for this page (default 0, the demo's admin). */
  account?: number;
  /** Text the page must show (e.g. the dispute waiting on the arbiter console). */
  shows?: RegExp;
}

export interface PageVisit {
  name: string;
  language: Language;
  status: number;
  /** `<html lang>` as served. */
  lang: string | null;
  ms: number;
  /** Text of the page's first `<time>` element, if any (dates are in the viewer's zone). */
  firstTime: string | null;
  /** How many pixels the page scrolls sideways at 360 px wide (0: it fits). */
  overflowAt360: number;
  /** Auction pages only: which of title, price, time left and primary button (when the page
   * offers one) are missing from or below the first screen at 390×844. */
  belowFirstScreen?: string[];
  /** Browse page only: the cards' price labels, `.ends` texts (urgent ones marked "!"), and
   * whether every price carries its exact amount as a title. */
  cards?: { labels: string[]; ends: string[]; pricesWithTitle: boolean };
}

export interface Tour {
  visits: PageVisit[];
  /** Everything that must not happen, one line each, naming the page and language. */
  problems: string[];
}

/** Visits `pages` in each language, signed in as each page's account (0 unless given), in `timeZone`. */
export async function tourDevPages(options: {
  webUrl: string;
  rpcUrl: string;
  chainId: number;
  pages: TourPage[];
  timeZone: string;
}): Promise<Tour> {
  mkdirSync(screensDir, { recursive: true });
  const browser = await launchChromium();
  const problems: string[] = [];
  const visits: PageVisit[] = [];
  try {
    for (const account of [...new Set(options.pages.map((p) => p.account ?? 0))]) {
      const pages = options.pages.filter((p) => (p.account ?? 0) === account);
      await tourAs(account, pages);
    }
  } finally {
    await browser.close();
  }
  return { visits, problems };

  async function tourAs(account: number, pages: TourPage[]) {
    const where = { name: "sign-in", language: "en" as Language };
    const signedIn = await openSignedIn(
      browser,
      { url: options.webUrl, rpcUrl: options.rpcUrl, chainId: options.chainId },
      hardhatDevKey(account),
      "/",
      [],
      { timezoneId: options.timeZone, viewport: viewports[0] },
    );
    const { page, errors } = signedIn;
    page.on("response", (response) => {
      if (response.status() >= 500) {
        problems.push(`${where.language} ${where.name}: ${response.status()} for ${response.url()}`);
      }
    });
    const take = (from: number) => {
      for (const error of errors.slice(from)) problems.push(`${where.language} ${where.name}: ${error}`);
      return errors.length;
    };
    let seen = take(0);
    for (const language of languages) {
      // The language switch's own link: the server keeps the choice in a cookie and redirects.
      await page.goto(`${options.webUrl}/?lang=${language}`);
      for (const { name, path, status = 200, shows } of pages) {
        where.name = name;
        where.language = language;
        const started = Date.now();
        const response = await page.goto(`${options.webUrl}${path}`, { timeout: 90_000 });
        // Hydrated: the header's wallet button is enabled only once the page is interactive.
        await page.locator(".account button:not([disabled])").first().waitFor({ timeout: 60_000 });
        const visit: PageVisit = {
          name,
          language,
          status: response?.status() ?? 0,
          lang: await page.getAttribute("html", "lang"),
          ms: Date.now() - started,
          // The written date: a relative time ("2 min ago") carries it as its title.
          firstTime:
            (
              await page
                .locator("main time")
                .first()
                .evaluate((time) => time.getAttribute("title") ?? time.textContent, undefined, {
                  timeout: 1_000,
                })
                .catch(() => null)
            )?.trim() ?? null,
          overflowAt360: 0,
        };
        if (name === "browse") visit.cards = await readCards(page);
        // axe-core on every main page, in both languages: no serious or critical violation.
        for (const violation of await axeViolations(page)) problems.push(`${language} ${name}: ${violation}`);
        if (shows && !shows.test((await page.locator("main").textContent()) ?? "")) {
          problems.push(`${language} ${name}: the page does not show ${shows}`);
        }
        await page.setViewportSize({ width: 360, height: 800 });
        visit.overflowAt360 = await page.evaluate(() => {
          const root = document.scrollingElement ?? document.documentElement;
          return root.scrollWidth - root.clientWidth;
        });
        if (name.startsWith("auction-")) {
          await page.setViewportSize({ width: 390, height: 844 });
          visit.belowFirstScreen = await page.evaluate(() => {
            const wanted: [string, string, boolean][] = [
              ["title", "main h1", true],
              ["price", '[data-testid="price"]', true],
              ["time left", '[data-testid="countdown"]', true],
              // Not every page has one (the seller's own listing, a settled auction).
              ["primary button", "[data-primary-action]", false],
            ];
            return wanted
              .filter(([, selector, required]) => {
                const element = document.querySelector(selector);
                if (!element) return required;
                return element.getBoundingClientRect().bottom > window.innerHeight;
              })
              .map(([what]) => what);
          });
        }
        visits.push(visit);
        for (const viewport of viewports) {
          await page.setViewportSize(viewport);
          await page.screenshot({
            path: join(screensDir, `${language}-${name}-${viewport.width}x${viewport.height}.png`),
          });
        }
        await page.setViewportSize(viewports[0] ?? { width: 1366, height: 900 });
        // A deliberate error page: the browser's console reports its status, nothing else may appear.
        if (status >= 400) {
          const expected = `Failed to load resource: the server responded with a status of ${status}`;
          const index = errors.findIndex((error, i) => i >= seen && error.startsWith(expected));
          if (index >= 0) errors.splice(index, 1);
        }
        seen = take(seen);
      }
    }
    await signedIn.context.close();
  }
}

async function readCards(page: Awaited<ReturnType<typeof openSignedIn>>["page"]) {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll("article.card")];
    return {
      labels: cards.map((card) => card.querySelector("dt")?.textContent?.trim() ?? ""),
      ends: cards.map((card) => {
        const ends = card.querySelector(".ends");
        return `${ends?.classList.contains("urgent") ? "!" : ""}${ends?.textContent?.trim() ?? ""}`;
      }),
      pricesWithTitle: cards.every((card) =>
        /USDC$/.test(card.querySelector(".price .usdc")?.getAttribute("title") ?? ""),
      ),
    };
  });
}
