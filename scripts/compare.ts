// npm run compare -- --preset janus3-vs-raft5 [--scenario <compare link | file.json | script id>]
//                    [--patterns N] [--pattern-seed S] [--list]
// Prints the claims table of a comparison as JSON (src/compare, docs/compare.md): both shapes run
// under the preset's role script (or the one given) to its end. --patterns N also measures the
// failure patterns on N seeded runs per pattern and shape (0: not measured; default 0).
// Bad input: one line on stderr, exit code 2.

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REGISTRY } from '../src/protocols/registry';
import { checkScript, measurePatterns, presetOf, runComparison, scriptById, SCRIPTS, tableOf, type RoleScript } from '../src/compare';
import { decodeCompareLink, isCompareHash, type CompareLinkState } from '../src/scenario/compare-link';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : undefined;
}

class Usage extends Error {}

/** Every .ts source under src/protocols, by path (for lines of code). */
export function protocolSources(root = ROOT): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name)) out[p.slice(root.length + 1)] = readFileSync(p, 'utf8');
    }
  };
  walk(join(root, 'src/protocols'));
  return out;
}

async function scenarioArg(text: string): Promise<{ script: RoleScript; link: CompareLinkState | null }> {
  const byId = scriptById(text);
  if (byId) return { script: byId, link: null };
  if (isCompareHash(text)) {
    const d = await decodeCompareLink(text, REGISTRY);
    if (!d.ok) throw new Usage(d.error);
    return { script: d.state.script, link: d.state };
  }
  if (!existsSync(text)) throw new Usage(`--scenario: '${text.slice(0, 80)}' is neither a script id (${SCRIPTS.map((s) => s.id).join(', ')}), a compare link (#c1.…) nor a file`);
  let json: unknown;
  try {
    const raw = readFileSync(text, 'utf8');
    if (raw.length > 1024 * 1024) throw new Usage(`--scenario: ${text} is larger than 1 MB`);
    json = JSON.parse(raw);
  } catch (e) {
    if (e instanceof Usage) throw e;
    throw new Usage(`--scenario: ${text} is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const c = checkScript(json);
  if (!c.ok) throw new Usage(`--scenario: ${text}: ${c.error}`);
  return { script: c.value, link: null };
}

async function main(): Promise<number> {
  if (process.argv.includes('--list')) {
    for (const p of REGISTRY.comparisons) console.log(`${p.id.padEnd(20)} ${p.title}`);
    for (const s of SCRIPTS) console.log(`script ${s.id.padEnd(16)} ${s.title}`);
    return 0;
  }
  const presetId = arg('preset');
  if (!presetId) throw new Usage(`--preset is required (one of ${REGISTRY.comparisons.map((p) => p.id).join(', ')})`);
  const preset = presetOf(REGISTRY, presetId);
  if (!preset) throw new Usage(`unknown preset '${presetId.slice(0, 40)}' (known: ${REGISTRY.comparisons.map((p) => p.id).join(', ')})`);
  const nPatterns = Number(arg('patterns') ?? 0);
  const patternSeed = Number(arg('pattern-seed') ?? 1);
  if (!Number.isInteger(nPatterns) || nPatterns < 0 || nPatterns > 1000) throw new Usage('--patterns takes a whole number of runs from 0 to 1000');
  if (!Number.isInteger(patternSeed)) throw new Usage('--pattern-seed takes a whole number');
  const seedArg = arg('seed');
  const seed = seedArg === undefined ? 1 : Number(seedArg);
  if (!Number.isInteger(seed) || seed < 0) throw new Usage('--seed takes a whole number ≥ 0');
  const sc = arg('scenario');
  const { script, link } = sc === undefined ? { script: scriptById(preset.script)!, link: null } : await scenarioArg(sc);
  const sides = link ? { left: link.left, right: link.right } : { left: { protocol: preset.left, seed }, right: { protocol: preset.right, seed } };
  if (link && link.preset !== preset.id) throw new Usage(`--scenario: the link is a '${link.preset ?? 'custom'}' comparison, not '${preset.id}'`);
  const c = runComparison(REGISTRY, sides, script, preset);
  const patterns = nPatterns > 0 ? measurePatterns(REGISTRY, [sides.left.protocol, sides.right.protocol], { seeds: nPatterns, master: patternSeed }) : null;
  console.log(JSON.stringify(tableOf(c, REGISTRY, protocolSources(), patterns), null, 2));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof Usage) {
      console.error(`compare: ${e.message}`);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  },
);
