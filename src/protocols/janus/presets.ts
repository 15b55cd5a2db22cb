// Named cluster shapes for the explorer, the UI and scenario links.
import { janusConfig, type JanusConfig, type MutantName } from './config';

export const JANUS_PRESETS = {
  'janus-3+1': { title: 'Janus 3+1 (D1, D2, D3 + elector)', config: () => janusConfig(3) },
  'janus-2+1': { title: 'Janus 2+1 (D1, D2 + elector)', config: () => janusConfig(2) },
} as const;

export function presetConfig(name: keyof typeof JANUS_PRESETS, mutant: MutantName | null = null): JanusConfig {
  const c = JANUS_PRESETS[name].config();
  return { ...c, mutant };
}
