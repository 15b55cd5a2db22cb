import { janusProfile } from '../protocols/janus/explore';
import type { ExplorerProfile } from './profile';

/** Explorer profiles by protocol shape. */
export const PROFILES: Record<string, ExplorerProfile> = {
  'janus-3+1': janusProfile(3),
  'janus-2+1': janusProfile(2),
};
