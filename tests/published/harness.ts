// A hand-driven janus-published run: nothing moves unless the test says so (no timer fires, no
// message is delivered on its own), so each test takes exactly the spec steps it names.
import { Simulation, type Action, type Envelope, type TraceEvent } from '../../src/kernel';
import { createSimulation } from '../../src/protocols/registry';
import type { PubDataState, PubElectorState, PubMessage, PubState } from '../../src/protocols/janus-published';

export class Hand {
  readonly sim: Simulation = createSimulation({ protocol: 'janus-published', seed: 7, link: { loss: 0, dup: 0 } }, { trace: 'full', monitors: true });
  events: TraceEvent[] = [];

  d(id: 'D1' | 'D2'): PubDataState {
    return this.sim.state<PubState>(id) as PubDataState;
  }
  get e(): PubElectorState {
    return this.sim.state<PubState>('E') as PubElectorState;
  }
  apply(a: Action): TraceEvent {
    const ev = this.sim.apply(a)!;
    this.events.push(ev);
    if (ev.error) throw new Error(ev.error);
    return ev;
  }
  op(name: string, node?: string, args?: Record<string, unknown>): TraceEvent {
    return this.apply({ type: 'operator', name, node, args });
  }
  write(node: string, command: string): TraceEvent {
    return this.apply({ type: 'write', node, command });
  }
  /** The in-flight messages of a type to a node, oldest first. */
  inFlight(type: PubMessage['type'], to: string): Envelope<PubMessage>[] {
    return this.sim.messages().filter((e) => (e.msg as PubMessage).type === type && e.to === to) as Envelope<PubMessage>[];
  }
  /** Deliver the oldest in-flight message of a type to a node; returns the event (its probes name the spec action taken). */
  deliver(type: PubMessage['type'], to: string, which: 'first' | 'last' = 'first'): TraceEvent {
    const all = this.inFlight(type, to);
    const env = which === 'first' ? all[0] : all[all.length - 1];
    if (!env) throw new Error(`no ${type} in flight to ${to}`);
    return this.apply({ type: 'deliver', msg: env.id });
  }
  /** InitWorkload: D2 asks D1 and wins the tie; D2 leads term 1 with RF 2. */
  elect(): void {
    this.op('FollowerSendInitWorkload', 'D2');
    this.deliver('InitWorkload', 'D1');
    this.deliver('InitWorkload Resp', 'D2');
  }
  /** A write at the RF 2 leader reaching the follower and the elector, and the ack. */
  replicate(leader: 'D1' | 'D2', command: string): void {
    const f = leader === 'D1' ? 'D2' : 'D1';
    this.write(leader, command);
    this.deliver('AppendEntries RF2', f);
    this.deliver('AppendEntries RF2', 'E');
    this.deliver('AppendEntries RF2 Resp', leader);
  }
  get properties(): string[] {
    return this.sim.violations.map((v) => v.property);
  }
}

export const md = (term: number, index: number) => ({ term, index });
