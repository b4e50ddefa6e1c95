/// The version of the cluster wire format this build speaks.
public enum ClusterWireVersion {
    /// Carried in every frame header; a frame with another version is refused
    /// (`ClusterFrameError.unsupportedVersion`), and during the handshake the
    /// peer is told so with `ClusterCloseReason.unsupportedVersion`.
    public static let current: UInt8 = 1
}
