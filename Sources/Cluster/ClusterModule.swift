import ClusterWire
import Membership

/// The cluster wire version this shell speaks (see `ClusterWireVersion`).
public let clusterWireVersion = ClusterWireVersion.current
