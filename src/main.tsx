import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { useLab } from './store';
import { installScenarioLinks } from './scenario/url';
import { registerPublishedGallery } from './protocols/janus-published/gallery';
import './ui/styles.css';

// The published spec's findings join the gallery (before links are read: #gallery/published-p1 …).
registerPublishedGallery();

// Scenario links (#s1.… and #gallery/<id>) open on load and follow the run (src/scenario/url.ts).
installScenarioLinks(useLab, window);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
