import Logging

extension NodeContext {
    /// The configured logger with this node's name on every line.
    var logger: Logger { configuration.nodeLogger }
}

extension ServerConfiguration {
    /// `logger` with this node's name on every line.
    var nodeLogger: Logger {
        var logger = logger
        logger[metadataKey: "node"] = .string(nodeName)
        return logger
    }
}
