/**
 * Runs tasks one at a time, in the order they were submitted. The today loop, the upcoming
 * loop and incoming replies all go through one lane, so one appointment is never worked on
 * by two of them at once. A task that fails rejects only its own promise; the next runs anyway.
 *
 * @example
 * const lane = new SerialLane();
 * await lane.run(() => runTodayCycle());
 */
export class SerialLane {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Queues `fn` behind every task submitted before it and resolves or rejects with its result. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    this.waiting++;
    const result = this.tail.then(() => fn());
    // The lane itself never rejects: the caller gets the error, the next task still starts.
    this.tail = result.then(
      () => this.waiting--,
      () => this.waiting--,
    );
    return result;
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** Resolves once every task submitted so far has settled. */
  async idle(): Promise<void> {
    await this.tail;
  }
}

/**
 * One {@link SerialLane} per key: tasks with the same key run one at a time in order, tasks
 * with different keys run side by side. Lanes are dropped once empty, so keys can be
 * unbounded (appointment ids, phone numbers).
 */
export class KeyedLane<K = string> {
  private readonly lanes = new Map<K, SerialLane>();

  run<T>(key: K, fn: () => Promise<T> | T): Promise<T> {
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = new SerialLane();
      this.lanes.set(key, lane);
    }
    const settled = lane;
    const result = lane.run(fn);
    const forget = () => {
      if (settled.size === 0 && this.lanes.get(key) === settled) this.lanes.delete(key);
    };
    result.then(forget, forget);
    return result;
  }

  /** Keys with tasks queued or running. */
  get activeKeys(): number {
    return this.lanes.size;
  }

  /** Resolves once every task submitted so far, under any key, has settled. */
  async idle(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((lane) => lane.idle()));
  }
}
