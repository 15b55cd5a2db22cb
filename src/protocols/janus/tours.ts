// Our design's narrated tours (issue 12, docs/tours.md): scripts in the script language with a
// `caption` at each step. Each caption says what to look at and why Janus behaves so, citing the
// rule in the words of docs/protocol.md (§ numbers are its sections). The runs are the gallery's
// (same seeds, same faults), so a tour and its gallery story tell the same run.
// tests/tours/tours.test.ts plays every tour and checks the state at every step.

import { story } from '../../contracts/gallery';
import type { TourDef } from '../../contracts/tour';

const FIRST_WRITE = story`
  run 1000
  write D1 x=1
  run 100
`;

export const JANUS_TOURS: TourDef[] = [
  {
    id: 'meet-janus',
    title: 'Meet Janus',
    summary: 'Data nodes, the elector and its few bytes, R, RF, and why a commit needs every member of R.',
    script: story`
      protocol janus-3+1
      seed 1
      title Meet Janus
      caption nodes=D1,D2,D3 -- Three **data nodes**, \`D1\`, \`D2\` and \`D3\`, keep the replicated log. Right now nobody leads: each is a follower of term 0 with an empty log, waiting for its \`electionTimeout\`.
      caption nodes=E -- The fourth node is the **elector** \`E\`. It "holds only \`(epoch, term, leader, R)\`, 18 bytes on disk, and is the only source of new terms" (§0). It keeps no log and "never compares logs" (§2).
      run-until leader=D1 max 2000
      caption nodes=D1,E rset -- \`D1\` heard no leader, asked \`E\` for a term, and was granted **term 1** with the replication set **R = {D1, D2, D3}**. "Every term has one replication set \`R\`: the data nodes that must hold every committed entry. The leader is in \`R\`; the replication factor is \`RF = |R|\`" (§0). Here RF = 3.
      write D1 x=1
      caption nodes=D1 entries=D1:1 -- A client writes \`x=1\` to the leader. It is entry 1 of \`D1\`'s log, **not committed yet**: the next heartbeat carries it to \`D2\` and \`D3\` in \`AppendEntries\`.
      run-until *.commitIndex=1 max 500
      caption rset entries=D1:1,D2:1,D3:1 -- Entry 1 is committed. **Commit rule:** "the leader commits an index once every *other* member of \`R\` … has acknowledged it in the current term. Not a majority: all of \`R\`" (§0). \`D1\` waited for both \`D2\` and \`D3\`.
      run 200
      caption rset try="crash D1" -- Why all of \`R\`? "every member of \`R\` holds every committed entry, so any member of \`R\` that survives may lead next. That is why two data nodes may fail *at the same moment*" (§0). The elector decides who may lead by membership alone. **Try it:** crash the leader and watch a follower take over.
    `,
  },
  {
    id: 'normal-rf3',
    title: 'Normal replication at RF 3',
    summary: 'Two writes go out in AppendEntries and commit once every member of R has acknowledged them.',
    gallery: 'normal-rf3',
    script: story`
      protocol janus-3+1
      seed 1
      title Normal replication at RF 3
      caption -- A healthy 3+1 cluster. Watch the **AppendEntries** messages and their acknowledgements between the leader and the two followers.
      run 1000
      caption nodes=D1 rset -- \`D1\` leads term 1 with **R = {D1, D2, D3}**. Every \`heartbeatInterval\` (50 ms) the leader sends "\`AppendEntries\` to every data node (empty when nothing is new), \`ElectorHeartbeat\` to the elector" (§5).
      write D1 x=1
      write D1 y=2
      caption entries=D1:1-2 -- Two client writes: entries 1 and 2 on the leader, **not committed**. Nothing is sent yet: they leave with the next heartbeat.
      run-until D2.logLength=2 D3.logLength=2 max 500
      caption entries=D2:1-2,D3:1-2 -- The followers appended both entries (§4.1: "append what is missing") and acknowledge with \`matchIndex = prevLogIndex + entries.length\`. Their commit index still lags: a follower learns the commit point from the leader.
      run-until *.commitIndex=2 max 500
      caption rset entries=D1:1-2 -- Committed on every data node. **AdvanceCommit:** "the commit index becomes the smallest \`matchIndex\` over \`need\`", where \`need = (R ∪ {joiner}) \\ {leader}\` (§4.2). With RF 3 that is both followers: **all of R, not a majority**.
      run 300
      caption nodes=E -- The elector took no part in these writes: "The elector is needed only to change the term" (§7). It only answers the leader's \`ElectorHeartbeat\`, so it knows the leader is alive.
    `,
  },
  {
    id: 'leader-crash',
    title: 'Leader crash and takeover',
    summary: 'The leader crashes; a follower in R asks the elector for a takeover and leads a new term without losing the committed write.',
    gallery: 'leader-crash',
    script: story`
      protocol janus-3+1
      seed 1
      title Leader crash and takeover
      caption -- \`D1\` will lead term 1, commit one write, then crash. Watch who asks the elector for a new term, and what the elector checks.
      ${FIRST_WRITE}
      caption rset entries=D1:1,D2:1,D3:1 -- \`x=1\` is committed on all of **R = {D1, D2, D3}**, so every survivor holds it.
      crash D1
      caption nodes=D1 -- \`D1\` crashes. Its messages in flight are lost and so are its timers (§8). The followers stop hearing \`AppendEntries\`.
      run-until D3.role=candidate max 1500
      caption nodes=D3 message="D3->E type=TermRequest" -- \`D3\`'s \`electionTimeout\` fired first. "a follower **in its own R** that heard no leader asks for a takeover with \`R' = R \\ {leader}\`" (§5): a \`TermRequest\` of kind \`takeover\` to the elector.
      run-until leader!=D1 max 3000
      caption rset -- Granted. For a takeover the elector checks **eligibility**, "\`c ∈ R\` and \`R' ⊆ R\`", and that "the recorded leader has been silent for \`electorLeaderTimeout\`" (§4.3). "The elector never checks the requester's log or term …: membership of \`R\` is what makes a candidate safe."
      write D3 y=2
      run 300
      caption entries=D2:1-2,D3:1-2 -- The new leader commits \`y=2\` with RF 2, and \`x=1\` is still there: an entry on all of \`R\` "is on every later \`R\`" (§4.2, §10).
    `,
  },
  {
    id: 'follower-shrink',
    title: 'A follower crash, then a shrink to RF 2',
    summary: 'A write stalls while a crashed follower is still in R; one replicaTimeout later the leader shrinks R and the write commits.',
    gallery: 'follower-shrink',
    script: story`
      protocol janus-3+1
      seed 1
      title A follower crash, then a shrink to RF 2
      caption -- Follower \`D3\` will crash just before a write. Watch the write **stall**, then commit after a change of \`R\`.
      ${FIRST_WRITE}
      crash D3
      write D1 y=2
      caption nodes=D3 entries=D1:2 -- \`D3\` is down and \`y=2\` is entry 2 on \`D1\`. The commit rule needs every member of \`R\`, and \`D3\` is still in \`R\`: entry 2 cannot commit.
      run 200
      caption entries=D1:2,D2:2 -- \`D2\` has acknowledged entry 2, but the commit index stays at 1. "The price: when a member of \`R\` fails, writes stall until the leader has the elector drop it from \`R\` (a *shrink*), one \`replicaTimeout\` later" (§0).
      run-until D1.term=2 max 2000
      caption nodes=D1,E rset -- \`replicaTimeout\`: "members of \`R\` silent this long are shrunk out (\`R' = R \\ silent\`)" (§5). The elector granted **term 2 with R = {D1, D2}**. "\`R\` changes only at a term boundary, and only through the elector" (§6).
      run-until D1.commitIndex=2 D2.commitIndex=2 max 1000
      caption rset entries=D1:1-2,D2:1-2 -- With RF 2 only \`D2\` must acknowledge (§7), so the stalled write commits. "Shrinking is always safe" (§6.1): every member of the smaller \`R\` already holds every committed entry.
    `,
  },
  {
    id: 'down-to-rf1',
    title: 'Down to RF 1: the leader alone, the elector for terms',
    summary: 'A second failure shrinks R to the leader alone: it commits on its own disk and needs the elector only for terms.',
    gallery: 'down-to-rf1',
    script: story`
      protocol janus-3+1
      seed 1
      title Down to RF 1: the leader alone, the elector for terms
      caption -- Two followers will fail one after the other. Watch \`R\` shrink twice, until the leader is alone.
      ${FIRST_WRITE}
      crash D3
      run-until D1.replicationSet={D1,D2} max 2000
      caption rset nodes=D3 -- First shrink: \`D3\` was silent for \`replicaTimeout\`, so term 2 has **R = {D1, D2}** (RF 2).
      run 200
      crash D2
      write D1 y=2
      caption nodes=D2 entries=D1:2 -- \`D2\` fails too, with \`y=2\` waiting for its acknowledgement. Again the write stalls: \`D2\` is a member of \`R\`.
      run-until D1.replicationSet={D1} max 2000
      caption rset nodes=D1,E -- Second shrink: **R = {D1}**, RF 1, term 3. "Any member of the elector's \`R\` may ask for a new term with any subset of \`R\` that contains it" (§6.1).
      run-until D1.commitIndex=2 max 500
      caption entries=D1:1-2 -- At RF 1 an entry is "committed when … on the leader's disk" (§7): with \`need\` empty "it is the log length" (§4.2). \`D1\` commits alone.
      write D1 z=3
      run 200
      caption nodes=E try="crash D1" -- The elector is now needed "only to change the term" (§7). And only \`D1\` may lead again while R = {D1}: it alone is sure to hold every committed entry. **Try it:** crash \`D1\`; no other node will be granted a term.
    `,
  },
  {
    id: 'two-at-once',
    title: 'Two data nodes at the same moment',
    summary: 'The leader and a follower crash together; the survivor, a member of R, takes over alone.',
    gallery: 'two-at-once',
    script: story`
      protocol janus-3+1
      seed 1
      title Two data nodes at the same moment
      caption -- The leader \`D1\` and the follower \`D2\` will crash **at the same instant**. A majority protocol cannot survive that. Watch \`D3\`.
      ${FIRST_WRITE}
      caption rset entries=D3:1 -- \`x=1\` is committed, so it is on every member of R = {D1, D2, D3}, \`D3\` included.
      crash D1
      crash D2
      caption nodes=D1,D2 -- Both crash at once. No reconfiguration had time to happen between the two failures.
      run-until D3.role=candidate max 1500
      caption nodes=D3 -- \`D3\` heard no leader and asks for a takeover with \`R' = R \\ {leader}\` = {D2, D3} (§5). It is in the elector's \`R\`, so it is eligible (§4.3).
      run-until leader=D3 D3.replicationSet={D3} max 4000
      caption nodes=D3 rset -- \`D3\` leads alone with **R = {D3}**: after the takeover, \`D2\` was silent too, so it was shrunk out. For "two data nodes, one after the other or **at once**", §11 says: "the survivor, if it is in the elector's \`R\`, takes over with \`R = {self}\`".
      write D3 y=2
      run 300
      caption entries=D3:1-2 -- \`D3\` commits \`y=2\` alone, and \`x=1\` was never lost: "any member of \`R\` that survives may lead next" (§0).
    `,
  },
  {
    id: 'elector-crash-rf3',
    title: 'The elector crashes at RF 3: writes go on, failover cannot',
    summary: 'Without the elector the leader keeps committing, but when the leader then fails nobody can be granted a term.',
    gallery: 'elector-crash-rf3',
    script: story`
      protocol janus-3+1
      seed 1
      title The elector crashes at RF 3: writes go on, failover cannot
      caption nodes=E -- The elector will crash while \`D1\` leads. Watch which operations still work.
      run 1000
      crash E
      caption nodes=E -- The elector is down. When "the elector" fails, "the leader keeps committing with its \`R\`" (§11).
      write D1 x=1
      write D1 y=2
      run 200
      caption rset entries=D1:1-2,D2:1-2,D3:1-2 -- Both writes committed on all of \`R\`. A commit needs "every *other* member of \`R\`", never the elector: in the table of §7 the elector is needed for writes at no RF.
      crash D1
      caption nodes=D1 -- Now the leader fails too. A failover needs a new term, and "the elector … is the only source of new terms" (§0).
      run-until D2.role=candidate max 1500
      caption nodes=D2,E -- \`D2\` asks for a takeover; its \`TermRequest\` goes to a crashed elector. It resends every \`termRequestRetry\` (§5), in vain.
      run 2000
      caption nodes=D2,D3 try="restart E" -- No leader, and the term is still 1: with "a data node and the elector" down, "no term can change" (§11). Nothing is unsafe, only unavailable. **Try it:** restart the elector from its 18 bytes and watch a follower take over.
    `,
  },
  {
    id: 'elector-replacement',
    title: 'Elector replacement',
    summary: 'The elector loses its disk; an operator installs a new elector with epoch 1 through D2, and failover works again.',
    gallery: 'elector-replacement',
    script: story`
      protocol janus-3+1
      seed 1
      title Elector replacement
      caption nodes=E -- The elector will lose its disk for good. Watch an operator replace it through a data node (§9).
      run 1000
      crash E wipe
      write D1 x=1
      run 300
      caption nodes=E entries=D1:1,D2:1,D3:1 -- The elector is gone, disk and all. Writes still commit (§7), but no term could change.
      replace-elector D2
      caption nodes=D2,E -- The operator starts "a new elector \`E'\` with epoch \`e+1\`, **uninstalled**: it refuses everything" and \`D2\`, the installer, "sends \`ElectorChange{e+1}\` to every data node (itself included)" (§9).
      run-until E.installed=true max 1000
      caption nodes=E rset -- Every data node acked with its \`(term, R)\`; "the installer sends \`InstallElector{e+1, T, R_T}\` with the highest reported term \`T\` and its set" (§9). The new elector now serves epoch 1.
      run 100
      crash D1
      run-until leader!=D1 max 3000
      caption rset -- \`D1\` crashed and a follower was granted term 2 by the **new** elector. From the switch on, a node "ignores **every** message from an elector of another epoch" (§9).
      run 300
      caption nodes=E -- The 18 bytes were rebuilt from the data nodes' reports: the elector's state can always be recovered, because each data node keeps its own \`(term, R)\` durably (§2).
    `,
  },
  {
    id: 'catch-up-grow',
    title: 'A returning node catches up and grows R back to RF 3',
    summary: 'A node outside R restarts; the leader catches it up and asks the elector to grow R, elector first.',
    gallery: 'catch-up-grow',
    script: story`
      protocol janus-3+1
      seed 1
      title A returning node catches up and grows R back to RF 3
      caption -- \`D3\` will crash, miss two writes, and come back. Watch how it returns to \`R\`.
      ${FIRST_WRITE}
      crash D3
      run 800
      caption rset nodes=D3 -- \`D3\` was shrunk out: term 2 has R = {D1, D2}.
      write D1 y=2
      write D1 z=3
      run 200
      caption entries=D1:1-3,D2:1-3 -- Two more writes commit with RF 2, without \`D3\`.
      restart D3
      caption nodes=D3 -- \`D3\` restarts from its durable state: term 1, R = {D1, D2, D3}, one entry. The leader's next \`AppendEntries\` carries term 2 and R = {D1, D2}, and by the blanket rule a node "adopts that term *and the replication set the message carries*, together" (§3). Outside \`R\`, "a follower … never asks" for a takeover (§5).
      run-until D1.joining=D3 max 2000
      caption nodes=D1,D3 -- At \`catchUpCheck\` the leader saw "a live node outside \`R\`: StartJoin" (§5). "From now on commits also need \`n\`'s ack — and this is **sticky**" (§6.2).
      run-until D1.replicationSet={D1,D2,D3} max 4000
      caption rset entries=D3:1-3 -- \`D3\` caught up and the elector granted term 3 with **R = {D1, D2, D3}**: it grants a grow "only if the requester is still its leader and \`t\` still its term. The elector goes first: the joiner never creates a term" (§6.2).
      run 300
      caption -- Back at RF 3. Until that grant \`D3\` "counts as failed" (§8): a node outside \`R\` is never counted on for safety.
    `,
  },
  {
    id: 'data-and-elector',
    title: 'A data node and the elector together: unavailable, yet consistent',
    summary: 'The elector and the leader fail together: no term can change, writes are refused, and nothing unsafe happens.',
    gallery: 'data-and-elector',
    script: story`
      protocol janus-3+1
      seed 1
      title A data node and the elector together: unavailable, yet consistent
      caption -- The elector and the leader will fail together. Janus promises no progress then, but consistency.
      ${FIRST_WRITE}
      caption entries=D2:1,D3:1 -- \`x=1\` is committed on all three data nodes.
      crash E
      crash D1
      caption nodes=E,D1 -- Both crash. A takeover needs a new term, and only the elector makes terms.
      write D2 y=2
      caption nodes=D2 -- A client writes to \`D2\`: refused, \`D2\` does not lead. For "a data node and the elector", §11 says "no term can change" and promises progress "no (but never inconsistent)".
      run-until D2.role=candidate max 1500
      caption nodes=D2,D3 -- The followers time out and ask for a takeover; nobody answers.
      run 2500
      caption entries=D2:1,D3:1 try="restart E" -- Still no leader, the term is still 1, and \`x=1\` is on both survivors. The cluster waits for \`D1\` or the elector, or an elector replacement (§9). **Try it:** restart the elector.
    `,
  },
  {
    id: 'elect-any-mutant',
    title: 'The elect-any mutant: the violation the membership check prevents',
    summary: 'With an elector that grants a takeover to any node, a node without a committed write leads and the write is lost.',
    gallery: '2p1-elect-any',
    script: story`
      protocol janus-2+1
      seed 1
      mutant elect-any
      title The elect-any mutant: the violation the membership check prevents
      caption -- A 2+1 cluster whose elector is **broken on purpose**: the \`elect-any\` mutant grants a takeover to *any* data node, skipping **eligibility** (§4.3).
      ${FIRST_WRITE}
      crash D2
      run 800
      caption rset -- \`D2\` crashed and was shrunk out: **R = {D1}**, RF 1.
      write D1 x=2
      run 100
      caption entries=D1:1-2 -- \`D1\` commits \`x=2\` alone ("on the leader's disk", §7). \`D2\` never received it.
      crash D1
      run 300
      restart D2
      caption nodes=D1,D2 -- \`D1\`, the only holder of \`x=2\`, crashes; \`D2\` comes back without it. A sound elector would refuse \`D2\`: "\`c ∈ R\` and \`R' ⊆ R\` (*eligibility*)" (§4.3).
      run-until violated=any leader=D2 max 3000
      caption nodes=D2 rset -- The mutant granted \`D2\` a term anyway. The monitors flag **CommittedOnReplicationSet** ("every committed entry is on every member of the elector's \`R\`", §10) and **LeaderCompleteness**: \`D2\` leads without \`x=2\`.
      write D2 x=3
      run 300
      caption entries=D2:1-2 -- \`D2\` writes \`x=3\` at index 2, where \`x=2\` was committed: a committed write is lost. "membership of \`R\` is what makes a candidate safe" (§4.3). Open the gallery's *RF 1 leader holds the only copy* for the same faults with a sound elector.
    `,
  },
];
