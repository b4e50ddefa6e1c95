import CShims

/// Readiness of a file descriptor as epoll reports it, and the interest a
/// handler registers for.
public struct Readiness: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readable = Readiness(rawValue: UInt32(CSHIMS_EPOLLIN))
    public static let writable = Readiness(rawValue: UInt32(CSHIMS_EPOLLOUT))
    /// The peer hung up (EPOLLHUP or EPOLLRDHUP). Reported, never registered for explicitly.
    public static let hangup = Readiness(rawValue: UInt32(CSHIMS_EPOLLHUP) | UInt32(CSHIMS_EPOLLRDHUP))
    /// A socket error is pending (EPOLLERR). Always reported by epoll.
    public static let error = Readiness(rawValue: UInt32(CSHIMS_EPOLLERR))
}

/// Something that owns a registered file descriptor and reacts to its readiness.
///
/// Handlers are called on their loop's thread only, one event at a time.
public protocol EventHandler: AnyObject {
    /// epoll reported `readiness` for the handler's file descriptor.
    func handleReadiness(_ readiness: Readiness)
}

/// A handler's place in its loop's registration table.
///
/// The generation guards against stale events: when a handler deregisters and
/// its slot is reused within the same `epoll_wait` batch, events still queued
/// for the old registration carry the old generation and are dropped.
public struct Registration: Hashable, Sendable {
    let slot: UInt32
    let generation: UInt32

    var epollData: UInt64 { UInt64(generation) << 32 | UInt64(slot) }
}
