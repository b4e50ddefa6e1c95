import ClusterWire
import Reactor

extension ClusterConnection {
    /// Largest ping payload answered (echoed in the pong).
    static let maxPingPayloadBytes = 16

    /// Reads what the socket has into the loop's read buffer and processes it.
    func readAvailable() {
        let buffer = loop.readBuffer
        var rounds = 0
        repeat {
            switch transport.read(into: buffer) {
            case .bytes(let count):
                lastReceivedAt = loop.now
                pingOutstanding = false
                process(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            case .wouldBlock:
                return
            case .endOfFile, .failed:
                streamEnded()
                return
            }
            rounds += 1
            // TLS may hold decrypted bytes epoll cannot see; plain TCP reads
            // once per readiness (level-triggered epoll calls again: fairness).
        } while phase != .closed && !readingPaused && transport.hasBufferedInput && rounds < 64
    }

    /// Decodes frames and acts on each. Replies made in this pass (pongs,
    /// handshake messages, the handler's own sends to this peer) are written
    /// with one system call at the end.
    private func process(_ bytes: UnsafeRawBufferPointer) {
        guard phase == .handshaking || phase == .established || isDraining else { return }  // closing: discard
        corked = true
        var cursor = 0
        reading: while phase == .handshaking || (phase == .established && !retired) || isDraining {
            switch decoder.next(bytes, cursor: &cursor) {
            case .frame(let header, let payload):
                if phase == .handshaking {
                    perform(handshake.received(header, payload: payload))
                } else {
                    receivedFrame(header, payload)
                }
            case .needMoreBytes:
                break reading
            case .failed(let error):
                receivedInvalidStream(error)
                break reading
            }
        }
        corked = false
        if phase != .closed { flush() }
    }

    /// A link replaced by another to the same peer process, still reading
    /// what the peer sent on it before the swap (see `drainsData`).
    private var isDraining: Bool { phase == .closing && drainsData }

    /// A frame on an authenticated link.
    private func receivedFrame(_ header: ClusterFrameHeader, _ payload: UnsafeRawBufferPointer) {
        link.counters.framesReceived += 1
        if isDraining {
            // Only the peer's data matters now; its pings, pongs and `.close` need no answer.
            if header.type == .data, header.channel != .none { link.deliver(payload, channel: header.channel, from: self) }
            return
        }
        if header.type != .data, header.channel != .none {
            return violation("\(header.type) frame on channel \(header.channel.rawValue)", reply: .malformed)
        }
        switch header.type {
        case .data:
            guard header.channel != .none else { return violation("data frame without a channel", reply: .malformed) }
            link.deliver(payload, channel: header.channel, from: self)
        case .ping:
            guard payload.count <= Self.maxPingPayloadBytes else {
                return violation("ping with \(payload.count) bytes (at most \(Self.maxPingPayloadBytes))", reply: .malformed)
            }
            enqueue(ClusterFrameEncoder.frame(.pong, payload: Array(payload)))
        case .pong:
            break  // its arrival already counted as activity
        case .close:
            let reason = ClusterCloseReason.parse(payload) ?? ClusterCloseReason(rawValue: 0)
            link.connectionRetired(self, reason: .closedByPeer(reason))
            closeAfterFlush()
        default:
            violation("unexpected \(header.type) frame after the handshake", reply: .unexpectedFrame)
        }
    }

    /// The decoder refused the stream.
    private func receivedInvalidStream(_ error: ClusterFrameError) {
        if phase == .handshaking {
            perform(handshake.receivedInvalidStream(error))
            return
        }
        link.counters.count(error)
        if case .unsupportedVersion = error {
            violation(error.description, reply: .unsupportedVersion, counted: true)
        } else {
            violation(error.description, reply: .malformed, counted: true)
        }
    }

    /// An authenticated peer broke the rules: say why, drop the link.
    private func violation(_ problem: String, reply: ClusterCloseReason, counted: Bool = false) {
        if !counted { link.counters.protocolViolations += 1 }
        link.configuration.log(.protocolViolation(connection: id, peer: peer?.description ?? remote, problem: problem))
        closeLink(sending: reply, reason: .protocolViolation)
    }

    /// The peer closed the stream or it failed.
    private func streamEnded() {
        switch phase {
        case .handshaking:
            if let error = decoder.finish() {
                perform(handshake.receivedInvalidStream(error))
            } else {
                perform(handshake.peerClosed())
            }
            teardown()
        case .established:
            if let error = decoder.finish() { link.counters.count(error) }
            link.connectionRetired(self, reason: .connectionLost)
            teardown()
        default:
            teardown()
        }
    }
}
