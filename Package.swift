// swift-tools-version:6.0
// Roost: a clustered multiplayer game server on raw epoll sockets.
// Layers point one way (see README "Layout"): C shims -> Reactor/HTTP/Compression -> WebSocket -> WebSocketTransport -> roost.
import PackageDescription

let package = Package(
    name: "Roost",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "roost", targets: ["roost"]),
        .executable(name: "roost-play", targets: ["roost-play"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // Operations (ops-parts): structured logs through swift-log's API (no SwiftNIO).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Latency histograms for roost-bots (LoadTests/RoostBots); used by nothing else.
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
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
        // Pure game rules behind one protocol: Connect Four (turns) and Cycles (20 Hz ticks).
        .target(name: "Games"),
        // zlib raw deflate/inflate streams with output caps.
        .target(name: "Compression", dependencies: ["CZlib"]),
        // Pure RFC 6455 / RFC 7692 codec: handshake, frames, UTF-8, close, permessage-deflate.
        .target(name: "WebSocket", dependencies: ["HTTP", "Compression", "COpenSSL"]),
        // WebSocket server and client connections running on Reactor loops.
        .target(name: "WebSocketTransport", dependencies: ["Reactor", "HTTP", "WebSocket"]),
        // Signed guest tokens (HMAC-SHA256) checkable on any node, and nickname rules.
        .target(name: "Identity", dependencies: ["COpenSSL"]),
        // Finished games' results in SQLite (WAL), with per-origin sequence numbers for replication.
        .target(name: "ResultStore", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // The client wire protocol (roost.v1): JSON codec, messages, transcript matcher; spec in Protocol/README.md.
        .target(name: "Protocol", path: "Protocol/Sources/Protocol"),

        // Pure SWIM-style membership: events in, directives out; no I/O, no clock.
        .target(name: "Membership"),
        // Pure cluster wire format: versioned length-prefixed frames and the authenticated handshake.
        .target(name: "ClusterWire"),
        // The cluster shell: authenticated links between nodes on Reactor loops, membership, and
        // (to come) directory, pub/sub and replicated state.
        .target(name: "Cluster", dependencies: ["Reactor", "Membership", "ClusterWire", "COpenSSL"]),

        // Pure ratings and leaderboards: Glicko-2 per rating period, boards per kind, queries.
        .target(name: "Leaderboard"),
        // Pure scheduling for cluster jobs: UTC cron expressions and the majority lease with fencing tokens.
        .target(name: "Singleton"),

        // The game server on one node: sessions, lobby, hosted games, limits, HTTP routes, web client.
        .target(
            name: "Server",
            dependencies: [
                "WebSocketTransport", "Reactor", "HTTP", "WebSocket", "Protocol", "Games", "Identity", "ResultStore",
                "Cluster", "ClusterWire", "Membership", "Singleton", "Leaderboard", "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Web")]
        ),
        // A roost.v1 client on a Reactor loop: hello, requests with cid, resume after drops.
        .target(name: "Client", dependencies: ["WebSocketTransport", "Reactor", "WebSocket", "Protocol"]),

        .executableTarget(
            name: "roost",
            dependencies: [
                "WebSocketTransport", "Server", "Cluster", "Singleton",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The terminal client for playtesting (80x24, works over ssh).
        .executableTarget(
            name: "roost-play",
            dependencies: ["Client", "Protocol", "Reactor", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .testTarget(name: "ReactorTests", dependencies: ["Reactor"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "GamesTests", dependencies: ["Games"]),
        .testTarget(name: "CompressionTests", dependencies: ["Compression"]),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket"]),
        .testTarget(name: "ProtocolTests", dependencies: ["Protocol"], path: "Protocol/Tests/ProtocolTests"),
        .testTarget(
            name: "WebSocketTransportTests",
            dependencies: ["WebSocketTransport", "Reactor", "WebSocket", "HTTP"]
        ),
        .testTarget(name: "IdentityTests", dependencies: ["Identity"]),
        .testTarget(name: "ResultStoreTests", dependencies: ["ResultStore"]),
        .testTarget(name: "ClientTests", dependencies: ["Client", "Protocol", "Reactor"]),
        .testTarget(name: "MembershipTests", dependencies: ["Membership"]),
        .testTarget(name: "ClusterWireTests", dependencies: ["ClusterWire"]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster", "ClusterWire", "Membership", "Reactor"]),
        .testTarget(name: "LeaderboardTests", dependencies: ["Leaderboard"]),
        .testTarget(name: "SingletonTests", dependencies: ["Singleton"]),
        .testTarget(name: "ClusterSystemTests", dependencies: ["Client", "Protocol"]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Client", "Protocol", "Games", "Reactor", "Leaderboard", "Singleton", "Cluster", "Membership",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Load bots (issue 6): thousands of roost.v1 bots on a few Reactor loops. The pure core
        // (strategies, the per-bot state machine, the run report) is a library so tests reach it.
        .target(
            name: "RoostBotsKit",
            dependencies: ["Client", "Protocol", "Games", .product(name: "Histogram", package: "hdrhistogram-swift")],
            path: "LoadTests/RoostBotsKit"
        ),
        .executableTarget(
            name: "roost-bots",
            dependencies: [
                "RoostBotsKit", "Client", "Protocol", "Games", "Reactor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "LoadTests/RoostBots"
        ),
        .testTarget(name: "BotsTests", dependencies: ["RoostBotsKit", "Client", "Protocol", "Games"]),
    ],
    swiftLanguageModes: [.v6]
)
