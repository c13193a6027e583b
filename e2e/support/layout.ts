// Layout checks shared by the persona specs: the page itself never scrolls sideways (wide tables
// scroll inside their own box), on a phone (390×844) as on a desktop, and in print media.
import { expect, type Page } from "@playwright/test";

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1440, height: 900 } as const;

/** The document is no wider than the viewport (1 px of rounding allowed). `soft`: record and go on. */
export async function expectNoHorizontalOverflow(page: Page, what = page.url(), opts: { soft?: boolean } = {}): Promise<void> {
  // Charts take their width from a ResizeObserver, so right after a viewport change they may still
  // be as wide as before for a frame or two: give the layout up to 3 s to settle, then measure.
  await page
    .waitForFunction(
      () => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) <= document.documentElement.clientWidth + 1,
      undefined,
      { timeout: 3_000 },
    )
    .catch(() => undefined);
  const sizes = await page.evaluate(() => ({
    scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    client: document.documentElement.clientWidth,
  }));
  (opts.soft ? expect.soft : expect)(
    sizes.scroll,
    `${what}: page-level horizontal overflow (scrollWidth ${sizes.scroll} > viewport ${sizes.client})`,
  ).toBeLessThanOrEqual(sizes.client + 1);
}

/** Same check in print media at A4 width (794 CSS px at 96 dpi), then back to screen. */
export async function expectPrintFits(page: Page, what = page.url()): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: "print" });
  try {
    await expectNoHorizontalOverflow(page, `${what} (print, A4)`);
  } finally {
    await page.emulateMedia({ media: "screen" });
    if (before) await page.setViewportSize(before);
  }
}
