import ClusterWire
import Reactor

/// An address the link keeps a connection to, and its redial state.
final class ClusterDialTarget {
    let address: ClusterPeerAddress
    /// Failed attempts since the last link; drives the backoff.
    var attempt = 0
    var timer: TimerID?
    /// The outbound connection now opening or carrying traffic, if any.
    weak var connection: ClusterConnection?
    /// The node found at the address last time (for seeds dialed without a name).
    var learnedName: String?

    init(address: ClusterPeerAddress) { self.address = address }

    /// The node expected or last found at the address.
    var peerName: String? { address.name ?? learnedName }
}

extension ClusterLink {
    /// Opens an outbound connection to `target`, unless one is open already
    /// or the node there is linked anyway (it dialed us).
    func dial(_ target: ClusterDialTarget) {
        guard !stopped, targets[target.address.hostPort] === target, target.connection == nil else { return }
        if let name = target.peerName, active[name] != nil { return }
        let socket: TCPSocket
        do {
            // A numeric address resolves without I/O; a DNS name may block the
            // loop briefly in getaddrinfo (see "What's left" in Cluster.docc).
            let address = try SocketAddress(host: target.address.host, port: target.address.port)
            socket = try TCPSocket.connect(to: address).socket
        } catch {
            dialFailed(target, error.description)
            return
        }
        let transport: Transport
        if let tls = configuration.tls {
            do {
                let serverName = tls.verifyHostName ? target.address.host : nil
                transport = .tls(socket, try TLSSession(context: tls.client, fileDescriptor: socket.fd, serverName: serverName))
            } catch {
                socket.close()
                counters.tlsHandshakeFailures += 1
                dialFailed(target, error.description)
                return
            }
        } else {
            transport = .plain(socket)
        }
        lastConnectionID += 1
        let connection = ClusterConnection(
            link: self, id: lastConnectionID, transport: transport, phase: .connecting, target: target,
            remote: target.address.hostPort)
        do {
            try connection.start()
        } catch {
            transport.close()
            dialFailed(target, error.description)
            return
        }
        connections[connection.id] = connection
        target.connection = connection
        counters.connectionsDialed += 1
    }

    private func dialFailed(_ target: ClusterDialTarget, _ error: String) {
        counters.connectFailures += 1
        configuration.log(.connectFailed(target: target.address.description, error: error))
        scheduleRedial(target)
    }

    /// Arranges the next dial of `target` after its backoff delay.
    func scheduleRedial(_ target: ClusterDialTarget) {
        guard !stopped, targets[target.address.hostPort] === target, target.timer == nil, target.connection == nil else { return }
        if let name = target.peerName, active[name] != nil { return }
        let delay = configuration.reconnectBackoff.delay(attempt: target.attempt, unitRandom: Double.random(in: 0..<1))
        target.attempt += 1
        counters.reconnectsScheduled += 1
        target.timer = loop.schedule(after: delay) { [weak self, weak target] in
            guard let self, let target else { return }
            target.timer = nil
            dial(target)
        }
    }

    /// After `connection` retired: redial its address, and any address of
    /// the peer it linked (the peer may have dialed us, and now it is gone).
    func redial(after connection: ClusterConnection, lostPeer: ClusterPeer?) {
        if let target = connection.target { scheduleRedial(target) }
        guard let lostPeer else { return }
        for target in targets.values where target.peerName == lostPeer.name && target !== connection.target {
            scheduleRedial(target)
        }
    }

    /// Stops keeping a link to `target`'s address.
    func forget(_ target: ClusterDialTarget) {
        if let timer = target.timer { loop.cancel(timer) }
        target.timer = nil
        if targets[target.address.hostPort] === target { targets[target.address.hostPort] = nil }
    }
}
