// Human-readable lines for trace events. The protocol attaches notes (rule + text) to the events
// its handlers explain; this file describes what the kernel does on its own: deliveries, drops
// and their reason, duplicates, timers, crashes, restarts, cuts and heals, writes, operators.

import type { AnyProtocol, DropReason, Envelope, TraceEvent } from '../kernel';

const DROP_REASON: Record<DropReason, (e: Envelope) => string> = {
  loss: () => 'lost by the network',
  cut: (e) => `the link ${e.from}→${e.to} is cut`,
  down: (e) => `${e.to} is down`,
  user: () => 'dropped by the user',
  crash: (e) => `${e.to} crashed`,
};

export function msgLabel(protocol: AnyProtocol, e: Envelope): string {
  return `#${e.id} ${protocol.messageInfo(e.msg).label} ${e.from}→${e.to}`;
}

/** What the kernel did in this event, in one sentence (without the protocol's notes). */
export function describeKernel(protocol: AnyProtocol, ev: TraceEvent): string {
  const a = ev.action;
  const m = ev.msg;
  switch (a.type) {
    case 'deliver':
      return m ? `${m.to} received ${msgLabel(protocol, m)}${ev.source === 'user' ? ' (delivered now by the user)' : ''}.` : `message #${a.msg} delivered.`;
    case 'drop':
      return m ? `${msgLabel(protocol, m)} dropped: ${DROP_REASON[ev.dropReason ?? 'user'](m)}.` : `message #${a.msg} dropped.`;
    case 'duplicate':
      return m ? `The user duplicated ${msgLabel(protocol, m)}${ev.sent[0] !== undefined ? ` as #${ev.sent[0].id}` : ''}.` : `message #${a.msg} duplicated.`;
    case 'fire':
      return `${a.node}'s ${a.timer} timer fired.`;
    case 'crash': {
      const lost = ev.dropped.length ? `; ${ev.dropped.length} message${ev.dropped.length === 1 ? '' : 's'} to it lost` : '';
      return `${a.node} crashed${a.wipe ? ' and lost its disk' : ''}${lost}.`;
    }
    case 'restart':
      return `${a.node} restarted from its durable state.`;
    case 'cut':
      return `The link ${a.from}${a.both ? '↔' : '→'}${a.to} was cut${a.duration ? ` for ${a.duration} ms` : ''}.`;
    case 'heal':
      return ev.source === 'auto' ? `The timed cut of ${a.from}→${a.to} ended.` : `The link ${a.from}${a.both ? '↔' : '→'}${a.to} was healed.`;
    case 'healAll':
      return 'Everything healed: every link restored and every down node restarted.';
    case 'link':
      return `The link ${a.from}${a.both ? '↔' : '→'}${a.to} changed: ${Object.entries(a.params)
        .map(([k, v]) => `${k} = ${String(v)}`)
        .join(', ')}.`;
    case 'write': {
      const w = ev.write;
      const cmd = w ? `"${w.command}"` : 'a write';
      if (!w) return `Client write ${cmd} to ${a.node}.`;
      if (w.status === 'appended') return `Client write ${cmd} to ${a.node}: appended at index ${w.index}${w.to && w.to !== a.node ? ` on ${w.to} (redirected)` : ''}.`;
      if (w.status === 'redirect') return `Client write ${cmd} to ${a.node}: redirected to ${w.to}.`;
      return `Client write ${cmd} to ${a.node} rejected: ${w.reason ?? 'no reason given'}.`;
    }
    case 'operator':
      return `Operator ${a.name === 'replaceElector' ? 'replaced the elector' : a.name}${a.node ? ` via ${a.node}` : ''}.`;
  }
}

/** The line shown in the event log: the protocol's notes when it explained the event, else the kernel's. */
export function describe(protocol: AnyProtocol, ev: TraceEvent): string {
  const kernel = describeKernel(protocol, ev);
  const err = ev.error ? ` Failed: ${ev.error}` : '';
  const keepKernel = ev.source === 'user' || ev.action.type === 'drop' || ev.action.type === 'duplicate' || ev.action.type === 'write';
  if (ev.notes.length === 0) return kernel + err;
  const notes = ev.notes.map((n) => n.text).join(' ');
  return (keepKernel ? `${kernel} ${notes}` : notes) + err;
}

/** Message type of an event (for the log filter), or null for events without a message. */
export function eventMsgType(protocol: AnyProtocol, ev: TraceEvent): string | null {
  return ev.msg ? protocol.messageInfo(ev.msg.msg).type : null;
}
