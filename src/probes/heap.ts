/**
 * A binary min-heap that can also remove or re-position any item it holds, which a scheduler needs
 * when a monitor is deleted or its interval changes. Items are kept in a Map to their slot, so
 * `remove` and `update` are O(log n) rather than a linear search.
 */
export class MinHeap<T> {
  private readonly items: T[] = [];
  private readonly slots = new Map<T, number>();

  /** `isBefore(a, b)` is true when `a` must come out before `b`. */
  constructor(private readonly isBefore: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    return this.slots.has(item);
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    if (this.slots.has(item)) throw new Error("item is already in the heap");
    this.items.push(item);
    this.slots.set(item, this.items.length - 1);
    this.siftUp(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  remove(item: T): boolean {
    const slot = this.slots.get(item);
    if (slot === undefined) return false;
    this.removeAt(slot);
    return true;
  }

  /** Restores the order after the item's key changed. */
  update(item: T): void {
    const slot = this.slots.get(item);
    if (slot === undefined) throw new Error("item is not in the heap");
    this.siftDown(this.siftUp(slot));
  }

  private removeAt(slot: number): void {
    const removed = this.at(slot);
    const last = this.items.pop() as T;
    this.slots.delete(removed);
    if (slot === this.items.length) return;
    this.items[slot] = last;
    this.slots.set(last, slot);
    this.siftDown(this.siftUp(slot));
  }

  private siftUp(start: number): number {
    let slot = start;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (!this.isBefore(this.at(slot), this.at(parent))) break;
      this.swap(slot, parent);
      slot = parent;
    }
    return slot;
  }

  private siftDown(start: number): number {
    let slot = start;
    for (;;) {
      const left = 2 * slot + 1;
      const right = left + 1;
      let first = slot;
      if (left < this.items.length && this.isBefore(this.at(left), this.at(first))) first = left;
      if (right < this.items.length && this.isBefore(this.at(right), this.at(first))) first = right;
      if (first === slot) return slot;
      this.swap(slot, first);
      slot = first;
    }
  }

  private at(slot: number): T {
    return this.items[slot] as T;
  }

  private swap(a: number, b: number): void {
    const itemA = this.at(a);
    const itemB = this.at(b);
    this.items[a] = itemB;
    this.items[b] = itemA;
    this.slots.set(itemB, a);
    this.slots.set(itemA, b);
  }
}
