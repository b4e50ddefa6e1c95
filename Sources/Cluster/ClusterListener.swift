import ClusterWire
import Reactor

/// Accepts connections on the cluster port for one link.
final class ClusterListener: EventHandler {
    let listener: TCPListener
    /// Strong on purpose: the loop holds this handler until it closes, and
    /// the handler keeps its link alive that long (see `ClusterLink.stop()`).
    let link: ClusterLink
    var registration: Registration?

    /// Accepting pauses this long when the process is out of descriptors,
    /// instead of spinning on a listener that stays readable.
    static let descriptorBackoff: Duration = .milliseconds(100)

    init(listener: TCPListener, link: ClusterLink) {
        self.listener = listener
        self.link = link
    }

    func start() throws(SystemError) {
        registration = try link.loop.register(fd: listener.fd, interest: .readable, handler: self)
    }

    func handleReadiness(_ readiness: Readiness) {
        // Bounded so a connection storm cannot starve established links.
        for _ in 0..<64 {
            switch listener.accept() {
            case .connection(let socket, let address):
                admit(socket, from: address)
            case .wouldBlock:
                return
            case .outOfDescriptors:
                pause()
                return
            case .failed:
                continue
            }
        }
    }

    private func admit(_ socket: TCPSocket, from address: SocketAddress) {
        link.counters.connectionsAccepted += 1
        let opening = link.connections.values.reduce(0) { $0 + (!$1.isInitiator && $1.isOpening ? 1 : 0) }
        guard opening < link.configuration.maxPendingHandshakes else {
            link.counters.acceptsRefusedBusy += 1
            socket.setAbortOnClose()
            socket.close()
            return
        }
        let transport: Transport
        var phase = ClusterConnection.Phase.handshaking
        if let tls = link.configuration.tls {
            do {
                transport = .tls(socket, try TLSSession(context: tls.server, fileDescriptor: socket.fd, serverName: nil))
                phase = .tlsHandshake
            } catch {
                link.counters.tlsHandshakeFailures += 1
                socket.close()
                return
            }
        } else {
            transport = .plain(socket)
        }
        link.lastConnectionID += 1
        let connection = ClusterConnection(
            link: link, id: link.lastConnectionID, transport: transport, phase: phase, target: nil,
            remote: address.description)
        link.connections[connection.id] = connection
        do {
            try connection.start()
        } catch {
            link.connections[connection.id] = nil
            transport.close()
        }
    }

    private func pause() {
        guard let registration else { return }
        link.loop.deregister(registration)
        self.registration = nil
        link.loop.schedule(after: Self.descriptorBackoff) { [weak self] in
            guard let self, self.link.listener === self else { return }
            try? start()
        }
    }

    func stop() {
        if let registration { link.loop.deregister(registration) }
        registration = nil
        listener.close()
    }
}
