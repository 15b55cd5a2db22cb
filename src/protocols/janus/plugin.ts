// Our design (PROTOCOL.md with R1–R4) as one plug-in: the core (core.ts: the protocol, its two
// shapes, the view, the metrics hooks), plus the explorer profiles, the gallery, the tours, the
// script hooks and the check profile. The page starts with the core only and loads this on demand
// (entry.ts); Node scripts, tests and the check worker use it whole (registry.ts).

import type { ProtocolPlugin } from '../../contracts/plugin';
import { janusCheck } from './check';
import { janusCore, janusShape, MUTANT_SHAPES } from './core';
import { janusProfile } from './explore';
import { JANUS_GALLERY } from './gallery';
import { JANUS_TOURS } from './tours';
import { janusScript } from './script';

export { MUTANT_SHAPES };

export const janusPlugin: ProtocolPlugin = {
  ...janusCore,
  shapes: [janusShape(3, janusProfile(3)), janusShape(2, janusProfile(2))],
  gallery: () => JANUS_GALLERY,
  tours: () => JANUS_TOURS,
  script: janusScript,
  check: janusCheck,
};
