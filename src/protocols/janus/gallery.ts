// Our design's teaching stories (the gallery): each a script in the script language
// (docs/script-format.md) run on a Timeline, with the claims a viewer should see at the landing
// moment. tests/scenario/gallery.test.ts checks every claim and pins each story's actions and
// trace hash; a change in the core that alters a story makes it fail.

import { story, type GalleryEntry, type GalleryView as View } from '../../contracts/gallery';

const leaderIs = (v: View, id: string) => v.leaders().length === 1 && v.leaders()[0] === id;
const safe = { text: 'every safety property holds', holds: (v: View) => v.violations().length === 0 };
const rSet = (v: View, id: string) => v.s(id).replicationSet;

/** The usual opening: a second for D1 to be granted term 1, then a first write x=1 with 100 ms to commit. */
const FIRST_WRITE = story`
  run 1000
  write D1 x=1
  run 100
`;
/**
 * 2+1: D2 crashes, D1 shrinks to R = {D1} and commits x=2 alone, D1 crashes and D2 restarts
 * without x=2. The two scenarios that start so differ only in the elector (real or elect-any).
 */
const LONE_COPY = story`
  ${FIRST_WRITE}
  crash D2
  run 800
  write D1 x=2
  run 100
  crash D1
  run 300
  restart D2
`;

