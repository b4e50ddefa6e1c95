import Reactor
import WebSocket

extension WebSocketConnection {
    /// Frames a data message, compressing it when permessage-deflate is on.
    func enqueueMessage(_ opcode: Opcode, _ payload: UnsafeRawBufferPointer) {
        let buffers = context.buffers
        if let deflate, deflate.shouldCompress(messageBytes: payload.count) {
            deflate.compress(payload, appendingTo: &buffers.compressed)
            buffers.compressed.withUnsafeBytes { enqueueFrame(opcode, $0, compressed: true) }
            LoopBuffers.reset(&buffers.compressed)
        } else {
            enqueueFrame(opcode, payload)
        }
    }

    /// Sends a close frame.
    func enqueueControl(_ opcode: Opcode, code: CloseCode?, reason: String) {
        precondition(opcode == .close)
        let mask = role == .client ? context.maskingKeys.next() : nil
        stage { FrameEncoder.appendClose(code, reason: reason, maskingKey: mask, to: &$0) }
    }

    /// Frames `payload` into the right buffer: behind bytes already queued
    /// (order), into the corked buffer during a read handler, or written at once.
    func enqueueFrame(_ opcode: Opcode, _ payload: UnsafeRawBufferPointer, compressed: Bool = false) {
        let mask = role == .client ? context.maskingKeys.next() : nil
        stage { FrameEncoder.appendFrame(opcode, payload: payload, rsv1: compressed, maskingKey: mask, to: &$0) }
    }

    /// Writes raw bytes (an HTTP response or request) through the same path.
    func enqueueRaw(_ bytes: [UInt8]) {
        stage { $0.append(contentsOf: bytes) }
    }

    private func stage(_ encode: (inout [UInt8]) -> Void) {
        guard phase != .closed else { return }
        if queuedBytes > 0 {
            encode(&outbox)
            enforceQueueLimits()
        } else if corked {
            encode(&context.buffers.corked)
        } else {
            let buffers = context.buffers
            encode(&buffers.direct)
            writeOrQueue(&buffers.direct)
            LoopBuffers.reset(&buffers.direct)
        }
    }

    /// Writes what a read handler staged.
    func flushCorked() {
        let buffers = context.buffers
        guard !buffers.corked.isEmpty else { return }
        writeOrQueue(&buffers.corked)
        LoopBuffers.reset(&buffers.corked)
    }

    /// Writes `bytes` now; what the kernel does not take is copied into the
    /// connection's own queue and written when the socket becomes writable.
    private func writeOrQueue(_ bytes: inout [UInt8]) {
        var written = 0
        var failed = false
        bytes.withUnsafeBytes { raw in
            switch transport.write(raw) {
            case .bytes(let count): written = count
            case .wouldBlock, .endOfFile: written = 0
            case .failed: failed = true
            }
        }
        if failed {
            teardownSoon()
            return
        }
        if written < bytes.count {
            outbox.append(contentsOf: bytes[written...])
            enforceQueueLimits()
            updateInterest()
        }
    }

    /// The socket is writable again: send what is queued.
    func flushOutbox() {
        while queuedBytes > 0 {
            let outcome = outbox.withUnsafeBytes { raw in
                transport.write(UnsafeRawBufferPointer(rebasing: raw[outboxSent...]))
            }
            switch outcome {
            case .bytes(let count):
                outboxSent += count
            case .wouldBlock, .endOfFile:
                return
            case .failed:
                teardown()
                return
            }
        }
        outbox = []
        outboxSent = 0
        readingPaused = false
        if phase == .finishing, role == .server {
            lastBytesFlushed()
            if phase == .closed { return }
        }
        updateInterest()
    }

    /// Back-pressure and the slow-consumer policy: stop reading from a peer we
    /// cannot write to fast enough; drop it when even that does not bound the
    /// queue (our own pushes keep growing it).
    private func enforceQueueLimits() {
        let queued = queuedBytes
        let configuration = context.configuration
        if queued > configuration.maxQueuedBytes {
            context.counters.slowConsumersDropped += 1
            teardownSoon()
            return
        }
        if queued > configuration.pauseReadingQueuedBytes, !readingPaused {
            readingPaused = true
            updateInterest()
        }
    }

    /// Tears down after the current handler returns, so an application call
    /// that triggers a failure never sees `connectionClosed` re-entrantly.
    private func teardownSoon() {
        guard phase != .closed else { return }
        phase = .finishing
        readingPaused = true
        loop.schedule(after: .zero) { [self] in teardown() }
    }
}
