/// The one place jobs are registered: every node must register the same jobs (a node grants and
/// accepts only for the jobs it runs). Called once at start, before the singleton starts.
///
/// `bridge` is the cluster link (nil on a node alone), for jobs that publish their output to the
/// other nodes.
func makeScheduledJobs(context: NodeContext, bridge: ClusterBridge?) -> [any ScheduledJob] {
    // Until LeaderboardJob lands: the placeholder, with the real job's name and schedule.
    [PlaceholderLeaderboardJob(schedule: context.configuration.jobs.leaderboardSchedule)]
}
