import { z } from "zod";

export const issueSchema = z.object({
  message: z.string(),
  path: z.string().describe("JSON pointer of the field, e.g. /spec/interval"),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  document: z.number().int().optional().describe("index of the document in its file or list"),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    issues: z.array(issueSchema).optional(),
  })
  .describe("RFC 9457 problem details");

export type Issue = z.infer<typeof issueSchema>;
export type Problem = z.infer<typeof problemSchema>;
