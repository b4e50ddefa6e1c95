import Glibc
import Logging
import Server

extension ServeCommand {
    /// The drain after the first SIGTERM/SIGINT: the node takes no new games and `/readyz` answers
    /// 503 (so load balancers and Kubernetes stop sending players), while running games go on. It
    /// ends when the node hosts no game, after `--drain-seconds`, or at a second signal, whichever
    /// comes first; then `run()` shuts down as before.
    ///
    /// In Kubernetes the preStop hook sends the first SIGTERM and sleeps for the drain; the kubelet's
    /// own SIGTERM after the hook is the second signal. Under systemd, `TimeoutStopSec` must exceed
    /// the drain.
    func drain(_ server: GameServer, log: Logger) {
        guard drainSeconds > 0 else { return }
        server.beginDraining()
        let started = ContinuousClock.now
        let deadline = started + .seconds(drainSeconds)
        log.info(
            "draining for up to \(drainSeconds) s (\(server.hostedGames) games hosted)",
            metadata: ["event": "draining", "games": .stringConvertible(server.hostedGames)])
        var why = "drain time is up"
        while ContinuousClock.now < deadline {
            // Game counts are published once a second: only a count taken after the drain began
            // can say that no game slipped in just before it.
            if ContinuousClock.now - started > .milliseconds(1100) && server.hostedGames == 0 {
                why = "no games left"
                break
            }
            if waitForTerminationSignal(timeout: .milliseconds(200)) {
                why = "a second signal"
                break
            }
        }
        log.info(
            "drain over: \(why) (\(server.hostedGames) games left)",
            metadata: ["event": "drained", "games": .stringConvertible(server.hostedGames)])
    }
}

/// Waits up to `timeout` for SIGINT or SIGTERM (blocked in every thread by
/// `blockTerminationSignals`); true when one came.
func waitForTerminationSignal(timeout: Duration) -> Bool {
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    let (seconds, attoseconds) = timeout.components
    var wait = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    return sigtimedwait(&signals, nil, &wait) > 0
}
