// Settings: cluster shape, seed, every timing field (default + one-line help from the protocol
// registry), link latency, and an optional mutant. Applying rebuilds the run.

import { useState } from 'react';
import type { RunSpec } from '../contracts';
import { DEFAULT_LINK, knobRange, useLabStore, type ShapeInfo } from '../store';
import { useFocusTrap } from './focus';

interface Draft {
  protocol: string;
  seed: string;
  timing: Record<string, string>;
  latencyMin: string;
  latencyJitter: string;
  loss: string;
  dup: string;
  mutant: string;
}

function toDraft(spec: RunSpec, shapes: readonly ShapeInfo[]): Draft {
  const entry = shapes.find((x) => x.id === spec.protocol) ?? shapes[0]!;
  const timing: Record<string, string> = {};
  for (const f of entry.timing) timing[f.key] = String(spec.timing?.[f.key] ?? f.default);
  return {
    protocol: spec.protocol,
    seed: String(spec.seed),
    timing,
    latencyMin: String(spec.link?.latencyMin ?? DEFAULT_LINK.latencyMin),
    latencyJitter: String(spec.link?.latencyJitter ?? DEFAULT_LINK.latencyJitter),
    loss: String(spec.link?.loss ?? DEFAULT_LINK.loss),
    dup: String(spec.link?.dup ?? DEFAULT_LINK.dup),
    mutant: spec.mutant ?? '',
  };
}

/** Parse a draft. Returns the spec or a list of clear problems. */
export function parseDraft(d: Draft, shapes: readonly ShapeInfo[]): { spec?: RunSpec; errors: string[] } {
  const errors: string[] = [];
  const entry = shapes.find((x) => x.id === d.protocol);
  if (!entry) return { errors: [`unknown cluster shape ${d.protocol}`] };
  const num = (label: string, v: string, min: number, max: number, int = false): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || x < min || x > max || (int && !Number.isInteger(x))) {
      errors.push(`${label} must be ${int ? 'a whole number' : 'a number'} from ${min} to ${max}`);
      return min;
    }
    return x;
  };
  const seed = num('Seed', d.seed, 0, 2 ** 32 - 1, true);
  const timing: Record<string, number> = {};
  // A timer is at least 1 ms; a knob whose default is 0 (a switch, e.g. 0 = off) may be 0.
  for (const f of entry.timing) timing[f.key] = num(f.key, d.timing[f.key] ?? String(f.default), knobRange(f).min, knobRange(f).max);
  // A knob named xMin must not exceed its xMax.
  for (const f of entry.timing) {
    const max = f.key.endsWith('Min') ? `${f.key.slice(0, -3)}Max` : null;
    if (max && max in timing && timing[f.key]! > timing[max]!) errors.push(`${f.key} must not exceed ${max}`);
  }
  const link = {
    latencyMin: num('Link latency', d.latencyMin, 0, 60_000),
    latencyJitter: num('Latency jitter', d.latencyJitter, 0, 60_000),
    loss: num('Loss', d.loss, 0, 1),
    dup: num('Duplication', d.dup, 0, 1),
  };
  const mutant = d.mutant && d.mutant in entry.mutants ? d.mutant : null;
  if (errors.length) return { errors };
  return { spec: { protocol: d.protocol, seed, timing, link, mutant }, errors };
}

export function Settings() {
  const spec = useLabStore((s) => s.spec);
  const shapes = useLabStore((s) => s.shapes);
  const defaultShape = useLabStore((s) => s.defaultShape);
  const setOpen = useLabStore((s) => s.setSettingsOpen);
  const applySettings = useLabStore((s) => s.applySettings);
  const [draft, setDraft] = useState<Draft>(() => toDraft(spec, shapes));
  const [errors, setErrors] = useState<string[]>([]);
  const trap = useFocusTrap<HTMLFormElement>();
  const entry = shapes.find((x) => x.id === draft.protocol) ?? shapes.find((x) => x.id === defaultShape)!;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    const r = parseDraft(draft, shapes);
    setErrors(r.errors);
    if (r.spec && applySettings(r.spec)) setOpen(false);
  };
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="h-settings" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <form className="dialog settings" onSubmit={apply} ref={trap}>
        <h2 id="h-settings">Settings</h2>
        <p className="hint">Applying starts a new run from time 0 with these settings.</p>
        <div className="grid">
          <label htmlFor="set-shape">Cluster shape</label>
          <select id="set-shape" value={draft.protocol} onChange={(e) => set({ protocol: e.currentTarget.value })} autoFocus>
            {shapes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
          <span className="help">{entry.title}. Each shape is a protocol with its own nodes and timers.</span>

          <label htmlFor="set-seed">Seed</label>
          <input id="set-seed" type="number" value={draft.seed} onChange={(e) => set({ seed: e.currentTarget.value })} />
          <span className="help">Default 1. The same seed and actions replay the same run, bit for bit.</span>

          {entry.timing.map((f) => (
            <Field
              key={f.key}
              id={`set-${f.key}`}
              label={`${f.key} (ms)`}
              value={draft.timing[f.key] ?? String(f.default)}
              help={`Default ${f.default}. ${f.help}`}
              onChange={(v) => set({ timing: { ...draft.timing, [f.key]: v } })}
            />
          ))}
          <Field id="set-lat" label="Link latency (ms)" value={draft.latencyMin} help={`Default ${DEFAULT_LINK.latencyMin}. Minimum one-way delay of every link.`} onChange={(v) => set({ latencyMin: v })} />
          <Field id="set-jit" label="Latency jitter (ms)" value={draft.latencyJitter} help={`Default ${DEFAULT_LINK.latencyJitter}. Uniform random delay added to each message.`} onChange={(v) => set({ latencyJitter: v })} />
          <Field id="set-loss" label="Loss (0–1)" value={draft.loss} help="Default 0. Probability that a message is lost." onChange={(v) => set({ loss: v })} />
          <Field id="set-dup" label="Duplication (0–1)" value={draft.dup} help="Default 0. Probability that a message is delivered twice." onChange={(v) => set({ dup: v })} />

          <label htmlFor="set-mutant">Mutant</label>
          <select id="set-mutant" value={draft.mutant} onChange={(e) => set({ mutant: e.currentTarget.value })}>
            <option value="">none (the correct protocol)</option>
            {Object.entries(entry.mutants).map(([k, v]) => (
              <option key={k} value={k} title={v}>
                {k}
              </option>
            ))}
          </select>
          <span className="help">A deliberately broken rule, to watch the safety monitors catch it.</span>
        </div>
        {errors.length > 0 && (
          <ul className="errors" role="alert">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        <div className="row end">
          <button type="button" onClick={() => setDraft(toDraft({ protocol: draft.protocol, seed: 1 }, shapes))}>
            Reset to defaults
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Apply settings
          </button>
        </div>
      </form>
    </div>
  );
}

function Field({ id, label, value, help, onChange }: { id: string; label: string; value: string; help: string; onChange: (v: string) => void }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" step="any" value={value} onChange={(e) => onChange(e.currentTarget.value)} aria-describedby={`${id}-help`} />
      <span className="help" id={`${id}-help`}>
        {help}
      </span>
    </>
  );
}
