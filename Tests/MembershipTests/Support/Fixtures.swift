@testable import Membership

/// Small builders shared by the unit tests.
enum Fixtures {
    static func node(_ name: String) -> NodeID { NodeID(name: name, address: "10.1.0.1:\(7000 + name.count)") }

    static func update(_ name: String, _ status: MemberUpdate.Status, generation: UInt64 = 1, refutations: UInt64 = 0) -> MemberUpdate {
        MemberUpdate(node: node(name), incarnation: Incarnation(generation: generation, refutations: refutations), status: status)
    }

    static let t0 = MembershipInstant(nanoseconds: 5_000_000_000)

    /// One of each message kind, with gossip of each status.
    static var everyMessage: [MembershipMessage] {
        let gossip = [
            update("a", .alive), update("b", .suspect(by: node("c")), generation: 7, refutations: 300),
            update("d", .dead, generation: .max, refutations: .max), update("e", .left, generation: 0),
        ]
        return [
            MembershipMessage(.ping(sequence: 0)),
            MembershipMessage(.ping(sequence: .max), gossip: gossip),
            MembershipMessage(.pingRequest(sequence: 127, target: NodeID(name: "z9", address: "[::1]:7946")), gossip: [gossip[1]]),
            MembershipMessage(.ack(sequence: 128)),
            MembershipMessage(.nack(sequence: 16_384), gossip: gossip),
            MembershipMessage(.join(state: gossip)),
            MembershipMessage(.joinAck(state: []), gossip: gossip),
            MembershipMessage(.gossip, gossip: [update("a", .left)]),
        ]
    }
}

extension Array where Element == MembershipDirective {
    /// The messages sent to nodes, with their recipients' names.
    var sent: [(message: MembershipMessage, to: String)] {
        compactMap { if case .send(let message, let to) = $0 { (message, to.name) } else { nil } }
    }

    var events: [MemberEvent] {
        compactMap { if case .memberChanged(let event) = $0 { event } else { nil } }
    }
}
