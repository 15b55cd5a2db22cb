// Print the link of every gallery scenario and its size: `tsx scripts/gallery-links.ts [baseUrl]`.
import { GALLERY, buildGalleryScenario } from '../src/scenario/gallery';
import { encodeLink } from '../src/scenario';

const base = process.argv[2] ?? process.env.JANUS_LAB_URL ?? 'http://127.0.0.1:5173/';
const rows: string[] = [];
for (const entry of GALLERY) {
  const built = buildGalleryScenario(entry);
  const url = base.replace(/#.*$/, '') + (await encodeLink(built.scenario, { traceHash: built.traceHash }));
  rows.push(`| ${entry.id} | ${entry.spec.protocol}${entry.spec.mutant ? ` (${entry.spec.mutant})` : ''} | ${built.scenario.actions.length} | ${url.length} | ${url.length - base.length} |`);
  if (process.argv.includes('--urls')) console.log(`${entry.title}\n  ${url}`);
}
console.log(`Gallery links against ${base}\n`);
console.log('| scenario | shape | actions | URL chars | hash chars |\n|---|---|---|---|---|');
console.log(rows.join('\n'));
