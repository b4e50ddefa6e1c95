import Singleton

/// The one place jobs are registered: every node must register the same jobs (a node grants and
/// accepts only for the jobs it runs). Called once at start, before the singleton starts.
///
/// The nightly leaderboard job needs the cluster link (it spreads its work and publishes its output
/// over it), so a node serving alone has no scheduled job; a one-node cluster (`--cluster-port`
/// without seeds) has it. `admission` answers, once the singleton exists, whether a publication
/// under a token is current.
func makeScheduledJobs(context: NodeContext, bridge: ClusterBridge?, admission: PublicationAdmission) throws
    -> [any ScheduledJob]
{
    guard let bridge else { return [] }
    let job = try LeaderboardJob(context: context, bridge: bridge) { job, token in
        admission.admits(job: job, token: token)
    }
    return [job]
}

/// Whether the singleton's ledger admits a publication of (job, token): the jobs are made before
/// the singleton that runs them, so they ask through this, which the server points at it.
final class PublicationAdmission: @unchecked Sendable {
    // @unchecked: `service` is set once at start-up, before the cluster loop runs any job; it is
    // read on that loop only.
    var service: SingletonService?

    func admits(job: String, token: FencingToken) -> Bool {
        service?.admitsPublication(job: job, token: token) ?? false
    }
}
