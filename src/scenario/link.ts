// Scenario links. The URL hash is
//
//     #s<format>.<base64url( crc32(json) [4 bytes, big-endian] | length(deflated) [3 bytes] | deflate-raw(json) )>
//
// where json is the compact form (compact.ts). The CRC is over the uncompressed JSON, so any
// corruption that still inflates is caught; the length catches truncation before inflating.
// Decoding never throws and never runs anything: size limit, alphabet, length, bounded
// inflate, checksum, depth-limited JSON, schema, protocol checks, then a bounded replay.

import { fromBase64url, toBase64url, crc32, deflateRaw, inflateRaw } from './bytes';
import { CompactError, fromCompact, toCompact } from './compact';
import { parseJsonGuarded } from './json';
import type { Registry } from '../contracts';
import { openScenario, currentProtocolVersion, type OpenResult } from './open';
import { checkScenarioShape, withPlainText } from './schema';
import { FORMAT_VERSION, LIMITS, scenarioError, clip, type DecodeResult, type Scenario } from './types';

const WHAT = 'This link';
const HEADER = 7;

/** True if a location hash looks like a scenario link (`#s1.…`), as opposed to a page route. */
export function isScenarioHash(hash: string): boolean {
  return /^#?s\d+\./.test(hash);
}

/** Encode a scenario as a URL hash (starting with '#'). `traceHash` lets the reader confirm it sees the same run. */
export async function encodeLink(scenario: Scenario, opts: { traceHash?: string; protocolVersion?: number; tour?: unknown } = {}): Promise<string> {
  const pv = opts.protocolVersion ?? currentProtocolVersion(scenario.spec.protocol) ?? 0;
  return encodePayloadText(JSON.stringify(toCompact(withPlainText(scenario), { protocolVersion: pv, traceHash: opts.traceHash, ...(opts.tour !== undefined ? { tour: opts.tour } : {}) })));
}

/** Wrap any JSON text as a link hash (checksum, length, deflate). For tests and the bad-link corpus. */
export async function encodePayloadText(json: string, format = FORMAT_VERSION): Promise<string> {
  return `#s${format}.${await packText(json)}`;
}

