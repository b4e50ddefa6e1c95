// Real sockets for the TLS tests, and a poll(2) loop standing in for the
// event loop (which lives elsewhere and is not used here).
import Foundation
import Testing
@testable import Reactor

/// Two connected non-blocking stream sockets, closed on deinit.
final class SocketPairForTests {
    private(set) var client: Int32
    private(set) var server: Int32

    private init(client: Int32, server: Int32) {
        self.client = client
        self.server = server
    }

    deinit {
        if client >= 0 { close(client) }
        if server >= 0 { close(server) }
    }

    /// An AF_UNIX socketpair.
    static func unix() throws -> SocketPairForTests {
        var descriptors: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &descriptors) == 0 else { throw failure("socketpair") }
        return SocketPairForTests(client: descriptors[0], server: descriptors[1])
    }

    /// A TCP connection over 127.0.0.1, for what only TCP can do (a reset).
    static func loopbackTCP() throws -> SocketPairForTests {
        let type = Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue)
        let listener = socket(AF_INET, type, 0)
        guard listener >= 0 else { throw failure("socket") }
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(listener, generic, length) == 0 && listen(listener, 1) == 0
                    && getsockname(listener, generic, &length) == 0
            }
        }
        guard bound else { throw failure("bind/listen") }
        let client = socket(AF_INET, type, 0)
        guard client >= 0 else { throw failure("socket") }
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) == 0 }
        }
        let server = connected ? accept(listener, nil, nil) : -1
        guard server >= 0 else {
            close(client)
            throw failure("connect/accept")
        }
        for descriptor in [client, server] {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        return SocketPairForTests(client: client, server: server)
    }

    /// Closes the client end with a FIN, without any TLS close_notify.
    func closeClient() {
        close(client)
        client = -1
    }

    /// Closes the client end so the server gets a TCP RST (SO_LINGER with a zero timeout).
    func resetClient() {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(client, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        closeClient()
    }

    /// Writes raw bytes to the client end, bypassing TLS.
    func writeRawFromClient(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
    }

    private static func failure(_ call: String) -> TLSTestSetupError {
        TLSTestSetupError(description: "\(call) failed with errno \(errno)")
    }
}

/// Waits until one of `interests` is ready; false on timeout.
func pollForTests(_ interests: [(descriptor: Int32, events: Int16)], timeoutMilliseconds: Int32) -> Bool {
    var descriptors = interests.map { pollfd(fd: $0.descriptor, events: $0.events, revents: 0) }
    while true {
        let ready = poll(&descriptors, nfds_t(descriptors.count), timeoutMilliseconds)
        if ready < 0 && errno == EINTR { continue }
        return ready > 0
    }
}

/// The poll(2) events a want-read/want-write result waits for.
func pollEvents(_ step: TLSStep) -> Int16 {
    step == .wantWrite ? Int16(POLLOUT) : Int16(POLLIN)
}

/// A client and a server session on the two ends of a socket pair, both
/// driven from the test's own thread.
final class TLSSessionPair {
    let sockets: SocketPairForTests
    let client: TLSSession
    let server: TLSSession

    init(
        client clientContext: TLSContext, server serverContext: TLSContext,
        serverName: String? = "localhost", sockets: SocketPairForTests? = nil
    ) throws {
        self.sockets = try sockets ?? .unix()
        client = try TLSSession(context: clientContext, fileDescriptor: self.sockets.client, serverName: serverName)
        server = try TLSSession(context: serverContext, fileDescriptor: self.sockets.server, serverName: nil)
    }

    /// Runs both handshakes until each is done or failed. A side still waiting
    /// shortly after the other failed is returned as it is.
    func handshake(sourceLocation: SourceLocation = #_sourceLocation) -> (client: TLSStep, server: TLSStep) {
        var clientStep = client.handshake()
        var serverStep = server.handshake()
        while true {
            let finished = (client: isFinished(clientStep), server: isFinished(serverStep))
            if finished.client && finished.server { return (clientStep, serverStep) }
            var interests: [(descriptor: Int32, events: Int16)] = []
            if !finished.client { interests.append((sockets.client, pollEvents(clientStep))) }
            if !finished.server { interests.append((sockets.server, pollEvents(serverStep))) }
            let anyFailed = isFailed(clientStep) || isFailed(serverStep)
            guard pollForTests(interests, timeoutMilliseconds: anyFailed ? 200 : 5000) else {
                if !anyFailed {
                    Issue.record("handshake stalled: client \(clientStep), server \(serverStep)", sourceLocation: sourceLocation)
                }
                return (clientStep, serverStep)
            }
            if !finished.client { clientStep = client.handshake() }
            if !finished.server { serverStep = server.handshake() }
        }
    }

