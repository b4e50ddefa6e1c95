// swift-tools-version:6.0
// Peer for the WebSocket echo benchmark: Hummingbird 2 + hummingbird-websocket on SwiftNIO.
// Its own package so that SwiftNIO never enters the root Roost package.
import PackageDescription

let package = Package(
    name: "HummingbirdEcho",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdEcho",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
