import { describe, expect, it } from "vitest";
import { MinHeap } from "./heap.js";

interface Entry {
  key: number;
}

const byKey = (a: Entry, b: Entry) => a.key < b.key;

function drain(heap: MinHeap<Entry>): number[] {
  const keys: number[] = [];
  for (let entry = heap.pop(); entry; entry = heap.pop()) keys.push(entry.key);
  return keys;
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe("MinHeap", () => {
  it("pops items in key order", () => {
    const random = seededRandom(7);
    const heap = new MinHeap<Entry>(byKey);
    const keys = Array.from({ length: 500 }, () => Math.floor(random() * 1000));
    for (const key of keys) heap.push({ key });
    expect(heap.size).toBe(500);
    expect(heap.peek()?.key).toBe(Math.min(...keys));
    expect(drain(heap)).toEqual([...keys].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });

  it("removes any item and keeps the order", () => {
    const random = seededRandom(11);
    const heap = new MinHeap<Entry>(byKey);
    const entries = Array.from({ length: 200 }, () => ({ key: Math.floor(random() * 1000) }));
    for (const entry of entries) heap.push(entry);
    const removed = entries.filter((_, index) => index % 3 === 0);
    for (const entry of removed) expect(heap.remove(entry)).toBe(true);
    expect(heap.remove(removed[0] as Entry)).toBe(false);
    expect(heap.has(removed[1] as Entry)).toBe(false);
    const kept = entries.filter((_, index) => index % 3 !== 0).map((entry) => entry.key);
    expect(drain(heap)).toEqual(kept.sort((a, b) => a - b));
  });

  it("removes the last and the only item", () => {
    const heap = new MinHeap<Entry>(byKey);
    const only = { key: 1 };
    heap.push(only);
    expect(heap.remove(only)).toBe(true);
    expect(heap.size).toBe(0);
    const [a, b] = [{ key: 1 }, { key: 2 }];
    heap.push(a);
    heap.push(b);
    heap.remove(b);
    expect(drain(heap)).toEqual([1]);
  });

  it("re-positions an item whose key changed, up or down", () => {
    const heap = new MinHeap<Entry>(byKey);
    const entries = [5, 10, 15, 20, 25].map((key) => ({ key }));
    for (const entry of entries) heap.push(entry);
    const [first, , , fourth] = entries as [Entry, Entry, Entry, Entry];
    fourth.key = 1;
    heap.update(fourth);
    first.key = 30;
    heap.update(first);
    expect(drain(heap)).toEqual([1, 10, 15, 25, 30]);
  });

  it("refuses to hold an item twice", () => {
    const heap = new MinHeap<Entry>(byKey);
    const entry = { key: 1 };
    heap.push(entry);
    expect(() => heap.push(entry)).toThrow(/already/);
    expect(() => heap.update({ key: 2 })).toThrow(/not in the heap/);
  });
});
