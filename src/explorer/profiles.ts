import { janusProfile } from '../protocols/janus/explore';
import type { ExplorerProfile } from './profile';
import { publishedProfile } from '../protocols/janus-published/explore';

/** Explorer profiles by protocol shape. */
export const PROFILES: Record<string, ExplorerProfile> = {
  'janus-3+1': janusProfile(3),
  'janus-2+1': janusProfile(2),
  'janus-published': publishedProfile(),
};
