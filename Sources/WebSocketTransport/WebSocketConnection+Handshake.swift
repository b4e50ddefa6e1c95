import HTTP
import Reactor
import WebSocket

extension WebSocketConnection {
    // MARK: TLS

    /// Drives the TLS handshake; then the HTTP handshake starts.
    func continueTLSHandshake() {
        guard case .tls(_, let session) = transport else { preconditionFailure("TLS phase without a TLS session") }
        switch session.handshake() {
        case .done:
            phaseStartedAt = loop.now
            if role == .server {
                enterPhase(.awaitingRequest)
            } else {
                sendHandshakeRequest()
            }
        case .wantRead:
            setInterest(.readable)
        case .wantWrite:
            setInterest(.writable)
        case .failed(let error):
            context.counters.handshakesRejected += 1
            fail(.tls(error.description))
        }
    }

    private func setInterest(_ wanted: Readiness) {
        guard let registration, wanted != interest else { return }
        interest = wanted
        loop.setInterest(registration, wanted)
    }

    func enterPhase(_ next: Phase) {
        phase = next
        switch next {
        case .awaitingRequest:
            let state = handshake ?? HandshakeState()
            state.requestParser = HTTPRequestParser(limits: context.configuration.httpLimits)
            handshake = state
        case .awaitingResponse:
            let state = handshake ?? HandshakeState()
            state.responseParser = HTTPResponseParser(limits: context.configuration.httpLimits)
            handshake = state
        default:
            break
        }
        updateInterest()
    }

    // MARK: Server

    func receivedRequestBytes(_ bytes: UnsafeMutableRawBufferPointer) {
        guard let state = handshake, state.requestParser != nil else { return }
        switch state.requestParser!.parse(UnsafeRawBufferPointer(bytes)) {
        case .needMoreBytes:
            return
        case .failed(let error):
            handshake = nil
            context.counters.handshakesRejected += 1
            respondAndClose(HTTPResponse(
                status: error.status, headers: ["Content-Type": "text/plain", "Connection": "close"],
                body: Array((error.reason + "\n").utf8)))
        case .complete(let head, let consumed):
            handshake = nil
            received(head, leftover: UnsafeMutableRawBufferPointer(rebasing: bytes[consumed...]))
        }
    }

    private func received(_ head: HTTPRequestHead, leftover: UnsafeMutableRawBufferPointer) {
        guard ServerHandshake.isUpgradeRequest(head) else {
            var response = context.httpResponder(head)
            response.headers.replaceOrAdd(name: "Connection", value: "close")
            respondAndClose(response)
            return
        }
        switch ServerHandshake.evaluate(head, options: context.handshake) {
        case .reject(let response, _):
            context.counters.handshakesRejected += 1
            respondAndClose(response)
        case .accept(let accepted):
            requestPath = String(head.path)
            subprotocol = accepted.subprotocol
            enqueueRaw(accepted.response.serialized())
            open(deflate: accepted.deflate)
            if phase == .open, !leftover.isEmpty { receivedFrames(leftover) }
        }
    }

    /// Sends an HTTP response and closes once it is written.
    private func respondAndClose(_ response: HTTPResponse) {
        enqueueRaw(response.serialized())
        finish(lingering: true)
    }

    /// The WebSocket is open: configure the reader and tell the application.
    private func open(deflate parameters: PerMessageDeflateParameters?) {
        if let parameters {
            let options = context.handshake.deflate ?? .init()
            let shared = loop.localValue(PerMessageDeflateSharedDeflaters.self) {
                PerMessageDeflateSharedDeflaters(options: options)
            }
            let compression = PerMessageDeflateContext(
                parameters: parameters, role: role, options: options, sharedDeflaters: shared)
            deflate = compression
            reader.decoder.allowsCompressedFrames = true
            reader.decompressor = compression
        }
        phase = .open
        opened = true
        lastReceivedAt = loop.now
        context.counters.handshakesCompleted += 1
        armTimer()
        updateInterest()
        context.handler.connectionOpened(self)
    }

    // MARK: Client

    func finishConnect() {
        if let error = transport.socket.finishConnect() {
            fail(.connect(error.description))
            return
        }
        phaseStartedAt = loop.now
        if case .tls = transport {
            phase = .tlsHandshake
            continueTLSHandshake()
        } else {
            sendHandshakeRequest()
        }
    }

    func sendHandshakeRequest() {
        guard let clientHandshake = handshake?.client else { preconditionFailure("client connection without a handshake") }
        enterPhase(.awaitingResponse)
        enqueueRaw(clientHandshake.request())
    }

    func receivedResponseBytes(_ bytes: UnsafeMutableRawBufferPointer) {
        guard let state = handshake, state.responseParser != nil, let clientHandshake = state.client else { return }
        switch state.responseParser!.parse(UnsafeRawBufferPointer(bytes)) {
        case .needMoreBytes:
            return
        case .failed(let error):
            fail(.handshake("malformed response: \(error.reason)"))
        case .complete(let head, let consumed):
            handshake = nil
            switch clientHandshake.validate(head) {
            case .failure(let failure):
                fail(.handshake(failure.description))
            case .success(let accepted):
                subprotocol = accepted.subprotocol
                open(deflate: accepted.deflate)
                if phase == .open, consumed < bytes.count {
                    receivedFrames(UnsafeMutableRawBufferPointer(rebasing: bytes[consumed...]))
                }
            }
        }
    }
}
