import { describe, expect, it } from "vitest";
import { chainRecord, GENESIS_HASH, hashRecord, verifyChain } from "./chain.js";
import type { AuditRecord, ChainAnchor } from "./model.js";

const ACTIONS = ["apply.create", "apply.change", "apply.delete", "delete", "token.create"] as const;

/** A deterministic generator, so a failing tamper can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return { next, int: (below: number) => Math.floor(next() * below) };
}

function buildLog(count: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let index = 0; index < count; index++) {
    records.push(
      chainRecord(records.at(-1), {
        at: Date.UTC(2026, 10, 26) + index * 1000,
        actorName: index % 3 === 0 ? "system" : `user-${index % 5}`,
        actorRole: index % 3 === 0 ? null : "editor",
        actorAddress: index % 2 ? "192.0.2.7" : null,
        action: ACTIONS[index % ACTIONS.length] as string,
        kind: "Monitor",
        name: `api-${index % 7}`,
        versionBefore: index % 4 === 0 ? null : index,
        versionAfter: index % 4 === 1 ? null : index + 1,
        detail: index % 6 === 0 ? { failures: index, window: "5m" } : null,
      }),
    );
  }
  return records;
}

const head = (records: AuditRecord[]): ChainAnchor => {
  const last = records.at(-1) as AuditRecord;
  return { seq: last.seq, hash: last.hash };
};

describe("the audit chain", () => {
  it("verifies a whole log and reports its length and head", () => {
    const log = buildLog(5);
    expect(log[0]?.prevHash).toBe(GENESIS_HASH);
    expect(log.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(log[3]?.prevHash).toBe(log[2]?.hash);
    expect(verifyChain(log, head(log))).toEqual({ ok: true, count: 5, head: head(log), problem: null });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: null, problem: null });
  });

  it("hashes the detail whatever the order of its keys", () => {
    const [record] = buildLog(1) as [AuditRecord];
    const content = { ...record, detail: { b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } } };
    const reordered = { ...record, detail: { a: { c: [3, { e: 5, f: 4 }], d: 2 }, b: 1 } };
    expect(hashRecord(content)).toBe(hashRecord(reordered));
    expect(hashRecord(content)).not.toBe(hashRecord({ ...content, detail: { b: 1 } }));
  });

  it("tells a null field from a missing one and from an empty string", () => {
    const [record] = buildLog(1) as [AuditRecord];
    expect(hashRecord({ ...record, kind: null })).not.toBe(hashRecord({ ...record, kind: "" }));
    expect(hashRecord({ ...record, kind: "ab", name: "c" })).not.toBe(hashRecord({ ...record, kind: "a", name: "bc" }));
  });

  it("names an edited record", () => {
    const log = buildLog(10);
    log[4] = { ...(log[4] as AuditRecord), actorName: "mallory" };
    expect(verifyChain(log).problem).toMatchObject({ position: 4, seq: 5, reason: "edited" });
  });

  it("names a record edited with a fresh hash, by the link after it", () => {
    const log = buildLog(10);
    const forged = { ...(log[4] as AuditRecord), name: "other" };
    log[4] = { ...forged, hash: hashRecord(forged) };
    expect(verifyChain(log).problem).toMatchObject({ position: 4, seq: 5, reason: "edited" });
  });

  it("names a deleted record, and a deletion that renumbered the rest", () => {
    const log = buildLog(10);
    const gap = log.filter((record) => record.seq !== 4);
    expect(verifyChain(gap).problem).toMatchObject({ position: 3, seq: 5, reason: "deleted" });
    const renumbered = gap.map((record) => (record.seq > 4 ? { ...record, seq: record.seq - 1 } : record));
    expect(verifyChain(renumbered).problem).toMatchObject({ position: 3, seq: 4, reason: "deleted" });
  });

  it("names an inserted record, numbered twice or with the rest renumbered", () => {
    const log = buildLog(10);
    const forged = { ...(log[3] as AuditRecord), actorName: "mallory", prevHash: (log[2] as AuditRecord).hash };
    const twice = [...log.slice(0, 3), { ...forged, hash: hashRecord(forged) }, ...log.slice(3)];
    expect(verifyChain(twice).problem).toMatchObject({ position: 4, seq: 4, reason: "inserted" });
    const renumbered = [
      ...log.slice(0, 3),
      { ...forged, hash: hashRecord(forged) },
      ...log.slice(3).map((record) => ({ ...record, seq: record.seq + 1 })),
    ];
    expect(verifyChain(renumbered).problem).toMatchObject({ position: 4, seq: 5, reason: "inserted" });
  });

  it("names reordered records", () => {
    const log = buildLog(10);
    [log[2], log[6]] = [log[6] as AuditRecord, log[2] as AuditRecord];
    expect(verifyChain(log).problem).toMatchObject({ position: 2, seq: 7, reason: "reordered" });
  });

  it("needs the anchor to see a truncated tail or a rewritten last record", () => {
    const log = buildLog(10);
    const anchor = head(log);
    const truncated = log.slice(0, 7);
    expect(verifyChain(truncated).ok).toBe(true);
    expect(verifyChain(truncated, anchor).problem).toMatchObject({ seq: 10, reason: "truncated" });
    const last = { ...(log[9] as AuditRecord), action: "token.revoke" };
    const rewritten = [...log.slice(0, 9), { ...last, hash: hashRecord(last) }];
    expect(verifyChain(rewritten).ok).toBe(true);
    expect(verifyChain(rewritten, anchor).problem).toMatchObject({ position: 9, seq: 10, reason: "edited" });
    // Records written after the anchor was taken are fine.
    const longer = buildLog(12);
    expect(verifyChain(longer, anchor).ok).toBe(true);
  });
});

type Tamper = (log: AuditRecord[], rng: ReturnType<typeof random>) => string;

const FIELDS = [
  "seq",
  "at",
  "actorName",
  "actorRole",
  "actorAddress",
  "action",
  "kind",
  "name",
  "versionBefore",
  "versionAfter",
  "detail",
  "prevHash",
  "hash",
] as const satisfies readonly (keyof AuditRecord)[];

/** A different value of the same field: never the one already there. */
function otherValue(record: AuditRecord, field: (typeof FIELDS)[number], rng: ReturnType<typeof random>): unknown {
  const value = record[field];
  if (field === "detail") return value === null ? { injected: rng.int(100) } : null;
  if (typeof value === "number") return value + 1 + rng.int(5);
  if (typeof value === "string") return value.length && rng.next() < 0.5 ? value.slice(0, -1) : `${value}x`;
  return "forged";
}

