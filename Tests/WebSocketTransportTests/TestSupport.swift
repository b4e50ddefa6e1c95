import Foundation
import Glibc
import Reactor
import Synchronization
import WebSocket
import WebSocketTransport

/// A running server on loopback with its own loops, torn down by `stop()`.
final class TestServer: Sendable {
    let group: EventLoopGroup
    let server: WebSocketServer
    var port: Int { server.port }

    init(
        loops: Int = 1, configure: (inout WebSocketServerConfiguration) -> Void = { _ in },
        makeHandler: @escaping @Sendable (EventLoop) -> WebSocketHandler = { _ in EchoingHandler() }
    ) throws {
        TLSGlobals.ignoreSIGPIPE()
        var configuration = WebSocketServerConfiguration()
        configure(&configuration)
        group = try EventLoopGroup(loopCount: loops, name: "test-server")
        server = try WebSocketServer(configuration: configuration, group: group, makeHandler: makeHandler)
    }

    func stop() {
        server.shutdown(timeout: .seconds(2))
        group.shutdown()
    }
}

final class EchoingHandler: WebSocketHandler {
    func connectionOpened(_ connection: WebSocketConnection) {}
    func connection(_ connection: WebSocketConnection, received payload: UnsafeRawBufferPointer, opcode: Opcode) {
        connection.send(payload, opcode: opcode)
    }
    func connectionClosed(_ connection: WebSocketConnection, code: CloseCode) {}
}

/// Records what a client connection saw, for assertions from the test thread.
final class RecordingClient: WebSocketHandler, @unchecked Sendable {
    // @unchecked: handler methods run on the loop; state is behind a Mutex.
    struct State: Sendable {
        var opened = false
        var messages: [(Opcode, [UInt8])] = []
        var closeCode: CloseCode?
        var failure: String?
    }

    let state = Mutex(State())
    private(set) var connection: WebSocketConnection?
    let onOpen: (@Sendable (WebSocketConnection) -> Void)?

    init(onOpen: (@Sendable (WebSocketConnection) -> Void)? = nil) { self.onOpen = onOpen }

    func connectionOpened(_ connection: WebSocketConnection) {
        self.connection = connection
        state.withLock { $0.opened = true }
        onOpen?(connection)
    }

    func connection(_ connection: WebSocketConnection, received payload: UnsafeRawBufferPointer, opcode: Opcode) {
        let bytes = Array(payload)
        state.withLock { $0.messages.append((opcode, bytes)) }
    }

    func connectionClosed(_ connection: WebSocketConnection, code: CloseCode) {
        state.withLock { $0.closeCode = code }
    }

    func connectionFailed(_ connection: WebSocketConnection, error: WebSocketConnectionError) {
        state.withLock { $0.failure = error.description }
    }

    /// Waits (polling, bounded) until `condition` holds.
    @discardableResult
    func waitUntil(timeout: Duration = .seconds(10), _ condition: (State) -> Bool) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if state.withLock({ condition($0) }) { return true }
            usleep(2_000)
        }
        return state.withLock { condition($0) }
    }
}

/// A client on its own loop.
final class TestClient: Sendable {
    let group: EventLoopGroup
    init() throws { group = try EventLoopGroup(loopCount: 1, name: "test-client") }

    var loop: EventLoop { group.loops[0] }

    func connect(
        _ url: String, handler: RecordingClient, configure: (inout WebSocketClientConfiguration) -> Void = { _ in }
    ) {
        var configuration = WebSocketClientConfiguration()
        configure(&configuration)
        let parsed = WebSocketURL(url)!
        let loop = self.loop
        let config = configuration
        loop.execute {
            do {
                try WebSocketClient.connect(to: parsed, configuration: config, on: loop, handler: handler)
            } catch {
                handler.state.withLock { $0.failure = "\(error)" }
            }
        }
    }

    /// Runs `body` on the client's loop and waits for it.
    func onLoop(_ body: @escaping @Sendable () -> Void) {
        let latch = Latch(count: 1)
        loop.execute {
            body()
            latch.countDown()
        }
        latch.wait()
    }

    func stop() { group.shutdown() }
}

/// A blocking raw TCP client for sending arbitrary (hostile) bytes.
final class RawClient {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw SystemError.current("connect") }
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads until the peer closes or the receive timeout passes.
    func readToEnd(limit: Int = 1 << 20) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while result.count < limit {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            result.append(contentsOf: buffer[..<n])
        }
        return result
    }

    /// Reads until `count` bytes arrived (or the peer closes / times out).
    func read(count: Int) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while result.count < count {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, count - result.count), 0) }
            if n <= 0 { break }
            result.append(contentsOf: buffer[..<n])
        }
        return result
    }

    /// Sends an upgrade request and reads the 101 response head.
    func upgrade(path: String = "/", extraHeaders: String = "") -> String {
        send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(extraHeaders)\r\n")
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !head.ends(with: [13, 10, 13, 10]) {
            guard recv(fd, &byte, 1, 0) == 1 else { break }
            head.append(byte)
        }
        return String(decoding: head, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}

/// A masked client frame, built by hand.
func clientFrame(_ opcode: UInt8, _ payload: [UInt8], fin: Bool = true, mask: Bool = true) -> [UInt8] {
    var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode]
    let maskBit: UInt8 = mask ? 0x80 : 0
    if payload.count < 126 {
        frame.append(maskBit | UInt8(payload.count))
    } else if payload.count <= 0xFFFF {
        frame.append(maskBit | 126)
        frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    } else {
        frame.append(maskBit | 127)
        for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((payload.count >> shift) & 0xFF)) }
    }
    guard mask else { return frame + payload }
    let key: [UInt8] = [0x11, 0x22, 0x33, 0x44]
    frame += key
    frame += payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
    return frame
}

/// Parses a server close frame at the start of `bytes`: its code, if any.
func closeCode(in bytes: [UInt8]) -> UInt16? {
    var index = 0
    while index + 2 <= bytes.count {
        let opcode = bytes[index] & 0x0F
        let length = Int(bytes[index + 1] & 0x7F)
        guard length < 126 else { return nil }
        if opcode == 0x8 {
            guard length >= 2, index + 4 <= bytes.count else { return nil }
            return UInt16(bytes[index + 2]) << 8 | UInt16(bytes[index + 3])
        }
        index += 2 + length
    }
    return nil
}
