// Scenario panel: Copy link, export/import a scenario file, export the trace, and the gallery of
// the lab's plug-ins (a story's twin, e.g. the same faults under another design, is listed under
// it), ending with the registry's comparisons (links to their Compare preset, `#compare/<id>`).
// The links bridge is installed on the lab by src/main.tsx (installScenarioLinks).
import { useState } from 'react';
import { useLabStore, useTour, type GalleryItem } from '../store';
import { useComparisons } from '../store/comparisons';
import { download, FileInput } from './files';

export function ScenarioPanel() {
  const [copied, setCopied] = useState('');
  const links = useLabStore((s) => s.scenarioLinks);
  const gallery = useLabStore((s) => s.gallery);
  const shapes = useLabStore((s) => s.shapes);
  const loadPlugins = useLabStore((s) => s.loadPlugins);
  // Every gallery story is also a tour (src/scenario/tour.ts): its "Take the tour" link.
  const tours = useTour((s) => s.list);
  const tourOf = (id: string) => tours.find((t) => t.gallery === id)?.id;
  // The registry's side-by-side comparisons, each opening its preset in the Compare view.
  const comparisons = useComparisons();
  // One list per shape; an entry's twins are shown as links under it.
  const groups: [string, GalleryItem[]][] = [];
  for (const g of gallery) {
    if (g.twinOf !== null && gallery.some((x) => x.id === g.twinOf)) continue;
    const grp = groups.find(([p]) => p === g.shape);
    if (grp) grp[1].push(g);
    else groups.push([g.shape, [g]]);
  }
  if (!links) return null;
  return (
    <section aria-label="Scenario" data-testid="scenario-panel">
      <button
        type="button"
        onClick={async () => {
          const url = await links.currentUrl();
          try {
            await navigator.clipboard.writeText(url);
            setCopied('Link copied.');
          } catch {
            setCopied(url); // clipboard refused: show the link to copy by hand
          }
        }}
      >
        Copy link
      </button>
      <span role="status" data-testid="copy-status">{copied}</span>
      <button type="button" onClick={() => { const f = links.exportFile(); download(f.name, f.text); }}>Export scenario</button>
      <button type="button" onClick={() => { const f = links.exportTrace(); download(f.name, f.text); }}>Export trace</button>
      <FileInput
        label="Import scenario"
        accept=".json,application/json"
        testid="scenario-import"
        // Size is checked again inside; reading >1 MB is refused there with a message.
        onFile={async (file) => void (await links.importFile(file.size > 2 * 1024 * 1024 ? 'x'.repeat(1024 * 1024 + 1) : await file.text()))}
      />
      {/* Opening the gallery loads the plug-ins not loaded yet: their stories and tours join the list. */}
      <details onToggle={(e) => void (e.currentTarget.open && loadPlugins())}>
        <summary>Gallery of teaching scenarios</summary>
        <div data-testid="gallery">
        {groups.map(([protocol, entries]) => (
          <div key={protocol} className="gallery-group">
            <h3>{shapes.find((x) => x.id === protocol)?.title ?? protocol}</h3>
            <ul>
              {entries.map((g) => (
                <li key={g.id}>
                  <a href={`#gallery/${g.id}`} data-testid={`gallery-${g.id}`}>{g.title}</a>
                  {tourOf(g.id) && (
                    <>
                      {' · '}
                      <a href={`#tour/${tourOf(g.id)}`} data-testid={`gallery-tour-${g.id}`}>Take the tour</a>
                    </>
                  )}
                  <p>{g.text}</p>
                  {gallery
                    .filter((t) => t.twinOf === g.id)
                    .map((twin) => (
                      <a key={twin.id} href={`#gallery/${twin.id}`} data-testid={`gallery-${twin.id}`} className="twin">
                        {twin.twinLabel ?? `${twin.title} →`}
                      </a>
                    ))}
                </li>
              ))}
            </ul>
          </div>
        ))}
        {comparisons.length > 0 && (
          <div className="gallery-group" data-testid="gallery-comparisons">
            <h3>Side by side (Compare)</h3>
            <ul>
              {comparisons.map((c) => (
                <li key={c.id}>
                  <a href={`#compare/${c.id}`} data-testid={`gallery-compare-${c.id}`}>{c.title}</a>
                  <p>{c.text}</p>
                </li>
              ))}
            </ul>
          </div>
        )}
        </div>
      </details>
    </section>
  );
}
