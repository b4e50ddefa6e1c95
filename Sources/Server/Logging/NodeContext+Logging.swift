import Logging

extension NodeContext {
    /// The configured logger with this node's name on every line.
    var logger: Logger {
        var logger = configuration.logger
        logger[metadataKey: "node"] = .string(nodeName)
        return logger
    }
}