    /// What a transfer did, to show which paths it exercised.
    struct EchoReport {
        var received: [UInt8] = []
        var clientWantWrites = 0
        var serverWantWrites = 0
    }

    /// Sends `payload` from the client while the server echoes whatever it
    /// reads, until the client has received it all back. Like an event loop,
    /// each side writes until `.wantWrite` and reads until `.wantRead`, keeps
    /// its own write queue and retries with the same bytes after `.wantWrite`.
    func echo(_ payload: [UInt8], readChunkBytes: Int = 16 * 1024, sourceLocation: SourceLocation = #_sourceLocation)
        -> EchoReport
    {
        var report = EchoReport()
        var clientSent = 0
        var echoQueue: [UInt8] = []
        var echoSent = 0
        var buffer = [UInt8](repeating: 0, count: readChunkBytes)
        func fail(_ what: String) -> EchoReport {
            Issue.record("echo: \(what)", sourceLocation: sourceLocation)
            return report
        }
        while report.received.count < payload.count {
            var progressed = false
            var clientEvents = Int16(POLLIN)
            var serverEvents = Int16(POLLIN)

            clientWrites: while clientSent < payload.count {
                switch payload.withUnsafeBytes({ client.write(UnsafeRawBufferPointer(rebasing: $0[clientSent...])) }) {
                case .bytes(let count): clientSent += count; progressed = true
                case .wantWrite: report.clientWantWrites += 1; clientEvents |= Int16(POLLOUT); break clientWrites
                case .wantRead: break clientWrites
                case .failed(let error): return fail("client write \(error)")
                }
            }
            while true {
                let result = buffer.withUnsafeMutableBytes { server.read(into: $0) }
                if case .bytes(let count) = result {
                    echoQueue += buffer[..<count]
                    progressed = true
                    continue
                }
                if result == .wantWrite { serverEvents |= Int16(POLLOUT) }
                if result == .wantRead || result == .wantWrite { break }
                return fail("server read \(result)")
            }
            serverWrites: while echoSent < echoQueue.count {
                switch echoQueue.withUnsafeBytes({ server.write(UnsafeRawBufferPointer(rebasing: $0[echoSent...])) }) {
                case .bytes(let count): echoSent += count; progressed = true
                case .wantWrite: report.serverWantWrites += 1; serverEvents |= Int16(POLLOUT); break serverWrites
                case .wantRead: break serverWrites
                case .failed(let error): return fail("server write \(error)")
                }
                // Dropping sent bytes moves the unsent ones in memory: allowed
                // after .wantWrite thanks to SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER.
                if echoSent >= 256 * 1024 {
                    echoQueue.removeFirst(echoSent)
                    echoSent = 0
                }
            }
            while true {
                let result = buffer.withUnsafeMutableBytes { client.read(into: $0) }
                if case .bytes(let count) = result {
                    report.received += buffer[..<count]
                    progressed = true
                    continue
                }
                if result == .wantWrite { clientEvents |= Int16(POLLOUT) }
                if result == .wantRead || result == .wantWrite { break }
                return fail("client read \(result)")
            }
            if !progressed {
                let interests = [(sockets.client, clientEvents), (sockets.server, serverEvents)]
                guard pollForTests(interests, timeoutMilliseconds: 5000) else { return fail("stalled") }
            }
        }
        return report
    }

    private func isFinished(_ step: TLSStep) -> Bool { step == .done || isFailed(step) }
    private func isFailed(_ step: TLSStep) -> Bool {
        if case .failed = step { return true }
        return false
    }
}

/// Reads from `session` until `.wantRead` or another non-byte result,
/// returning the bytes and that final result.
func readAvailable(_ session: TLSSession, chunkBytes: Int = 16 * 1024) -> (bytes: [UInt8], last: TLSRead) {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: chunkBytes)
    while true {
        let result = buffer.withUnsafeMutableBytes { session.read(into: $0) }
        guard case .bytes(let count) = result else { return (bytes, result) }
        bytes += buffer[..<count]
    }
}

/// Writes all of `bytes` from `session`, waiting for writability as needed.
func writeAll(_ bytes: [UInt8], from session: TLSSession, sourceLocation: SourceLocation = #_sourceLocation) {
    var sent = 0
    while sent < bytes.count {
        switch bytes.withUnsafeBytes({ session.write(UnsafeRawBufferPointer(rebasing: $0[sent...])) }) {
        case .bytes(let count): sent += count
        case .wantWrite:
            _ = pollForTests([(session.fileDescriptor, Int16(POLLOUT))], timeoutMilliseconds: 5000)
        case .wantRead:
            _ = pollForTests([(session.fileDescriptor, Int16(POLLIN))], timeoutMilliseconds: 5000)
        case .failed(let error):
            Issue.record("write failed: \(error)", sourceLocation: sourceLocation)
            return
        }
    }
}
