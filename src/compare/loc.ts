// Lines of code of a protocol's folder, for "ease of implementation": the whole folder, and its
// core (the files the protocol's `index.ts` reaches through relative imports inside the folder).
// The sources are handed in (the CLI reads the disk; the page loads them as raw text on demand),
// keyed by paths that contain `protocols/<folder>/`. A plug-in's folder is the one named like its id.

export interface LinesOfCode {
  folder: string;
  files: number;
  /** Non-blank lines that are not only a comment, in every .ts file of the folder. */
  lines: number;
  /** The same over the core: the files reachable from the folder's index.ts. */
  coreFiles: number;
  coreLines: number;
}

/** Non-blank lines that are not only a comment (// lines and /* … *\/ blocks). */
export function codeLines(text: string): number {
  let n = 0;
  let inBlock = false;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (inBlock) {
      const end = line.indexOf('*/');
      if (end < 0) continue;
      inBlock = false;
      line = line.slice(end + 2).trim();
    }
    if (line.startsWith('/*')) {
      const end = line.indexOf('*/', 2);
      if (end < 0) {
        inBlock = true;
        continue;
      }
      line = line.slice(end + 2).trim();
    }
    if (!line || line.startsWith('//')) continue;
    n++;
  }
  return n;
}

const norm = (p: string) => p.replace(/\\/g, '/');

/** The folder's files, path inside the folder → text. */
function folderFiles(sources: Readonly<Record<string, string>>, folder: string): Map<string, string> {
  const out = new Map<string, string>();
  const marker = `protocols/${folder}/`;
  for (const [path, text] of Object.entries(sources)) {
    const p = norm(path);
    const i = p.indexOf(marker);
    if (i < 0 || !/\.tsx?$/.test(p) || /\.test\.tsx?$/.test(p)) continue;
    out.set(p.slice(i + marker.length), text);
  }
  return out;
}

function resolveIn(files: Map<string, string>, from: string, spec: string): string | null {
  const parts = from.split('/').slice(0, -1);
  for (const seg of spec.split('/')) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..') {
      if (!parts.length) return null; // leaves the folder
      parts.pop();
    } else parts.push(seg);
  }
  const base = parts.join('/').replace(/\.js$/, '');
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`]) if (files.has(c)) return c;
  return null;
}

/** Lines of code of the folder named `folder`, or null when no source of it was handed in. */
export function linesOfCode(sources: Readonly<Record<string, string>>, folder: string): LinesOfCode | null {
  const files = folderFiles(sources, folder);
  if (!files.size) return null;
  let lines = 0;
  for (const t of files.values()) lines += codeLines(t);
  const core = new Set<string>();
  const todo = files.has('index.ts') ? ['index.ts'] : [];
  while (todo.length) {
    const f = todo.pop()!;
    if (core.has(f)) continue;
    core.add(f);
    const text = files.get(f)!;
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/g)) {
      const r = resolveIn(files, f, m[1]!);
      if (r && !core.has(r)) todo.push(r);
    }
  }
  let coreLines = 0;
  for (const f of core) coreLines += codeLines(files.get(f)!);
  return { folder, files: files.size, lines, coreFiles: core.size, coreLines };
}
