import Protocol
import Reactor
import WebSocket
import WebSocketTransport

/// The shard as the WebSocket layer's handler: each connection gets a `ClientLink`.
extension Shard: WebSocketHandler {
    func connectionOpened(_ connection: WebSocketConnection) {
        let ip = connection.remoteAddress?.host ?? "?"
        guard connection.requestPath == ProtocolVersion.path else {
            connection.close(.policyViolation, reason: "the roost.v1 endpoint is \(ProtocolVersion.path)")
            return
        }
        guard node.connectionsPerIP.admit(ip) else {
            node.metrics.count(.perIPCap)
            connection.close(.tryAgainLater, reason: "too many connections from your address")
            return
        }
        let link = ClientLink(id: newLinkID(), connection: connection, ip: ip, shard: self)
        connection.userData = link
        links[link.id] = link
        link.start()
    }

    func connection(_ connection: WebSocketConnection, received payload: UnsafeRawBufferPointer, opcode: Opcode) {
        guard let link = connection.userData as? ClientLink else { return }
        link.received(payload, opcode: opcode)
    }

    func connectionClosed(_ connection: WebSocketConnection, code: CloseCode) {
        guard let link = connection.userData as? ClientLink else { return }
        connection.userData = nil
        node.connectionsPerIP.release(link.ip)
        links[link.id] = nil
        // The close can arrive inside a send made by a session or a game; finish it after them.
        later { link.closed() }
    }
}
