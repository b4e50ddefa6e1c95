/// The version of the cluster wire format this build speaks.
public enum ClusterWireVersion {
    /// Carried in every frame header; a peer speaking another version is refused at the handshake.
    public static let current: UInt8 = 1
}
