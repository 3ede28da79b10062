import { z } from "zod";

/** A page of a list the server pages: the items, how many there are in all, and where the page starts. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
