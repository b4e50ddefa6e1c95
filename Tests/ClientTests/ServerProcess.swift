import Foundation
import Glibc

/// A `roost` subcommand running as a real process on a free loopback port, for tests that need a
/// server at the other end of a real socket. Stopped (SIGTERM, then SIGKILL) by `stop()`.
final class ServerProcess: @unchecked Sendable {
    // @unchecked: created and stopped by one test; `process` is thread-safe for terminate/wait.
    let process = Process()
    /// The URL the server printed in its "listening on" line.
    let url: String

    enum Failure: Error, CustomStringConvertible {
        case binaryMissing(String)
        case noListeningLine(String)
        var description: String {
            switch self {
            case .binaryMissing(let path): "\(path) is missing: build it first (swift build)"
            case .noListeningLine(let output): "the server printed no 'listening on' line; it printed: \(output)"
            }
        }
    }

    /// The directory holding the built products (the test bundle's own directory).
    static var productsDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Starts `roost <arguments>` and waits (at most `timeout`) for its "listening on <url>" line.
    init(_ arguments: [String], timeout: Duration = .seconds(30)) throws {
        let binary = Self.productsDirectory.appendingPathComponent("roost")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw Failure.binaryMissing(binary.path) }
        process.executableURL = binary
        process.arguments = arguments
        // One pipe for both: `roost echo` prints its line on stdout, `roost serve` logs it on stderr.
        // Neither writes more after starting than the pipe holds, so nobody needs to keep reading.
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let reader = LineReader(output.fileHandleForReading)
        let deadline = ContinuousClock.now + timeout
        var seen = ""
        while ContinuousClock.now < deadline, let line = reader.nextLine(timeout: deadline - ContinuousClock.now) {
            seen += line + "\n"
            // "listening on ws://…", not the cluster link's "listening on HOST:PORT".
            if let range = line.range(of: "listening on ws") {
                let rest = line[line.index(range.upperBound, offsetBy: -2)...]
                url = String(rest.prefix { !$0.isWhitespace })
                return
            }
        }
        process.terminate()
        process.waitUntilExit()
        throw Failure.noListeningLine(seen)
    }

    /// Stops the server and waits for it to exit.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// Reads lines from a pipe with a timeout (poll(2) on its descriptor).
final class LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(_ handle: FileHandle) { self.handle = handle }

    func nextLine(timeout: Duration) -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            var poller = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            let millis = Int32(max(1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            guard poll(&poller, 1, millis) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }
}
