import { StrictMode, Suspense, lazy, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { createLabStore, LabProvider } from './store';
import { REGISTRY } from './protocols/registry';
import { installScenarioLinks } from './scenario/url';
import { isCompareHash } from './scenario/compare-hash';
import { isEmbed } from './ui/present/Share';
import './ui/styles.css';

// The page's lab: one store over the page's registry (src/protocols/page-registry.ts: the default
// shape's plug-in is in this bundle, the others load on demand). The TLC samples a plug-in carries in its
// folder (tlc/samples/*.txt) are loaded on demand, each as its own small chunk.
const store = createLabStore(REGISTRY, undefined, {
  tlcSamples: import.meta.glob<string>('./protocols/*/tlc/samples/*.txt', { query: '?raw', import: 'default' }),
});

// Scenario links (#s1.… and #gallery/<id>) open on load and follow the run (src/scenario/url.ts).
const links = installScenarioLinks(store, window);
store.getState().setScenarioLinks(links);

// `?embed` on a scenario link: the cluster, the time bar and the caption only (for an iframe).
const embed = isEmbed(window.location.search);
if (embed) document.documentElement.classList.add('embedded');

// The Compare view (#compare…, #c1.…: two labs side by side, docs/compare.md) is its own chunk;
// it reads the protocol folders' sources on demand for their lines of code (the list of them,
// src/compare/sources.ts, loads with it). Both sides may run any shape: every plug-in is loaded with it.
const CompareApp = lazy(() =>
  Promise.all([import('./ui/compare/CompareApp'), import('./compare/sources'), REGISTRY.loadAll()]).then(
    ([m, s]) => ({ default: (p: { hash: string }) => <m.default registry={REGISTRY} sources={s.protocolSources} hash={p.hash} /> }),
    (e: unknown) => ({ default: () => <p role="alert">The Compare view could not be loaded: {e instanceof Error ? e.message : String(e)} Reload the page to try again.</p> }),
  ),
);

function Root() {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const f = () => setHash(window.location.hash);
    window.addEventListener('hashchange', f);
    return () => window.removeEventListener('hashchange', f);
  }, []);
  if (isCompareHash(hash))
    return (
      <Suspense fallback={<p>Loading the Compare view…</p>}>
        <CompareApp hash={hash} />
      </Suspense>
    );
  return (
    <LabProvider store={store}>
      <App view={embed ? 'embed' : 'page'} />
    </LabProvider>
  );
}

const root = createRoot(document.getElementById('root')!);
const render = () =>
  root.render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
// A page opened on a link (a scenario, story or tour; an embed in slides) shows that run from its
// first frame: the link's code and plug-ins load on demand, and the default run drawn meanwhile
// jumped to the link's run a moment later. Until the link is open (or 10 s at most: a failure is
// the link's message, drawn with the page), a one-line notice holds the place.
const initial = window.location.hash;
if (initial && initial !== '#' && !isCompareHash(initial)) {
  root.render(<p className="opening-link" role="status">Opening the link…</p>);
  let drawn = false;
  const once = () => {
    if (drawn) return;
    drawn = true;
    render();
  };
  void links.settled().then(once, once);
  setTimeout(once, 10_000);
} else render();
