import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { useLab } from './store';
import { installScenarioLinks } from './scenario/url';
import './ui/styles.css';

// Scenario links (#s1.… and #gallery/<id>) open on load and follow the run (src/scenario/url.ts).
installScenarioLinks(useLab, window);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
