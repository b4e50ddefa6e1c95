// Layers above the link speak in ClusterWire's vocabulary (channels, peers,
// close reasons); re-exported so `import Cluster` is enough for them.
@_exported import ClusterWire
