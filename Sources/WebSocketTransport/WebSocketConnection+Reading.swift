import HTTP
import Reactor
import WebSocket

extension WebSocketConnection {
    /// Reads what the socket has and processes it in the loop's read buffer.
    func readAvailable() {
        let buffer = loop.readBuffer
        // Plain TCP: one read per readiness event (level-triggered epoll calls
        // again if more is waiting, which keeps loops fair). TLS may hold
        // decrypted bytes epoll cannot see, so drain those before returning.
        var rounds = 0
        repeat {
            switch transport.read(into: buffer) {
            case .bytes(let count):
                lastReceivedAt = loop.now
                pingOutstanding = false
                process(UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]))
            case .wouldBlock:
                return
            case .endOfFile, .failed:
                teardown()
                return
            }
            rounds += 1
        } while phase != .closed && !readingPaused && transport.hasBufferedInput && rounds < 64
    }

    private func process(_ bytes: UnsafeMutableRawBufferPointer) {
        switch phase {
        case .awaitingRequest: receivedRequestBytes(bytes)
        case .awaitingResponse: receivedResponseBytes(bytes)
        case .open: receivedFrames(bytes)
        case .finishing: return  // discard until the peer closes
        case .connecting, .tlsHandshake, .closed: preconditionFailure("read in phase \(phase)")
        }
    }

    /// Decodes frames and hands messages to the application. Replies made
    /// during this pass are corked and written with one system call.
    func receivedFrames(_ bytes: UnsafeMutableRawBufferPointer) {
        // After a protocol error the byte stream has no trustworthy frame
        // boundary left: discard input until the peer closes or the close
        // timeout ends the connection.
        guard !inputBroken else { return }
        corked = true
        var cursor = 0
        reading: while phase == .open {
            switch reader.next(bytes, cursor: &cursor) {
            case .needMoreBytes:
                break reading
            case .message(let opcode, let payload):
                // After our close frame, data is read and dropped (§1.4).
                if closing.canSendData { context.handler.connection(self, received: payload, opcode: opcode) }
            case .ping(let payload):
                if closing.canSendData { enqueueFrame(.pong, payload) }
            case .pong:
                break
            case .close(let code, let reason):
                context.handler.connection(self, receivedClose: code, reason: reason)
                // The handler may have aborted the connection from the callback.
                guard phase == .open else { break reading }
                perform(closing.receivedClose(code))
            case .failed(let code, let reason):
                inputBroken = true
                count(failure: code)
                perform(closing.failed(code, reason: reason))
                break reading
            }
        }
        corked = false
        if phase != .closed { flushCorked() }
    }

    private func count(failure code: CloseCode) {
        let counters = context.counters
        switch code {
        case .messageTooBig: counters.messagesTooBig += 1
        case .invalidPayload: counters.invalidPayloads += 1
        default: counters.protocolErrors += 1
        }
    }
}
