import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { createLabStore, LabProvider } from './store';
import { REGISTRY } from './protocols/registry';
import { installScenarioLinks } from './scenario/url';
import { isEmbed } from './ui/present/Share';
import './ui/styles.css';

// The page's lab: one store over the page's registry. The TLC samples a plug-in carries in its
// folder (tlc/samples/*.txt) are loaded on demand, each as its own small chunk.
const store = createLabStore(REGISTRY, undefined, {
  tlcSamples: import.meta.glob<string>('./protocols/*/tlc/samples/*.txt', { query: '?raw', import: 'default' }),
});

// Scenario links (#s1.… and #gallery/<id>) open on load and follow the run (src/scenario/url.ts).
store.getState().setScenarioLinks(installScenarioLinks(store, window));

// `?embed` on a scenario link: the cluster, the time bar and the caption only (for an iframe).
const embed = isEmbed(window.location.search);
if (embed) document.documentElement.classList.add('embedded');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LabProvider store={store}>
      <App view={embed ? 'embed' : 'page'} />
    </LabProvider>
  </StrictMode>,
);
