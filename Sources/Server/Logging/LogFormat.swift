/// How a node writes its log lines (`roost serve --log-format`).
public enum LogFormat: String, Sendable, CaseIterable {
    /// One human sentence per line, as the node printed before structured logs:
    /// `roost cluster: warning: n2 declared dead (...)`. Fields stay out, so a terminal stays readable.
    case text
    /// One JSON object per line with `ts`, `level`, `msg` and every field (`node`, `event`, ...),
    /// for log pipelines (Loki, Elasticsearch, CloudWatch) that parse lines without a pattern.
    case json
}
