// Raft's narrated tours (issue 14, docs/tours.md): scripts in the script language with a
// `caption` at each step. Each caption says what to look at and why Raft behaves so, naming the
// rule of the extended Raft paper it follows (§5.2 Leader election, §5.3 Log replication, §5.4.1
// Election restriction, §5.4.2 Committing entries from previous terms, Figure 2, Figure 8). The
// captions paraphrase the paper: they quote nothing (tests/tours/tours.test.ts checks quotations
// against docs/protocol.md, which is our design's document, not Raft's). The runs are those of the
// golden scripts tests/golden/raft-*.txt (same shapes, seeds and faults), so a tour and its golden
// file tell the same run; tests/tours/tours.test.ts plays every tour and checks the state at
// every step against tests/tours/states/<id>.txt.

import { story } from '../../contracts/gallery';
import type { TourDef } from '../../contracts/tour';

/** Figure 8's timers: so long that nothing happens unless the script says so. */
const FIGURE_8_SETUP = story`
  shape raft-5
  seed 1
  links tailProb=0
  timing heartbeatInterval=100000 electionTimeoutMin=100000 electionTimeoutMax=100000
`;

export const RAFT_TOURS: TourDef[] = [
  {
    id: 'raft-first-election',
    title: "Raft's first election",
    summary: 'Three followers of term 0; the first election timer to run out makes a candidate, and a majority of votes makes it leader.',
    script: story`
      shape raft-3
      seed 7
      title Raft's first election
      caption nodes=S1,S2,S3 -- Three servers, all **followers of term 0** with an empty log, no vote cast and no leader known. Each waits for its own **randomized election timeout** (150–300 ms): randomness is how Raft keeps elections from colliding (§5.2 Leader election).
      step
      caption nodes=S1 message="S1->S2 type=RequestVote" -- \`S1\`'s timer ran out first. It became a **candidate**: it moved to term 1, voted for itself, and sent \`RequestVote\` with its last log index and term to the others (§5.2). Its vote is written to disk before it is sent (\`votedFor\` is persistent state, Figure 2).
      deliver type=RequestVote
      caption nodes=S2 -- \`S2\` saw term 1, newer than its own, and adopted it (Figure 2, rules for all servers). It granted its vote: it had not voted in term 1, and the candidate's log is **at least as up-to-date** as its own (§5.4.1 Election restriction). One vote per server per term.
      deliver type=RequestVoteResponse
      caption nodes=S1 -- Its own vote and \`S2\`'s make **a majority of three**: \`S1\` is leader of term 1. It sends empty \`AppendEntries\` (heartbeats) at once to establish its authority and stop new elections (§5.2).
      run 100
      caption nodes=S1,S2,S3 -- Everyone follows \`S1\` in term 1. \`S3\` learned of the leader from a heartbeat that overtook the late \`RequestVote\`. At most one leader per term (**Election Safety**, Figure 3): a majority votes once per term, and two majorities always share a server.
      write S2 a=1
      run 200
      caption entries=S1:1,S2:1,S3:1 try="crash S1" -- A write sent to a follower is redirected to the leader, which appends it in its term and replicates it; a majority stored it, so it is **committed** (§5.3 Log replication). **Try it:** crash the leader and watch a new election.
    `,
  },
  {
    id: 'raft-split-vote',
    title: 'A split vote, and how randomized timeouts end it',
    summary: 'Three candidates in the same term each vote for themselves; no one wins, and a fresh random timeout decides the next term.',
    script: story`
      shape raft-3
      seed 3
      title A split vote, and how randomized timeouts end it
      caption nodes=S1,S2,S3 -- Three followers of term 0. We force all three election timers to run out at the same moment, the worst case for an election.
      fire S1 electionTimeout
      fire S2 electionTimeout
      fire S3 electionTimeout
      caption nodes=S1,S2,S3 -- Three **candidates of term 1**, each having voted for itself. Each server casts at most one vote per term, first come first served (§5.2 Leader election; \`votedFor\`, Figure 2).
      run 60
      caption nodes=S1,S2,S3 -- Every \`RequestVote\` of term 1 found a server that had already voted for itself, so every answer was a refusal. No one has a majority: this is a **split vote**. The term ends with no leader (§5.2).
      run-until leader=any max 2000
      caption nodes=S1 -- Each candidate drew a **new random timeout** (150–300 ms). \`S1\`'s ran out first: it started term 2, and its \`RequestVote\` reached the others while they still waited. They adopted term 2, voted for it, and it won (§5.2: random timeouts make split votes rare and short).
      run 100
      caption nodes=S1,S2,S3 -- One leader of term 2, two followers; term 1 had none. Terms act as a logical clock: every message carries one, and a server seeing a newer term adopts it and steps down (§5.1, Figure 2).
    `,
  },
  {
    id: 'raft-leader-crash',
    title: 'A leader crash: a new election, and nothing committed is lost',
    summary: 'The leader of term 1 crashes after two commits; a follower with every committed entry wins term 2; the old leader comes back as a follower.',
    script: story`
      shape raft-3
      seed 1
      title A leader crash: a new election, and nothing committed is lost
      caption -- A three-server cluster. \`S1\` will lead, commit two writes, and crash.
      run-until leader=any max 2000
      run 100
      write S1 a=1
      write S2 b=2
      run 200
      caption nodes=S1 entries=S1:1-2,S2:1-2,S3:1-2 -- \`S1\` leads term 1 and \`a=1\`, \`b=2\` are committed: each is stored on a majority in the leader's term (§5.3 Log replication).
      crash S1
      caption nodes=S1 -- The leader crashes. Its followers stop hearing heartbeats; the first whose **election timeout** runs out will start term 2 (§5.2 Leader election).
      run-until leader!=S1 max 2000
      caption nodes=S3 -- \`S3\` won term 2 with \`S2\`'s vote. \`S2\` could vote for it: both logs end at index 2 of term 1, so \`S3\`'s is **at least as up-to-date** (§5.4.1 Election restriction). Any majority holds every committed entry, so a winner always has them all (**Leader Completeness**, §5.4).
      run 100
      write S2 c=3
      run 200
      caption entries=S2:1-3,S3:1-3 -- A write of term 2 is committed on two of three servers, a majority, while \`S1\` is down.
      restart S1
      caption nodes=S1 -- \`S1\` restarts as a **follower** with its persistent state (\`currentTerm\` 1, \`votedFor\`, its log; Figure 2). Its commit index is volatile: it starts at 0.
      run 300
      caption entries=S1:1-3 -- The first \`AppendEntries\` of term 2 made \`S1\` adopt the term (Figure 2, rules for all servers), brought it the entry it missed, and told it the commit point through \`leaderCommit\` (§5.3). Nothing committed was lost.
    `,
  },
  {
    id: 'raft-partitioned-leader',
    title: 'A partitioned old leader cannot commit',
    summary: 'The leader of term 1 is cut off; it appends a write no majority can store, the majority elects term 2, and the old entry is deleted on heal.',
    script: story`
      shape raft-5
      seed 5
      title A partitioned old leader cannot commit
      caption -- Five servers. The leader will be cut off from the four others while it still believes it leads.
      run-until leader=any max 2000
      run 100
      write S1 x=1
      run 200
      caption nodes=S5 entries=S5:1 -- \`S5\` leads term 1 and \`x=1\` is committed on all five servers.
      isolate S5
      write S5 y=2
      run 60
      caption nodes=S5 entries=S5:2 -- \`S5\` is cut off both ways. A client write reaches it and becomes entry 2 of term 1, **not committed**: a leader commits an entry only once a **majority** stores it (§5.3 Log replication), and \`S5\` can reach no one.
      run-until leader!=S5 max 3000
      caption nodes=S2,S5 -- The four others heard no heartbeat, timed out and elected \`S2\` in **term 2** with three votes of five (§5.2 Leader election). \`S5\` still leads term 1 in its corner: two leaders, but of different terms, and only term 2 has a majority (**Election Safety** is one leader per term).
      run 100
      write S1 z=3
      run 200
      caption nodes=S2 entries=S2:2 -- The majority commits \`z=3\` at index 2 in term 2. \`S5\`'s index 2 holds \`y=2\` of term 1: the two logs disagree, and only one of them can ever be committed.
      heal-all
      run 50
      caption nodes=S5 entries=S5:2 -- The partition heals. An \`AppendEntries\` of term 2 reaches \`S5\`: it adopts term 2 and **steps down** (Figure 2). Its entry 2 conflicts with the leader's (same index, other term), so it deletes it and everything after it and stores the leader's (§5.3, AppendEntries rule 3). \`y=2\` was never committed, so nothing committed is lost.
    `,
  },
  {
    id: 'raft-figure-8',
    title: 'Figure 8: why a leader never commits an old-term entry by counting replicas',
    summary: 'The extended paper\'s Figure 8, driven by hand: an entry of term 2 stored on a majority is still replaced, safely, because it was never committed.',
    script: story`
      ${FIGURE_8_SETUP}
      title Figure 8: why a leader never commits an old-term entry by counting replicas
      caption -- The extended paper's **Figure 8** (§5.4.2 Committing entries from previous terms), on five servers whose timers never run out by themselves: every election and every message of interest is the script's. Entry 1 (\`a=1\`) will be committed everywhere first.
      fire S1 electionTimeout
      run 100
      write S1 a=1
      run 100
      fire S1 heartbeat
      run 100
      crash S1
      restart S1
      fire S1 electionTimeout
      run 100
      write S1 b=2
      deliver S1->S2 type=AppendEntries
      drop S1->S3 type=AppendEntries
      drop S1->S4 type=AppendEntries
      drop S1->S5 type=AppendEntries
      caption nodes=S1,S2 entries=S1:2,S2:2 -- **(a)** \`S1\` leads term 2 and appends \`b=2\` at index 2; only \`S2\` receives it.
      crash S1
      fire S5 electionTimeout
      run 100
      write S5 c=3
      drop S5->S1 type=AppendEntries
      drop S5->S2 type=AppendEntries
      drop S5->S3 type=AppendEntries
      drop S5->S4 type=AppendEntries
      caption nodes=S5 entries=S5:2 -- **(b)** \`S1\` crashed. \`S5\` won term 3 with the votes of \`S3\`, \`S4\` and itself; \`S2\` refused, its log ending in term 2 being more up-to-date (§5.4.1 Election restriction). \`S5\` appends \`c=3\` at index 2; no one receives it.
      crash S5
      restart S1
      fire S1 electionTimeout
      run 100
      fire S1 electionTimeout
      run 100
      caption nodes=S1 entries=S1:2,S2:2,S3:2,S4:2 -- **(c)** \`S1\` is back and leads term 4. It copied \`b=2\` (term 2) to \`S3\` and \`S4\`: **a majority stores it**. Yet \`S1\` does not commit it: a leader counts replicas only for entries of **its own term** (§5.4.2), and \`b=2\` is of term 2.
      crash S1
      restart S5
      fire S5 electionTimeout
      run 100
      fire S5 electionTimeout
      run 100
      caption nodes=S5 entries=S2:2,S3:2,S4:2 -- **(d)** Why: \`S1\` crashes, and \`S5\` wins term 5, since its log ends in term 3, more up-to-date than term 2 (§5.4.1). It overwrites \`b=2\` with \`c=3\` on every server it reaches. Had \`S1\` committed \`b=2\`, a committed entry would now be lost. Counting replicas of an old-term entry is what the \`commit-old-term\` mutant does; its golden script shows the violation.
      caption -- **(e)** The other branch: had \`S1\` first stored an entry of **its own term 4** on a majority, that entry and \`b=2\` before it would be committed, and \`S5\` could not win: a majority's logs would end in term 4 (tests/golden/raft-figure-8-e.txt). Old-term entries are committed only indirectly, by the Log Matching property (§5.4.2).
    `,
  },
];
