/// Size limits of cluster frames.
public enum ClusterFrameLimits {
    /// The largest payload an authenticated peer may send in one frame by
    /// default (1 MiB). Layers above split or refuse bigger messages.
    public static let defaultMaxPayloadBytes = 1 << 20
    /// The largest payload accepted before the handshake completes: the
    /// biggest handshake message is under 400 bytes, so an unauthenticated
    /// peer can make the decoder buffer at most this much.
    public static let handshakeMaxPayloadBytes = 512
    /// The most any configuration may accept: the length field is 32 bits,
    /// and a limit beyond this would let one peer pin a gigabyte of memory.
    public static let absoluteMaxPayloadBytes = 64 << 20
}
