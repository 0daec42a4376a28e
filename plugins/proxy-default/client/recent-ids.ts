/**
 * A bounded set of ids, oldest forgotten first. Remembers which messages were acknowledged
 * so a redelivery (an ack that did not reach the proxy, a lease that ran out while the ack
 * was on its way) is dropped instead of being handed to the engine again.
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    // Re-adding moves the id to the newest end.
    this.ids.delete(id);
    this.ids.add(id);
    while (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
    }
  }

  get size(): number {
    return this.ids.size;
  }
}
