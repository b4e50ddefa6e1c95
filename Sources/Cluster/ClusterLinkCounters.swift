import ClusterWire

/// Counts of everything the link refused, dropped or gave up on, plus a few
/// totals, for metrics and tests. A value; read `ClusterLink.counters` on the
/// link's loop.
public struct ClusterLinkCounters: Hashable, Sendable {
    // Connections
    public var connectionsAccepted = 0
    public var connectionsDialed = 0
    /// Dials that failed before the handshake (refused, unreachable, reset).
    public var connectFailures = 0
    /// Accepts closed at once because `maxPendingHandshakes` were running.
    public var acceptsRefusedBusy = 0
    public var tlsHandshakeFailures = 0

    // Handshakes
    public var handshakesCompleted = 0
    public var handshakeTimeouts = 0
    /// Proofs that did not verify (wrong secret, or tampering).
    public var authenticationFailures = 0
    public var clusterMismatches = 0
    public var unknownKeys = 0
    public var replaysRefused = 0
    public var reflectionsRefused = 0
    /// Peers speaking another wire version.
    public var versionMismatches = 0
    /// Dialed the wrong node, or dialed as the wrong node.
    public var wrongPeers = 0
    /// This node dialed itself, or another node has its name.
    public var selfConnections = 0
    public var malformedHandshakes = 0
    /// Data or control frames sent before the handshake completed.
    public var framesBeforeHandshake = 0
    /// Handshakes the peer refused (any reason but a duplicate link).
    public var handshakesRefusedByPeer = 0
    /// Peers that hung up mid-handshake.
    public var handshakesAbandoned = 0

    // Links
    /// Redundant links closed by the tie-break (simultaneous dials).
    public var duplicateLinksClosed = 0
    /// Links replaced by a newer one from a restarted peer.
    public var linksReplaced = 0
    public var idleTimeouts = 0
    /// Peers dropped because their send queue passed `maxQueuedBytes`.
    public var slowPeersDropped = 0
    public var reconnectsScheduled = 0

    // Frames
    public var framesSent = 0
    public var framesReceived = 0
    /// Frames declaring more payload than accepted (before or after the handshake).
    public var oversizedFrames = 0
    /// Zero or too-short lengths, reserved flags.
    public var malformedFrames = 0
    /// Streams that ended inside a frame.
    public var truncatedFrames = 0
    /// Authenticated peers sending a frame type or channel they must not.
    public var protocolViolations = 0
    public var sendsRefusedNotConnected = 0
    public var sendsRefusedTooLarge = 0

    public init() {}

    /// Counts a frame decoding failure under its kind.
    mutating func count(_ error: ClusterFrameError) {
        switch error {
        case .frameTooLarge: oversizedFrames += 1
        case .zeroLength, .lengthTooShort, .reservedFlagsSet: malformedFrames += 1
        case .unsupportedVersion: versionMismatches += 1
        case .truncated: truncatedFrames += 1
        }
    }

    /// Counts a failed handshake under its cause.
    mutating func count(_ error: ClusterHandshakeError) {
        switch error {
        case .unsupportedVersion: versionMismatches += 1
        case .malformedFrame(let frameError): count(frameError)
        case .malformedMessage: malformedHandshakes += 1
        case .unexpectedFrame: framesBeforeHandshake += 1
        case .clusterMismatch: clusterMismatches += 1
        case .unknownKey: unknownKeys += 1
        case .authenticationFailed: authenticationFailures += 1
        case .replayedNonce: replaysRefused += 1
        case .reflectedNonce, .reflectedProof: reflectionsRefused += 1
        case .connectedToSelf, .sameNodeName: selfConnections += 1
        case .unexpectedPeer, .wrongNode: wrongPeers += 1
        case .refusedByPeer(.duplicateConnection), .refusedLocally(.duplicateConnection): duplicateLinksClosed += 1
        case .refusedByPeer: handshakesRefusedByPeer += 1
        case .refusedLocally(.busy): acceptsRefusedBusy += 1
        case .refusedLocally: break
        case .peerClosed: handshakesAbandoned += 1
        case .timedOut: handshakeTimeouts += 1
        }
    }
}
