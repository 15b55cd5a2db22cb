// The published spec's narrated tour (issue 12, docs/tours.md): finding P2, step by step, then a
// link to the same faults under our design (the gallery twin's tour). The run is the gallery
// story's (src/protocols/janus-published/gallery.ts, P2): the same spec, the same actions at the
// same times; tests/tours/tours.test.ts checks that the two land on the same trace hash.

import { story } from '../../contracts/gallery';
import type { TourDef } from '../../contracts/tour';

export const PUBLISHED_TOURS: TourDef[] = [
  {
    id: 'published-p2',
    title: "The published spec's P2, then the same faults under our design",
    summary: 'A wiped elector learns an old term from a stale leader and grants a term twice; our design replaces the elector instead.',
    gallery: 'published-p2',
    script: story`
      protocol janus-published
      seed 2143953713
      links latencyMin=5 latencyJitter=4 tailProb=0.014
      timing electionTimeoutMin=427 electionTimeoutMax=904 replicaTimeout=136 catchUpCheck=1159 electorLeaderTimeout=490
      title The published spec's P2, then the same faults under our design
      caption -- This is the **published spec** (Sep 2025), 2+1, run with the seed the explorer found finding **P2** with. Watch the elector's term: it is the only thing that stops two nodes from leading the same term.
      run 1587.194
      caption nodes=D2 -- \`D2\` won the first election (the spec's \`InitWorkload\`, between the data nodes only) and leads term 1 with RF 2. The elector has not heard of any term yet: it still says term 0.
      write D1
      run 14.626
      write D1
      run 5.897
      operator LeaderSendSwitchToRF1 D2
      run 373.489
      caption nodes=D2,E -- \`D2\` switched to RF 1 (term 2) and back to RF 2 (term 3). The spec's elector learns terms from what data nodes send it, including \`AppendEntries\`.
      write D2
      run 890.523
      caption nodes=D1,D2 -- \`D1\` timed out and the elector granted it **term 4** with RF 1, while \`D2\` still believes it leads term 3. Two leaders of two different terms: allowed, as long as no term has two.
      crash E wipe
      run 14.003
      restart E
      caption nodes=E -- The elector **loses its disk** and restarts at term 0. The spec has no way to rebuild its state.
      run 138.089
      write D2
      caption nodes=D2,E message="D2->E" -- The stale leader \`D2\` (term 3) sends its new entry to the elector too. The wiped elector adopts **term 3 with RF 2** from it: a stale message teaches it an old term.
      run-until violated=LeaderSafety max 3000
      caption nodes=D1,D2 -- \`D2\` asked to switch to RF 1 and the elector granted **term 4** a second time: \`D1\` and \`D2\` both lead term 4. **LeaderSafety** is violated: "at most one leader per term" (docs/protocol.md §10).
      caption nodes=E -- Under our design this cannot happen: "The elector never takes a term from a data node" (§3), "terms come only from the elector, which never grants a term twice" (§10), and a wiped elector is **replaced** with a new epoch, installed "with the highest reported term" (§9). Watch it: #tour/published-p2-our-design
    `,
  },
];
