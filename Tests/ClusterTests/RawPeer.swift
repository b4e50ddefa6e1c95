import Glibc
import Reactor
@testable import Cluster

/// A blocking TCP client that speaks the cluster wire by hand: for hostile
/// input, recorded handshakes, and a peer that never reads.
final class RawPeer {
    let fd: Int32
    private var decoder = ClusterFrameDecoder(maxPayloadBytes: ClusterFrameLimits.absoluteMaxPayloadBytes)
    private var pending: [UInt8] = []
    /// Every byte this peer sent, for replays.
    private(set) var sent: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw SystemError.current("connect") }
    }

    deinit { close(fd) }

    /// Shrinks our receive buffer so a peer that never reads fills up fast.
    func setSmallReceiveBuffer() {
        var size: Int32 = 4096
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    func send(_ bytes: [UInt8]) {
        sent += bytes
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Half-closes: the link reads end-of-file after what was sent.
    func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// The next frame, or nil at end of stream (or after 10 s of silence).
    func readFrame() -> (type: ClusterFrameType, channel: ClusterChannel, payload: [UInt8])? {
        while true {
            var found: (ClusterFrameType, ClusterChannel, [UInt8])?
            var consumed = 0
            pending.withUnsafeBytes { raw in
                var cursor = 0
                if case .frame(let header, let payload) = decoder.next(raw, cursor: &cursor) {
                    found = (header.type, header.channel, Array(payload))
                }
                consumed = cursor
            }
            pending.removeFirst(consumed)
            if let found { return found }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            pending += buffer[..<n]
        }
    }

    /// Reads frames until the stream ends; returns the `.close` reason seen, if any.
    func readUntilClosed() -> (closeReason: ClusterCloseReason?, frames: [ClusterFrameType]) {
        var reason: ClusterCloseReason?
        var types: [ClusterFrameType] = []
        while let frame = readFrame() {
            types.append(frame.type)
            if frame.type == .close { reason = frame.payload.withUnsafeBytes { ClusterCloseReason.parse($0) } }
        }
        return (reason, types)
    }

    /// Runs a genuine handshake as initiator `name`; returns how it ended.
    @discardableResult
    func handshake(
        as name: String, secret: [UInt8] = testSecret, cluster: String = "roost", instanceID: UInt64 = .random(in: 1...UInt64.max)
    ) -> ClusterHandshakeAction {
        var machine = ClusterHandshakeStateMachine(
            role: .initiator(expectedPeer: nil),
            identity: ClusterLocalIdentity(clusterName: cluster, nodeName: name, address: "", instanceID: instanceID),
            keyring: try! ClusterKeyring(secret: secret), crypto: .openSSL, ledger: ClusterNonceLedger())
        var action = machine.start()
        while true {
            switch action {
            case .send(let bytes): send(bytes)
            case .fail(_, let bytes):
                send(bytes)
                return action
            case .established, .decide, .wait: return action
            }
            guard let frame = readFrame() else { return machine.peerClosed() }
            let header = ClusterFrameHeader(type: frame.type, channel: frame.channel, payloadByteCount: frame.payload.count)
            action = frame.payload.withUnsafeBytes { machine.received(header, payload: $0) }
        }
    }
}
