import Logging

/// The jobs' log lines (`roost jobs: …` in text), through the node's logger like every other
/// component, so `--log-format json` and `--log-level` cover them too. Operators and the cluster
/// system tests read them; they name jobs, slots and tokens, never payloads.
struct JobLog {
    private let logger: Logger

    init(_ logger: Logger) {
        var logger = logger
        logger[metadataKey: LogLineFormatter.componentKey] = "jobs"
        self.logger = logger
    }

    /// One line; `event` names it for log pipelines.
    func line(_ text: String, event: String, level: Logger.Level = .info) {
        logger.log(level: level, "\(text)", metadata: ["event": .string(event)])
    }
}
