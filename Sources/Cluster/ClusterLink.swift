import ClusterWire
import Reactor

/// The cluster link of one node: it listens on the cluster port, dials the
/// peers it is given, authenticates every connection with the cluster
/// handshake (optionally under mutual TLS), keeps exactly one link per node
/// pair, redials lost peers with backoff, and carries channel-tagged frames
/// between the layers above.
///
/// **Threading.** A link lives on one `EventLoop`, given at creation; all its
/// connections, timers and state belong to that loop's thread. Every method
/// except `init` must be called on that thread (`loop.inLoop`); other threads
/// hand work over with `loop.execute { link.send(...) }`. The handler is
/// called on that thread too. That ownership is why nothing here takes a lock.
///
/// **Delivery.** Frames to one peer arrive in the order sent, over one TCP
/// connection. A send is refused, with the reason, when there is no link,
/// the payload is too big, or the peer's queue is over its cap. Nothing is
/// acknowledged or retransmitted: a link that drops loses what it had
/// queued, and the layers above (which promise at-most-once) handle that.
///
/// `@unchecked Sendable` only so it can be captured by closures handed to its
/// own loop; touching it from another thread is a bug the preconditions catch.
public final class ClusterLink: ClusterTransport, @unchecked Sendable {
    /// The loop this link lives on.
    public let loop: EventLoop
    public let configuration: ClusterLinkConfiguration
    /// Who hears about peers and data (held weakly: the owner of the link is usually its handler).
    public weak var handler: ClusterLinkHandler?
    /// Everything refused, dropped and counted so far.
    public internal(set) var counters = ClusterLinkCounters()
    /// The bound address, once `start()` has run.
    public private(set) var listeningAddress: SocketAddress?

    let crypto: ClusterHandshakeCrypto
    let ledger: ClusterNonceLedger
    let encoder: ClusterFrameEncoder
    private(set) var identity: ClusterLocalIdentity
    var listener: ClusterListener?
    /// The link carrying traffic to each peer, by name.
    var active: [String: ClusterConnection] = [:]
    /// Every open connection, by id (opening, active, closing).
    var connections: [UInt64: ClusterConnection] = [:]
    /// Addresses this node keeps a link to, by `host:port`.
    var targets: [String: ClusterDialTarget] = [:]
    var lastConnectionID: UInt64 = 0
    /// Peers whose link the peer closed as a duplicate of another link still
    /// opening here: not reported as gone unless that one fails too.
    var swaps: [String: (peer: ClusterPeer, reason: ClusterDisconnectReason)] = [:]
    /// Self-dials seen from the accepting side whose dialing side has not
    /// heard the refusal yet (see `handshakeFailed`).
    var selfDialsRefused = 0
    var stopped = false

    /// A link for `configuration` on `loop`; call `start()` on the loop next.
    /// - Parameter crypto: the handshake's HMAC and randomness (OpenSSL's unless a test says otherwise).
    public init(configuration: ClusterLinkConfiguration, loop: EventLoop, crypto: ClusterHandshakeCrypto = .openSSL) {
        precondition(ClusterNames.isValidName(configuration.clusterName.utf8), "invalid cluster name \"\(configuration.clusterName)\"")
        precondition(ClusterNames.isValidName(configuration.nodeName.utf8), "invalid node name \"\(configuration.nodeName)\"")
        precondition(
            (1...ClusterFrameLimits.absoluteMaxPayloadBytes).contains(configuration.maxPayloadBytes),
            "maxPayloadBytes must be 1...\(ClusterFrameLimits.absoluteMaxPayloadBytes)")
        precondition(configuration.maxQueuedBytes >= configuration.maxPayloadBytes + ClusterFrameHeader.byteCount,
            "maxQueuedBytes must hold at least one frame of maxPayloadBytes")
        self.loop = loop
        self.configuration = configuration
        self.crypto = crypto
        self.ledger = ClusterNonceLedger(capacity: configuration.replayMemory)
        self.encoder = ClusterFrameEncoder(maxPayloadBytes: configuration.maxPayloadBytes)
        let instanceID = crypto.randomBytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        self.identity = ClusterLocalIdentity(
            clusterName: configuration.clusterName, nodeName: configuration.nodeName,
            address: configuration.advertisedAddress ?? "", instanceID: instanceID)
    }

    /// This node as its peers see it (the address is known once listening).
    public var localPeer: ClusterPeer {
        ClusterPeer(name: identity.nodeName, address: identity.address, instanceID: identity.instanceID)
    }