/** JSON text as a link body: checksum, length, deflated bytes, base64url (scenario and compare links). */
export async function packText(json: string): Promise<string> {
  const raw = new TextEncoder().encode(json);
  const deflated = await deflateRaw(raw);
  const crc = crc32(raw);
  const n = deflated.length;
  const bytes = new Uint8Array(HEADER + n);
  bytes.set([crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  bytes.set(deflated, HEADER);
  return toBase64url(bytes);
}

/** Full URL of a scenario against a base (for example 'http://127.0.0.1:5173/'). */
export async function scenarioUrl(base: string, scenario: Scenario, opts: { traceHash?: string } = {}): Promise<string> {
  return base.replace(/#.*$/, '') + (await encodeLink(scenario, opts));
}

/** The hash part of a link: accepts a full URL, '#s1.…' or 's1.…'. */
function hashPart(input: string): string {
  const i = input.indexOf('#');
  return (i >= 0 ? input.slice(i + 1) : input).trim();
}

/** Decode a link into a checked scenario (no replay yet). Never throws. */
export async function decodeLink(input: unknown): Promise<DecodeResult> {
  try {
    return await decodeUnsafe(input);
  } catch (e) {
    return { ok: false, error: scenarioError('corrupt', `${WHAT} could not be read.`, e instanceof Error ? e.message : String(e)) };
  }
}

async function decodeUnsafe(input: unknown): Promise<DecodeResult> {
  if (typeof input !== 'string') return { ok: false, error: scenarioError('not-a-link', `${WHAT} is not text.`) };
  if (input.length > LIMITS.maxHashChars + 4096)
    return { ok: false, error: scenarioError('too-large', `${WHAT} is too long (${input.length.toLocaleString('en')} characters; the limit is ${LIMITS.maxHashChars.toLocaleString('en')}). It was not opened.`) };
  const hash = hashPart(input);
  if (hash === '') return { ok: false, error: scenarioError('empty', `${WHAT} holds no scenario: the part after # is empty.`) };
  if (hash.length > LIMITS.maxHashChars)
    return { ok: false, error: scenarioError('too-large', `${WHAT} is too long (${hash.length.toLocaleString('en')} characters; the limit is ${LIMITS.maxHashChars.toLocaleString('en')}). It was not opened.`) };
  const m = /^s(\d{1,6})\.(.*)$/s.exec(hash);
  if (!m) return { ok: false, error: scenarioError('not-a-link', `${WHAT} is not a Janus Lab scenario link (it should start with #s${FORMAT_VERSION}.).`) };
  const format = Number(m[1]);
  if (format !== FORMAT_VERSION) {
    const msg =
      format > FORMAT_VERSION
        ? `${WHAT} was made by a newer Janus Lab (link format v${format}); this page reads format v${FORMAT_VERSION}. Open it with a newer version of Janus Lab.`
        : `${WHAT} was made by Janus Lab link format v${format}, which this page (format v${FORMAT_VERSION}) no longer reads.`;
    return { ok: false, error: scenarioError('format-version', msg) };
  }
  const body = m[2]!;
  const bytes = fromBase64url(body);
  if (!bytes) {
    const badChar = [...body].find((c) => !/[A-Za-z0-9_-]/.test(c));
    return {
      ok: false,
      error: scenarioError(
        badChar !== undefined ? 'bad-characters' : 'truncated',
        badChar !== undefined
          ? `${WHAT} is damaged: it contains a character ("${clip(badChar, 4)}") that never appears in a Janus Lab link. Was it edited or wrapped by a mail program?`
          : `${WHAT} is truncated: its last characters are missing. Copy the whole link again.`,
      ),
    };
  }
  if (bytes.length < HEADER + 1) return { ok: false, error: scenarioError('truncated', `${WHAT} is truncated: it is too short to hold a scenario. Copy the whole link again.`) };
  const crc = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const n = (bytes[4]! << 16) | (bytes[5]! << 8) | bytes[6]!;
  const data = bytes.subarray(HEADER);
  if (data.length < n)
    return { ok: false, error: scenarioError('truncated', `${WHAT} is truncated: ${n - data.length} of its ${n} data bytes are missing. Copy the whole link again.`) };
  if (data.length > n) return { ok: false, error: scenarioError('corrupt', `${WHAT} is damaged: it has ${data.length - n} byte(s) more than it says it holds.`) };
  const inflated = await inflateRaw(data, LIMITS.maxInflatedBytes);
  if (inflated === 'too-big')
    return { ok: false, error: scenarioError('too-large', `${WHAT} unpacks to more than ${LIMITS.maxInflatedBytes / 1024} kB, far more than any scenario; it was not opened.`) };
  if (inflated === 'error') return { ok: false, error: scenarioError('corrupt', `${WHAT} is damaged: its compressed data cannot be unpacked.`) };
  if (crc32(inflated) !== crc) return { ok: false, error: scenarioError('checksum', `${WHAT} is damaged: its checksum does not match its content, so some characters were changed.`) };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return { ok: false, error: scenarioError('corrupt', `${WHAT} is damaged: its content is not valid text.`) };
  }
  const parsed = parseJsonGuarded(text, WHAT);
  if (!parsed.ok) return parsed;
  let mapped: ReturnType<typeof fromCompact>;
  try {
    mapped = fromCompact(parsed.value, format);
  } catch (e) {
    if (e instanceof CompactError) return { ok: false, error: scenarioError('schema', `${WHAT} does not hold a valid scenario: ${e.message}.`) };
    throw e;
  }
  const shape = checkScenarioShape(mapped.scenario, WHAT);
  if (!shape.ok) return shape;
  return { ok: true, scenario: shape.scenario, meta: mapped.meta };
}

/** Decode a link and replay it. Never throws; bounded in time. */
export async function openLink(input: unknown, registry?: Registry): Promise<OpenResult> {
  const d = await decodeLink(input);
  if (!d.ok) return d;
  return openScenario(d.scenario, { meta: d.meta, what: WHAT, registry });
}