export const JANUS_GALLERY: GalleryEntry[] = [
  {
    id: 'normal-rf3',
    title: 'Normal replication at RF 3',
    text:
      'D1 is granted term 1 by the elector with R = {D1, D2, D3}; then two client writes arrive. Watch the AppendEntries go out and come back: an entry is committed only once every member of R has acknowledged it, not a majority. That is why any surviving member of R can later lead without losing a committed write.',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      run 1000
      write D1 x=1
      write D1 y=2
      # Every data node commits both writes.
      run-until *.commitIndex=2 max 500
      land
      run 300
    `,
    claims: [
      { text: 'D1 leads term 1 with R = {D1, D2, D3}', holds: (v) => leaderIs(v, 'D1') && v.s('D1').term === 1 && rSet(v, 'D1') === '{D1, D2, D3}' },
      { text: 'both writes are committed on all three data nodes', holds: (v) => v.dataNodes.every((d) => v.s(d).commitIndex === 2 && v.s(d).logLength === 2) },
      safe,
    ],
  },
  {
    id: 'leader-crash',
    title: 'Leader crash and takeover',
    text:
      'The leader D1 crashes after one committed write. A follower in R times out, asks the elector for a takeover with R minus the old leader, and is granted a new term once the elector has also heard nothing from D1 for electorLeaderTimeout. The committed write survives because every member of R already held it.',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      crash D1
      # Another node leads.
      run-until leader!=D1 max 3000
      land
      write D3 y=2
      run 300
    `,
    claims: [
      { text: 'a node other than D1 leads, in a higher term', holds: (v) => v.leaders().length === 1 && v.leaders()[0] !== 'D1' && (v.s(v.leaders()[0]!).term as number) > 1 },
      { text: 'the new R leaves out D1', holds: (v) => !String(rSet(v, v.leaders()[0] ?? 'D2')).includes('D1') },
      { text: 'the committed write is still committed on the new leader', holds: (v) => (v.s(v.leaders()[0] ?? 'D2').commitIndex as number) >= 1 },
      safe,
    ],
  },
  {
    id: 'follower-shrink',
    title: 'Follower crash, then shrink to RF 2',
    text:
      'Follower D3 crashes just before a write. The write stalls: the commit rule needs every member of R, and D3 is still in R. After replicaTimeout the leader asks the elector to shrink R to {D1, D2}; with the new term the write commits. This stall of one timeout is the price of the all-of-R rule.',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      crash D3
      write D1 y=2
      # R shrinks and the write commits.
      run-until D1.replicationSet={D1,D2} D1.commitIndex=2 D2.commitIndex=2 max 2000
      land
      run 300
    `,
    claims: [
      { text: 'D1 leads with R = {D1, D2} in term 2', holds: (v) => leaderIs(v, 'D1') && rSet(v, 'D1') === '{D1, D2}' && v.s('D1').term === 2 },
      { text: 'the elector stores the same R', holds: (v) => v.s('E').replicationSet === '{D1, D2}' },
      { text: 'the stalled write is committed on D1 and D2', holds: (v) => v.s('D1').commitIndex === 2 && v.s('D2').commitIndex === 2 },
      safe,
    ],
  },
  {
    id: 'down-to-rf1',
    title: 'A second data-node failure: down to RF 1',
    text:
      'After D3 has been shrunk out, D2 fails too. The leader shrinks again, to R = {D1}: it now commits alone, as soon as an entry is on its own disk, and the elector is needed only to hand out terms. Only D1 can lead again while R = {D1}, because only it is sure to hold every committed entry.',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      crash D3
      # Shrink to RF 2.
      run-until D1.replicationSet={D1,D2} max 2000
      run 200
      crash D2
      write D1 y=2
      # Shrink to RF 1.
      run-until D1.replicationSet={D1} D1.commitIndex=2 max 2000
      land
      write D1 z=3
      run 200
    `,
    claims: [
      { text: 'D1 leads with R = {D1} (RF 1) in term 3', holds: (v) => leaderIs(v, 'D1') && rSet(v, 'D1') === '{D1}' && v.s('D1').rf === 1 && v.s('D1').term === 3 },
      { text: 'D1 commits its whole log alone', holds: (v) => v.s('D1').commitIndex === v.s('D1').logLength },
      safe,
    ],
  },
  {
    id: 'two-at-once',
    title: 'Two data nodes failing at the same moment',
    text:
      'D1 (the leader) and D2 crash at the same instant. D3 is still in R and, by the commit rule, holds every committed entry, so it may take over alone: it asks for R = {D2, D3}, then shrinks to {D3}. No reconfiguration was needed between the two failures, which a majority protocol could not survive.',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      crash D1
      crash D2
      # D3 leads alone.
      run-until leader=D3 D3.replicationSet={D3} max 4000
      land
      write D3 y=2
      run 300
    `,
    claims: [
      { text: 'D3 leads alone with R = {D3}', holds: (v) => leaderIs(v, 'D3') && rSet(v, 'D3') === '{D3}' },
      { text: 'the write committed before the double failure is still committed', holds: (v) => (v.s('D3').commitIndex as number) >= 1 },
      safe,
    ],
  },
  {
    id: 'elector-crash-rf3',
    title: 'Elector crash at RF 3: writes go on, failover cannot',
    text:
      'The elector crashes. The leader keeps committing, because a commit needs only the members of R, never the elector. But when the leader then crashes, the followers time out and ask for a takeover that no one can grant: they stay candidates, and the cluster has no leader until the elector returns or is replaced.',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      run 1000
      crash E
      write D1 x=1
      write D1 y=2
      run 200
      crash D1
      run 2500
      land
      run 500
    `,
    claims: [
      { text: 'both writes made after the elector crash are committed on D2 and D3', holds: (v) => v.s('D2').commitIndex === 2 && v.s('D3').commitIndex === 2 },
      { text: 'no data node leads', holds: (v) => v.leaders().length === 0 },
      { text: 'the term is still 1: no new term without the elector', holds: (v) => v.s('D2').term === 1 && v.s('D3').term === 1 },
      safe,
    ],
  },
  {
    id: 'elector-replacement',
    title: 'Elector replacement',
    text:
      'The elector loses its disk. An operator starts a new elector with epoch 1 through D2: every data node switches to epoch 1 and reports its term and R, and the new elector is installed at the highest term with that term’s R. From then on the data nodes ignore the old epoch, and a failover works again: D1 crashes and a follower is granted term 2.',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      run 1000
      crash E wipe
      write D1 x=1
      run 300
      replace-elector D2
      # The new elector is installed.
      run-until E.installed=true max 1000
      run 100
      crash D1
      # Failover with the new elector.
      run-until leader!=D1 max 3000
      land
      run 300
    `,
    claims: [
      { text: 'the elector runs epoch 1 and is installed', holds: (v) => v.s('E').electorEpoch === 1 && v.s('E').installed === true },
      { text: 'every data node trusts epoch 1', holds: (v) => v.dataNodes.every((d) => v.s(d).electorEpoch === 1) },
      { text: 'a node other than D1 leads term 2', holds: (v) => v.leaders().length === 1 && v.leaders()[0] !== 'D1' && v.s(v.leaders()[0]!).term === 2 },
      safe,
    ],
  },
  {
    id: 'leader-partitioned',
    title: 'Leader cut off from the followers, not from the elector',
    text:
      'D1 can still reach the elector but not D2 or D3, so it shrinks R to {D1} and keeps committing alone. The followers time out and ask for a takeover; the elector refuses because they are no longer in its R, and the refusal tells them the new term and R. When the network heals, D1 catches them up and grows R back one node at a time.',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      cut D1 D2 both
      cut D1 D3 both
      write D1 y=2
      # D1 shrinks to {D1}.
      run-until D1.replicationSet={D1} max 2000
      run 1500
      land
      heal-all
      # R grows back to three.
      run-until D1.replicationSet={D1,D2,D3} max 5000
      run 300
    `,
    claims: [
      { text: 'D1 still leads, with R = {D1}', holds: (v) => leaderIs(v, 'D1') && rSet(v, 'D1') === '{D1}' },
      { text: 'D1 committed the write made during the cut; the followers do not have it', holds: (v) => v.s('D1').commitIndex === 2 && v.s('D2').logLength === 1 && v.s('D3').logLength === 1 },
      { text: 'no follower was granted a term of its own', holds: (v) => v.s('E').leaderId === 'D1' },
      { text: 'the followers learned from the refusal that term 2 has R = {D1}', holds: (v) => ['D2', 'D3'].every((d) => v.s(d).term === 2 && rSet(v, d) === '{D1}' && v.s(d).role === 'follower') },
      safe,
    ],
  },
  {
    id: 'catch-up-grow',
    title: 'A returning node catches up and grows back to RF 3',
    text:
      'D3 crashes, R shrinks to {D1, D2}, and two more writes commit without it. When D3 restarts it is outside R, so it never starts an election. The leader notices it at catchUpCheck, starts a join (from then on commits also wait for D3), sends the missing entries, and asks the elector to grow R back; D3 counts as failed until that grant.',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      crash D3
      run 800
      write D1 y=2
      write D1 z=3
      run 200
      restart D3
      # R grows back to three.
      run-until D1.replicationSet={D1,D2,D3} max 4000
      land
      run 300
    `,
    claims: [
      { text: 'R is {D1, D2, D3} again, in term 3', holds: (v) => rSet(v, 'D1') === '{D1, D2, D3}' && v.s('D1').term === 3 && v.s('E').replicationSet === '{D1, D2, D3}' },
      { text: 'D3 holds the entries written while it was down', holds: (v) => v.s('D3').logLength === 3 },
      safe,
    ],
  },
  {
    id: 'data-and-elector',
    title: 'A data node and the elector fail together: unavailable, yet consistent',
    text:
      'The elector and the leader D1 crash together. No term can change without the elector, so D2 and D3 stay candidates and every write is refused. Nothing unsafe happens: the committed write is on both survivors, and the cluster simply waits for D1 or the elector to return (or for an elector replacement).',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      crash E
      crash D1
      write D2 y=2
      run 3000
      land
      run 300
    `,
    claims: [
      { text: 'no data node leads', holds: (v) => v.leaders().length === 0 },
      { text: 'no new write was committed (commit index stays 1)', holds: (v) => v.s('D2').commitIndex === 1 && v.s('D3').commitIndex === 1 },
      { text: 'the committed write is on both survivors', holds: (v) => v.s('D2').logLength === 1 && v.s('D3').logLength === 1 },
      safe,
    ],
  },
  {
    id: 'slow-shrink-leader-dies',
    title: 'Slow followers, a shrink to RF 1, then the leader dies: unavailable (Raft would not be)',
    text:
      'D2 and D3 are slow, not dead: their acks take 2 s, so after replicaTimeout the leader D1 shrinks R to {D1} and commits y=2 alone. ' +
      'Then D1 fails for good: D2 and D3 are up and even hold y=2, but neither is in R, and the elector, which never compares logs, grants no term, so every write is refused until D1 returns. ' +
      "This is §11's promise taken exactly: after a permanent failure, progress is promised only when a survivor is in R at the moment of the failure. " +
      'Raft would stay available: D2 and D3 are a majority of three, so they elect a leader between them and writes go on.',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      # D2 and D3 answer late: their acks to D1 take 2 s, longer than replicaTimeout.
      link D2 D1 extraDelay=2000
      link D3 D1 extraDelay=2000
      write D1 y=2
      # D1 shrinks R to itself and commits y=2 alone.
      run-until D1.replicationSet={D1} D1.commitIndex=2 max 3000
      link D2 D1 extraDelay=0
      link D3 D1 extraDelay=0
      # The leader fails for good, while the survivors are outside R.
      crash D1
      run 3000
      land
      write D2 z=3
      run 300
    `,
    claims: [
      { text: 'no data node leads', holds: (v) => v.leaders().length === 0 },
      { text: "the elector's R is still {D1}", holds: (v) => rSet(v, 'E') === '{D1}' },
      { text: 'D2 and D3 hold y=2 too, yet are outside R = {D1}', holds: (v) => v.s('D2').logLength === 2 && v.s('D3').logLength === 2 && rSet(v, 'D2') === '{D1}' && rSet(v, 'D3') === '{D1}' },
      { text: 'the write z=3 was refused', holds: (v) => v.s('D2').logLength === 2 && (v.s('D2').commitIndex as number) <= 2 },
      safe,
    ],
  },
  {
    id: '2p1-takeover',
    title: '2+1: the follower takes over alone (SwitchToRF1Leader)',
    text:
      'With two data nodes, R is {D1, D2} or a single node. The leader D1 crashes; D2 asks the elector for R = {D2} and becomes leader at RF 1, committing alone. When D1 comes back it is outside R: D2 catches it up and grows R back to {D1, D2} (SwitchToRF2), elector first.',
    spec: { protocol: 'janus-2+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      crash D1
      # D2 leads alone.
      run-until leader=D2 D2.replicationSet={D2} max 3000
      land
      write D2 y=2
      run 200
      restart D1
      # R grows back.
      run-until D2.replicationSet={D1,D2} max 4000
      run 200
    `,
    claims: [
      { text: 'D2 leads with R = {D2} in term 2', holds: (v) => leaderIs(v, 'D2') && rSet(v, 'D2') === '{D2}' && v.s('D2').term === 2 },
      { text: 'the write committed by D1 is committed on D2', holds: (v) => (v.s('D2').commitIndex as number) >= 1 },
      safe,
    ],
  },
  {
    id: '2p1-lone-copy',
    title: '2+1: the RF 1 leader holds the only copy, so nobody else may lead',
    text:
      'D2 crashes, D1 shrinks to R = {D1} and commits x=2 alone; then D1 crashes and D2 restarts without x=2. D2 is not in the elector’s R, so its takeover request is refused and the cluster waits: unavailable, but x=2 is not lost. When D1 returns it leads again and grows R back (compare the next scenario, where the elector breaks this rule).',
    spec: { protocol: 'janus-2+1', seed: 1 },
    script: story`
      ${LONE_COPY}
      run 1500
      land
      restart D1
      # D1 leads again with R = {D1, D2}.
      run-until leader=D1 D1.replicationSet={D1,D2} max 4000
      run 300
    `,
    claims: [
      { text: 'D2 is up but does not lead', holds: (v) => v.up('D2') && v.leaders().length === 0 },
      { text: 'the elector still has R = {D1}', holds: (v) => v.s('E').replicationSet === '{D1}' },
      { text: 'D2 lacks x=2, which only D1 (down) holds', holds: (v) => v.s('D2').logLength === 1 && v.s('D1').logLength === 2 },
      safe,
    ],
  },
  {
    id: '2p1-elect-any',
    title: '2+1 with a broken elector (elect-any): a committed write is lost',
    text:
      'The same steps as the previous scenario, but the elector runs the elect-any mutant: it grants a takeover to any data node. D2, which never received x=2, is granted a new term although it is not in the elector’s R = {D1}, and it leads without x=2. The monitors flag CommittedOnReplicationSet at the grant and LeaderCompleteness when D2 leads: the eligibility rule is what prevents this.',
    spec: { protocol: 'janus-2+1', seed: 1, mutant: 'elect-any' },
    script: story`
      ${LONE_COPY}
      # A safety property breaks and D2 leads.
      run-until violated=any leader=D2 max 3000
      land
      write D2 x=3
      run 300
    `,
    claims: [
      { text: 'D2 leads although it lacks x=2, which D1 committed', holds: (v) => leaderIs(v, 'D2') && v.s('D2').logLength === 1 && v.s('D1').logLength === 2 },
      { text: 'CommittedOnReplicationSet and LeaderCompleteness are violated', holds: (v) => v.violations().includes('CommittedOnReplicationSet') && v.violations().includes('LeaderCompleteness') },
    ],
  },
  {
    id: 'wipe-rf3',
    title: 'A data node loses its disk at RF 3: evicted, caught up, grown back',
    text:
      'D2 loses its disk and restarts blank: without its bootstrap marker it never leads or acks, and it asks the elector to evict it (a rejoin). The elector grants a new term with R = {D1, D3}: that term is the fence against everything D2 sent before the wipe. D2 writes its marker, and the leader catches it up and grows R back to RF 3, like any node outside R (§14).',
    spec: { protocol: 'janus-3+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      crash D2 wipe
      run 200
      restart D2
      # Blank, evicted, then an ordinary node outside R.
      run-until D2.blank=false max 2000
      run-until E.replicationSet={D1,D2,D3} max 5000
      write D1 y=2
      run 200
      land
    `,
    claims: [
      safe,
      { text: 'D1 leads', holds: (v) => leaderIs(v, 'D1') },
      { text: "the elector's R is {D1, D2, D3} again", holds: (v) => v.s('E').replicationSet === '{D1, D2, D3}' },
      { text: 'D2 is no longer blank and holds both writes', holds: (v) => v.s('D2').blank === false && v.s('D2').logLength === 2 && v.s('D2').commitIndex === 2 },
    ],
  },
  {
    id: '2p1-last-holder',
    title: '2+1: the RF 1 leader loses its disk, and the cluster stays down',
    text:
      'D2 crashes, D1 shrinks to R = {D1} and commits x=2 alone; then D1 loses its disk. Blank, D1 asks the elector to evict it, and the elector refuses: D1 is the last member of R, the only node that may have held x=2. The cluster stays down rather than let D2 lead without x=2; only the operator can choose to accept the loss (§14, REJOIN.md §5 step 2b).',
    spec: { protocol: 'janus-2+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      crash D2
      run 800
      write D1 x=2
      run 100
      crash D1 wipe
      restart D1
      run 500
      restart D2
      run 2000
      land
    `,
    claims: [
      safe,
      { text: 'no data node leads', holds: (v) => v.leaders().length === 0 },
      { text: "D1 is blank and the elector's R is still {D1}: its rejoin is refused", holds: (v) => v.s('D1').blank === true && v.s('E').replicationSet === '{D1}' },
      { text: 'D2 is up, outside R, without x=2', holds: (v) => v.up('D2') && v.s('D2').logLength === 1 },
    ],
  },
  {
    id: 'replacement-waits-for-blank',
    title: 'A disk and the elector lost: the replacement waits for the blank node',
    text:
      'D1 crashes and D2 takes over term 2 while D3 is cut off, so D2 alone knows term 2. Then D2 loses its disk and the elector its own. The operator replaces the elector through D3, but blank D2 has forgotten the terms it held: it refuses to switch, so no replacement is installed below term 2 and no second leader of term 2 can arise. The cluster stays down, which a data node and the elector failing together may cost, never consistency (our rule R5, docs/protocol.md §14).',
    spec: { protocol: 'janus-3+1', seed: 7 },
    script: story`
      run 1500
      write D1 a=1
      run 200
      crash D1
      isolate D3
      run-until leader=D2 max 3000
      crash D2 wipe
      crash E wipe
      run 300
      heal D3 D1 both
      heal D3 D2 both
      heal D3 E both
      restart D2
      restart D1
      run 100
      replace-elector D3
      run 1500
      land
    `,
    claims: [
      safe,
      { text: 'no data node leads', holds: (v) => v.leaders().length === 0 },
      { text: 'D2 is blank and the new elector is not installed', holds: (v) => v.s('D2').blank === true && v.s('E').installed === false },
      { text: 'D1 and D3 switched to epoch 1; D2 kept epoch 0', holds: (v) => v.s('D1').electorEpoch === 1 && v.s('D3').electorEpoch === 1 && v.s('D2').electorEpoch === 0 },
    ],
  },
  {
    id: '2p1-restored-backup',
    title: '2+1: a disk restored from a backup with its marker (forbidden) loses a committed write',
    text:
      'The operator backs up D2 after x=1; D2 then acks x=2 and crashes, and its disk is restored from the backup, bootstrap marker included. D2 cannot tell that it went back in time: it boots as an ordinary member of R = {D1, D2} without x=2, and when D1 crashes it takes over and leads without the committed x=2. That is why REJOIN.md forbids restoring the marker (§5 step 3): restored without it, D2 boots blank and rejoins safely (golden rejoin-restored-without-marker.txt).',
    spec: { protocol: 'janus-2+1', seed: 1 },
    script: story`
      ${FIRST_WRITE}
      operator backup D2
      write D1 x=2
      run 100
      crash D2
      # Restored with its marker, which REJOIN.md §5 step 3 forbids.
      operator restoreBackup D2
      crash D1
      run-until violated=LeaderCompleteness leader=D2 max 3000
      land
    `,
    claims: [
      { text: 'D2 leads although it lacks x=2, which D1 and D2 committed', holds: (v) => leaderIs(v, 'D2') && v.s('D2').logLength === 1 && v.s('D1').logLength === 2 },
      { text: 'CommittedOnReplicationSet and LeaderCompleteness are violated', holds: (v) => v.violations().includes('CommittedOnReplicationSet') && v.violations().includes('LeaderCompleteness') },
    ],
  },
];
