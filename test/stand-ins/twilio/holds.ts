import type { FailureTarget } from './errors.js';
import type { RecordedRequest } from './server.js';

/** Options of `hold`. */
export interface HoldOptions {
  /** Which request is held. @default 'send' (POST …/Messages.json) */
  on?: FailureTarget;
  /** Holds only a request this accepts (e.g. one clinic's `From` in `request.form`). @default any */
  where?: (request: RecordedRequest) => boolean;
}

/** A request the stand-in keeps unanswered until the test decides what Twilio did with it. */
export interface HeldRequest {
  /** Resolves with the request once it has arrived and is being held. */
  readonly arrived: Promise<RecordedRequest>;
  /**
   * Handles the request as if it had just arrived: a send creates its message even when the
   * client has gone meanwhile (Twilio took it; only the answer has nobody to go to).
   */
  release(): void;
  /** Closes the connection without doing anything: the request never reached Twilio. */
  discard(): void;
}

/** What the server does with a held request once the test decided. */
export type HoldOutcome = 'release' | 'discard';

interface PendingHold {
  target: FailureTarget;
  where?: (request: RecordedRequest) => boolean;
  arrive(request: RecordedRequest): void;
  decided: Promise<HoldOutcome>;
}

/** Holds waiting for their request, each taken by the first request that matches it. */
export class Holds {
  private readonly waiting: PendingHold[] = [];
  private readonly undecided = new Set<(outcome: HoldOutcome) => void>();

  /** Queues a hold for the next matching request. */
  add(options: HoldOptions = {}): HeldRequest {
    let arrive!: (request: RecordedRequest) => void;
    const arrived = new Promise<RecordedRequest>((resolve) => (arrive = resolve));
    let decide!: (outcome: HoldOutcome) => void;
    const decided = new Promise<HoldOutcome>((resolve) => (decide = resolve));
    const settle = (outcome: HoldOutcome) => {
      this.undecided.delete(decide);
      decide(outcome);
    };
    this.undecided.add(decide);
    this.waiting.push({ target: options.on ?? 'send', where: options.where, arrive, decided });
    return { arrived, release: () => settle('release'), discard: () => settle('discard') };
  }

  /**
   * For an incoming request: resolves at once with `release` when no hold matches it, else
   * once the test released or discarded it.
   */
  decide(target: Exclude<FailureTarget, 'any'>, request: RecordedRequest): Promise<HoldOutcome> {
    const index = this.waiting.findIndex((hold) => (hold.target === target || hold.target === 'any') && (hold.where?.(request) ?? true));
    if (index === -1) return Promise.resolve('release');
    const [hold] = this.waiting.splice(index, 1);
    hold!.arrive(request);
    return hold!.decided;
  }

  /** Discards every hold still undecided (the stand-in is closing). */
  discardAll(): void {
    for (const decide of [...this.undecided]) decide('discard');
    this.undecided.clear();
    this.waiting.length = 0;
  }
}