const TAMPERS: Record<string, Tamper> = {
  edit: (log, rng) => {
    const index = rng.int(log.length);
    const field = FIELDS[rng.int(FIELDS.length)] as (typeof FIELDS)[number];
    log[index] = { ...(log[index] as AuditRecord), [field]: otherValue(log[index] as AuditRecord, field, rng) };
    return `edit ${field} of position ${index}`;
  },
  "edit with a fresh hash": (log, rng) => {
    const index = rng.int(log.length);
    const field = FIELDS[rng.int(FIELDS.length - 2)] as (typeof FIELDS)[number];
    const edited = { ...(log[index] as AuditRecord), [field]: otherValue(log[index] as AuditRecord, field, rng) };
    log[index] = { ...edited, hash: hashRecord(edited) };
    return `edit ${field} of position ${index} and rehash it`;
  },
  delete: (log, rng) => {
    const index = rng.int(log.length);
    const renumber = rng.next() < 0.5;
    log.splice(index, 1);
    if (renumber) for (let later = index; later < log.length; later++) shiftSeq(log, later, -1);
    return `delete position ${index}${renumber ? ", renumbering" : ""}`;
  },
  insert: (log, rng) => {
    // Before an existing record: a forged record appended after the head is indistinguishable
    // from a real one without a key, which is why the head is anchored (docs/security.md).
    const index = rng.int(log.length);
    const renumber = rng.next() < 0.5;
    const template = log[rng.int(log.length)] as AuditRecord;
    const content = {
      ...template,
      seq: index + 1,
      at: template.at + 1,
      actorName: "mallory",
      prevHash: index === 0 ? GENESIS_HASH : (log[index - 1] as AuditRecord).hash,
    };
    if (renumber) for (let later = index; later < log.length; later++) shiftSeq(log, later, 1);
    log.splice(index, 0, { ...content, hash: hashRecord(content) });
    return `insert at position ${index}${renumber ? ", renumbering" : ""}`;
  },
  swap: (log, rng) => {
    const first = rng.int(log.length);
    const second = (first + 1 + rng.int(log.length - 1)) % log.length;
    [log[first], log[second]] = [log[second] as AuditRecord, log[first] as AuditRecord];
    return `swap positions ${first} and ${second}`;
  },
  "swap numbers": (log, rng) => {
    const first = rng.int(log.length);
    const second = (first + 1 + rng.int(log.length - 1)) % log.length;
    const [a, b] = [log[first] as AuditRecord, log[second] as AuditRecord];
    log[first] = { ...b, seq: a.seq };
    log[second] = { ...a, seq: b.seq };
    return `swap the contents of positions ${first} and ${second}`;
  },
  truncate: (log, rng) => {
    const keep = rng.int(log.length);
    log.length = keep;
    return `truncate to ${keep} records`;
  },
};

function shiftSeq(log: AuditRecord[], index: number, by: number) {
  const record = log[index] as AuditRecord;
  log[index] = { ...record, seq: record.seq + by };
}

describe("1,000 random tampers of a copy of the log", () => {
  it("detects every one", () => {
    const original = buildLog(60);
    const anchor = head(original);
    const names = Object.keys(TAMPERS);
    const missed: string[] = [];
    const reasons = new Map<string, Set<string>>();
    for (let seed = 1; seed <= 1000; seed++) {
      const rng = random(seed);
      const name = names[seed % names.length] as string;
      const copy = original.map((record) => ({ ...record }));
      const what = (TAMPERS[name] as Tamper)(copy, rng);
      const result = verifyChain(copy, anchor);
      if (result.ok) missed.push(`seed ${seed}: ${what}`);
      else reasons.set(name, (reasons.get(name) ?? new Set()).add(result.problem?.reason ?? ""));
    }
    expect(missed).toEqual([]);
    expect(verifyChain(original, anchor).ok).toBe(true);
    // The reason given fits the tamper for the kinds the chain can tell apart.
    expect([...(reasons.get("delete") ?? [])]).toEqual(["deleted"]);
    expect([...(reasons.get("truncate") ?? [])]).toEqual(["truncated"]);
    expect([...(reasons.get("swap") ?? [])]).toEqual(["reordered"]);
    expect([...(reasons.get("insert") ?? [])]).toEqual(["inserted"]);
  });
});
