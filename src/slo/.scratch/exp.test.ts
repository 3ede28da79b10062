import { test } from "vitest";
import { z } from "zod";
test("x", () => {
  const a = z.strictObject({ d: z.string(), r: z.boolean().default(false) }).superRefine((v, ctx) => { console.log("ran", v); ctx.addIssue({ code: "custom", path: [], message: "m" }); }, { when: () => true });
  console.log(a.safeParse({ d: "x" }).success);
  const b = z.strictObject({ d: z.string(), r: z.boolean().default(false) }).superRefine((v, ctx) => { console.log("ranb", v); ctx.addIssue({ code: "custom", path: [], message: "m" }); });
  console.log(b.safeParse({ d: "x" }).success);
  const c = z.strictObject({ d: z.string(), r: z.boolean().optional() }).superRefine((v, ctx) => { console.log("ranc", v); ctx.addIssue({ code: "custom", path: [], message: "m" }); }, { when: () => true });
  console.log(c.safeParse({ d: "x" }).success);
});
