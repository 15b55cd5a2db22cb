// Compare links: the scenario link rules (link.ts) extended to a comparison. The hash is
//
//     #c1.<base64url( crc32(json) [4 bytes] | length(deflated) [3 bytes] | deflate-raw(json) )>
//
// where json = { preset, script, left, right, t }: the preset id (or null), the role script (the
// workload and the role-named faults, the page's fault buttons included), each side's RunSpec, and
// the shared cursor's virtual time. Both labs are rebuilt from them (src/compare runs each side),
// so a link reopens both exactly. Short forms: `#compare`, `#compare/<preset>` and
// `#compare/<preset>/<script>` open a preset fresh. Decoding never throws and runs nothing: the
// same size limit, alphabet, length, bounded inflate, checksum, depth-limited JSON and schema
// checks as a scenario link, then the shapes against the registry.

import * as v from 'valibot';
import type { Registry, RunSpec } from '../contracts';
import { checkScript, scriptById, type RoleScript } from '../compare/script';
import { crc32, fromBase64url, inflateRaw } from './bytes';
import { packText } from './link';
import { parseJsonGuarded } from './json';
import { RunSpecSchema } from './schema';
import { LIMITS } from './types';
import { hashPart, isCompareHash } from './compare-hash';

export const COMPARE_FORMAT = 1;
const HEADER = 7;
const WHAT = 'This compare link';

export interface CompareLinkState {
  preset: string | null;
  script: RoleScript;
  left: RunSpec;
  right: RunSpec;
  /** The shared cursor, ms of virtual time. */
  t: number;
}

export type CompareDecode = { ok: true; state: CompareLinkState } | { ok: false; error: string };

export { isCompareHash };

export async function encodeCompareLink(state: CompareLinkState): Promise<string> {
  const json = JSON.stringify({ preset: state.preset, script: state.script, left: state.left, right: state.right, t: state.t });
  return `#c${COMPARE_FORMAT}.${await packText(json)}`;
}

function checkSpec(spec: unknown, side: string, registry: Registry): { ok: true; spec: RunSpec } | { ok: false; error: string } {
  const r = v.safeParse(RunSpecSchema, spec);
  if (!r.success) return { ok: false, error: `${WHAT} is damaged: its ${side} run ${r.issues[0]?.path?.map((p) => String(p.key)).join('.') ?? ''} ${r.issues[0]?.message ?? 'is not valid'}.` };
  const s = r.output as RunSpec;
  if (!registry.has(s.protocol)) return { ok: false, error: `${WHAT} names an unknown protocol '${s.protocol}' for its ${side} run (known: ${Object.keys(registry.shapes).join(', ')}).` };
  if (s.mutant && !(s.mutant in registry.shape(s.protocol).mutants)) return { ok: false, error: `${WHAT} names an unknown mutant '${s.mutant}' for ${s.protocol}.` };
  return { ok: true, spec: s };
}

/** Check a decoded comparison against the registry. */
export function checkCompareState(value: unknown, registry: Registry): CompareDecode {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: `${WHAT} does not hold a comparison.` };
  const o = value as Record<string, unknown>;
  const preset = o.preset ?? null;
  if (preset !== null && (typeof preset !== 'string' || !registry.comparisons.some((p) => p.id === preset)))
    return { ok: false, error: `${WHAT} names an unknown preset '${String(preset).slice(0, 40)}' (known: ${registry.comparisons.map((p) => p.id).join(', ')}).` };
  const script = checkScript(o.script);
  if (!script.ok) return { ok: false, error: `${WHAT} is damaged: ${script.error}.` };
  const left = checkSpec(o.left, 'left', registry);
  if (!left.ok) return left;
  const right = checkSpec(o.right, 'right', registry);
  if (!right.ok) return right;
  const t = o.t ?? 0;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > script.value.end) return { ok: false, error: `${WHAT} is damaged: its cursor is not a time within the script (0 to ${script.value.end} ms).` };
  return { ok: true, state: { preset: preset as string | null, script: script.value, left: left.spec, right: right.spec, t } };
}

/** A preset opened fresh (the short forms), or null if `hash` is not one. */
export function presetState(hash: string, registry: Registry): CompareDecode | null {
  const m = /^compare(?:\/([A-Za-z0-9+_-]{1,60}))?(?:\/([A-Za-z0-9+_-]{1,60}))?$/.exec(hashPart(hash));
  if (!m) return null;
  const preset = m[1] ? registry.comparisons.find((p) => p.id === m[1]) : registry.comparisons[0];
  if (!preset) return { ok: false, error: `There is no comparison '${(m[1] ?? '').slice(0, 40)}' (known: ${registry.comparisons.map((p) => p.id).join(', ') || 'none'}).` };
  const script = scriptById(m[2] ?? preset.script);
  if (!script) return { ok: false, error: `There is no comparison script '${(m[2] ?? '').slice(0, 40)}'.` };
  return { ok: true, state: { preset: preset.id, script, left: { protocol: preset.left, seed: 1 }, right: { protocol: preset.right, seed: 1 }, t: 0 } };
}

/** Decode a compare link (full or short form). Never throws. */
export async function decodeCompareLink(input: unknown, registry: Registry): Promise<CompareDecode> {
  try {
    if (typeof input !== 'string') return { ok: false, error: `${WHAT} is not text.` };
    if (input.length > LIMITS.maxHashChars) return { ok: false, error: `${WHAT} is too long (${input.length} characters; the limit is ${LIMITS.maxHashChars}).` };
    const short = presetState(input, registry);
    if (short) return short;
    const m = /^c(\d{1,6})\.(.*)$/s.exec(hashPart(input));
    if (!m) return { ok: false, error: `${WHAT} is not a Janus Lab compare link (it should start with #c${COMPARE_FORMAT}. or #compare).` };
    if (Number(m[1]) !== COMPARE_FORMAT) return { ok: false, error: `${WHAT} has format v${m[1]}; this page reads v${COMPARE_FORMAT}.` };
    const bytes = fromBase64url(m[2]!);
    if (!bytes) return { ok: false, error: `${WHAT} is damaged: it contains characters that never appear in a link, or it is truncated.` };
    if (bytes.length < HEADER + 1) return { ok: false, error: `${WHAT} is truncated.` };
    const crc = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    const n = (bytes[4]! << 16) | (bytes[5]! << 8) | bytes[6]!;
    const data = bytes.subarray(HEADER);
    if (data.length !== n) return { ok: false, error: data.length < n ? `${WHAT} is truncated: ${n - data.length} of its ${n} data bytes are missing.` : `${WHAT} is damaged: it has more bytes than it says.` };
    const inflated = await inflateRaw(data, LIMITS.maxInflatedBytes);
    if (inflated === 'too-big') return { ok: false, error: `${WHAT} unpacks to more than ${LIMITS.maxInflatedBytes / 1024} kB; it was not opened.` };
    if (inflated === 'error') return { ok: false, error: `${WHAT} is damaged: its compressed data cannot be unpacked.` };
    if (crc32(inflated) !== crc) return { ok: false, error: `${WHAT} is damaged: its checksum does not match its content.` };
    const parsed = parseJsonGuarded(new TextDecoder('utf-8', { fatal: false }).decode(inflated), WHAT);
    if (!parsed.ok) return { ok: false, error: parsed.error.message };
    return checkCompareState(parsed.value, registry);
  } catch (e) {
    return { ok: false, error: `${WHAT} could not be read (${e instanceof Error ? e.message : String(e)}).` };
  }
}
