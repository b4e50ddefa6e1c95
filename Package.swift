// swift-tools-version:6.0
// Roost: a clustered multiplayer game server on raw epoll sockets.
// Layers point one way (see README "Layout"): C shims -> Reactor/HTTP/Compression -> WebSocket -> WebSocketTransport -> roost.
import PackageDescription

let package = Package(
    name: "Roost",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "roost", targets: ["roost"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Platform boundary: the only targets that include Linux or library C headers.
        .target(name: "CShims", path: "Sources/CShims"),
        .target(
            name: "COpenSSL", path: "Sources/COpenSSL",
            linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]
        ),
        .target(name: "CZlib", path: "Sources/CZlib", linkerSettings: [.linkedLibrary("z")]),

        // Event loops, sockets, timers and the TLS transport.
        .target(name: "Reactor", dependencies: ["CShims", "COpenSSL"]),
        // Pure HTTP/1.1 request/response parsing and writing with hard limits.
        .target(name: "HTTP"),
        // zlib raw deflate/inflate streams with output caps.
        .target(name: "Compression", dependencies: ["CZlib"]),
        // Pure RFC 6455 / RFC 7692 codec: handshake, frames, UTF-8, close, permessage-deflate.
        .target(name: "WebSocket", dependencies: ["HTTP", "Compression", "COpenSSL"]),
        // WebSocket server and client connections running on Reactor loops.
        .target(name: "WebSocketTransport", dependencies: ["Reactor", "HTTP", "WebSocket"]),
        .target(name: "Protocol", path: "Protocol/Sources/Protocol"),

        .executableTarget(
            name: "roost",
            dependencies: [
                "WebSocketTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "ReactorTests", dependencies: ["Reactor"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "CompressionTests", dependencies: ["Compression"]),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket"]),
        .testTarget(name: "ProtocolTests", dependencies: ["Protocol"], path: "Protocol/Tests/ProtocolTests"),
        .testTarget(
            name: "WebSocketTransportTests",
            dependencies: ["WebSocketTransport", "Reactor", "WebSocket", "HTTP"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
