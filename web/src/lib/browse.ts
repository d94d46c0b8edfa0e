/** The browse page's URL parameters as the server reads them (the form's choices: browse-options.ts). */
import { browseFormats, browseStatuses, sorts } from "./browse-options.ts";
import { z } from "./zod.ts";

export { browseFormats, browseStatuses, sorts };

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

export const browseQuery = z.object({
  q: optional(z.string().trim().min(1).max(64)),
  format: optional(z.enum(browseFormats)),
  status: optional(z.enum(browseStatuses)),
  seller: optional(
    z
      .string()
      .trim()
      .regex(/^0x[0-9a-fA-F]{40}$/),
  ),
  minPrice: optional(
    z
      .string()
      .trim()
      .regex(/^\d{1,21}(\.\d{1,6})?$/),
  ),
  maxPrice: optional(
    z
      .string()
      .trim()
      .regex(/^\d{1,21}(\.\d{1,6})?$/),
  ),
  sort: optional(z.enum(sorts)),
  cursor: optional(z.string().max(500)),
});
export type BrowseQuery = z.output<typeof browseQuery>;
export const browseKeys = Object.keys(browseQuery.shape) as (keyof BrowseQuery)[];