    /// Binds the cluster port and starts accepting.
    public func start() throws(SystemError) {
        precondition(loop.inLoop, "ClusterLink.start() must run on the link's loop")
        precondition(listener == nil && !stopped, "ClusterLink.start() called twice")
        let address = try SocketAddress(host: configuration.listenHost, port: configuration.listenPort)
        // No SO_REUSEPORT: two nodes configured with the same port must fail
        // loudly, not silently share one.
        let socket = try TCPListener(address: address, backlog: 256, reusePort: false)
        let listener = ClusterListener(listener: socket, link: self)
        do {
            try listener.start()
        } catch {
            socket.close()
            throw error
        }
        self.listener = listener
        listeningAddress = socket.localAddress
        if configuration.advertisedAddress == nil {
            identity.address = socket.localAddress.description
        }
        configuration.log(.listening(node: identity.nodeName, address: socket.localAddress.description))
    }

    // MARK: Peers

    /// Keeps a link to `address`: dials now, and redials with backoff
    /// whenever there is no link to the node there.
    public func connect(to address: ClusterPeerAddress) {
        precondition(loop.inLoop, "ClusterLink.connect(to:) must run on the link's loop")
        guard !stopped else { return }
        let key = address.hostPort
        if let existing = targets[key], existing.address == address { return }
        if let replaced = targets[key] { forget(replaced) }
        let target = ClusterDialTarget(address: address)
        targets[key] = target
        dial(target)
    }

    /// Stops keeping a link to `address` and closes the link this node dialed
    /// there (reporting `peerDisconnected` before returning). A link the peer
    /// dialed to us stays: the peer decides about that one.
    public func disconnect(from address: ClusterPeerAddress) {
        precondition(loop.inLoop, "ClusterLink.disconnect(from:) must run on the link's loop")
        guard let target = targets[address.hostPort] else { return }
        forget(target)
        if let connection = target.connection {
            if connection.isEstablished {
                connection.closeLink(sending: .shuttingDown, reason: .disconnected)
            } else {
                connection.abortNow(reason: .disconnected)
            }
        }
    }

    /// Peers with an authenticated link now.
    public var connectedPeers: [ClusterPeer] {
        precondition(loop.inLoop, "ClusterLink must be used on its loop")
        return active.values.compactMap(\.peer).sorted { $0.name < $1.name }
    }

    /// Whether a link to `peerName` is up.
    public func isConnected(to peerName: String) -> Bool {
        precondition(loop.inLoop, "ClusterLink must be used on its loop")
        return active[peerName] != nil
    }

    /// Bytes queued for `peerName` that the kernel has not taken yet (nil
    /// without a link): a layer above can shed load before the cap drops the link.
    public func queuedBytes(to peerName: String) -> Int? {
        precondition(loop.inLoop, "ClusterLink must be used on its loop")
        return active[peerName]?.queuedBytes
    }

    // MARK: Sending

    /// Queues `payload` for `peerName` on `channel` (never `.none`). The bytes
    /// are copied; the frame leaves at the end of this loop iteration.
    @discardableResult
    public func send(_ payload: UnsafeRawBufferPointer, channel: ClusterChannel, to peerName: String) -> ClusterSendResult {
        precondition(loop.inLoop, "ClusterLink.send must run on the link's loop")
        precondition(channel != .none, "data is sent on a channel")
        guard payload.count <= configuration.maxPayloadBytes else {
            counters.sendsRefusedTooLarge += 1
            return .payloadTooLarge
        }
        guard let connection = active[peerName] else {
            counters.sendsRefusedNotConnected += 1
            return .notConnected
        }
        return connection.sendData(payload, channel: channel)
    }

    // MARK: Stopping

    /// Tells every peer this node is shutting down, closes every connection
    /// and the listener, and stops redialing. Reports `peerDisconnected` for
    /// each link before returning. The link cannot be started again.
    ///
    /// A started link runs until this is called: its listener and connections
    /// are registered with the loop and keep it alive, so dropping the last
    /// reference to it does not stop it.
    public func stop() {
        precondition(loop.inLoop, "ClusterLink.stop() must run on the link's loop")
        guard !stopped else { return }
        stopped = true
        for target in targets.values { forget(target) }
        listener?.stop()
        listener = nil
        for connection in connections.values.sorted(by: { $0.id < $1.id }) {
            if connection.phase == .established || connection.phase == .handshaking {
                connection.enqueue(ClusterFrameEncoder.frame(.close, payload: ClusterCloseReason.shuttingDown.payload))
            }
            connection.abortNow(reason: .linkStopped)
        }
    }
}
