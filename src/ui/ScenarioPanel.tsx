// Scenario panel: Copy link, export/import a scenario file, export the trace, and the gallery.
// scenarioLinks() is set up by
// installScenarioLinks(useLab, window) in src/main.tsx.
import { useState } from 'react';
import { PROTOCOLS } from '../protocols/registry';
import { GALLERY, type GalleryEntry } from '../scenario/gallery';
import { scenarioLinks } from '../scenario/url';
import { download, FileInput } from './files';

export function ScenarioPanel() {
  const [copied, setCopied] = useState('');
  const links = scenarioLinks();
  // One list per protocol; an entry's "-our-design" twin is shown as a link under it.
  const groups: [string, GalleryEntry[]][] = [];
  for (const g of GALLERY) {
    if (g.id.endsWith('-our-design') && GALLERY.some((x) => `${x.id}-our-design` === g.id)) continue;
    const grp = groups.find(([p]) => p === g.spec.protocol);
    if (grp) grp[1].push(g);
    else groups.push([g.spec.protocol, [g]]);
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
      <details>
        <summary>Gallery of teaching scenarios</summary>
        <div data-testid="gallery">
        {groups.map(([protocol, entries]) => (
          <div key={protocol} className="gallery-group">
            <h3>{PROTOCOLS[protocol]?.title ?? protocol}</h3>
            <ul>
              {entries.map((g) => {
                const twin = GALLERY.find((x) => x.id === `${g.id}-our-design`);
                return (
                  <li key={g.id}>
                    <a href={`#gallery/${g.id}`} data-testid={`gallery-${g.id}`}>{g.title}</a>
                    <p>{g.text}</p>
                    {twin && (
                      <a href={`#gallery/${twin.id}`} data-testid={`gallery-${twin.id}`} className="twin">
                        The same faults under our design (janus-2+1) →
                      </a>
                    )}
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
        </div>
      </details>
    </section>
  );
}
