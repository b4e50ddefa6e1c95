import Glibc
import Logging

/// The swift-log handler of a Roost node: one line per event, as text or JSON, to a `LogSink`.
///
/// A value, as swift-log wants (a `Logger` copy with changed metadata or level does not change
/// the others). Formatting happens on the calling thread and the line leaves in one write, so no
/// lock is held and no background thread is needed; nodes log membership changes, link failures
/// and start/stop, never per message, so this is off every hot path.
public struct RoostLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    /// Text or JSON.
    public let format: LogFormat
    private let sink: LogSink

    public init(format: LogFormat, level: Logger.Level, sink: LogSink = .standardError) {
        self.format = format
        logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        if let error = event.error { fields["error"] = .string("\(error)") }
        let message = event.message.description
        switch format {
        case .text:
            sink.write(LogLineFormatter.text(level: event.level, message: message, metadata: fields))
        case .json:
            sink.write(LogLineFormatter.json(
                level: event.level, message: message, metadata: fields, timestamp: Self.timestamp()))
        }
    }

    /// A node's logger: `format` lines at `level` and above to `sink`, every line naming `node`.
    public static func logger(
        node: String, format: LogFormat, level: Logger.Level, sink: LogSink = .standardError
    ) -> Logger {
        var logger = Logger(label: "roost") { _ in RoostLogHandler(format: format, level: level, sink: sink) }
        logger[metadataKey: "node"] = .string(node)
        return logger
    }

    /// Now in RFC 3339 UTC with milliseconds: `2026-11-27T14:05:09.123Z`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + "\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }
}
