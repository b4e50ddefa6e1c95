import Compression
import Testing
import WebSocket

@Suite struct PerMessageDeflateContextTests {
    /// Both ends of a connection negotiated from the two option sets.
    struct Connection {
        var server: PerMessageDeflateContext
        var client: PerMessageDeflateContext

        init(
            offer: String? = nil,
            clientOptions: PerMessageDeflateOptions = .init(),
            serverOptions: PerMessageDeflateOptions = .init(),
            sharedDeflaters: PerMessageDeflateSharedDeflaters? = nil
        ) throws {
            let offer = offer ?? PerMessageDeflateNegotiation.clientOffer(options: clientOptions)
            let accepted = try #require(PerMessageDeflateNegotiation.serverResponse(toOffers: [offer], options: serverOptions))
            let clientParameters = try PerMessageDeflateNegotiation.clientAccept(responseHeaderValue: accepted.headerValue, options: clientOptions).get()
            server = PerMessageDeflateContext(parameters: accepted.parameters, role: .server, options: serverOptions, sharedDeflaters: sharedDeflaters)
            client = PerMessageDeflateContext(parameters: clientParameters, role: .client, options: clientOptions)
        }
    }

    static func send(_ message: [UInt8], from sender: PerMessageDeflateContext) -> [UInt8] {
        var payload: [UInt8] = []
        message.withUnsafeBytes { sender.compress($0, appendingTo: &payload) }
        return payload
    }

    static func receive(
        _ payload: [UInt8], by receiver: PerMessageDeflateContext, fragmentBytes: Int = .max, maxMessageBytes: Int = .max
    ) -> (InflateOutcome, [UInt8]) {
        var message: [UInt8] = []
        var start = 0
        repeat {
            let end = payload.count - start <= fragmentBytes ? payload.count : start + fragmentBytes
            let outcome = payload[start..<end].withUnsafeBytes {
                receiver.decompress($0, isFinal: end == payload.count, maxMessageBytes: maxMessageBytes, appendingTo: &message)
            }
            if outcome != .ok { return (outcome, message) }
            start = end
        } while start < payload.count
        return (.ok, message)
    }

    /// Checks a received message without printing kilobytes when it differs.
    static func expectReceived(
        _ received: (InflateOutcome, [UInt8]), _ expected: [UInt8], _ comment: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(received.0 == .ok, "\(comment)", sourceLocation: sourceLocation)
        let same = received.1 == expected
        #expect(same, "\(received.1.count) bytes, expected \(expected.count) \(comment)", sourceLocation: sourceLocation)
    }

    static let messages: [[UInt8]] = (0..<6).map { index in
        Array(#"{"type":"move","player":\#(index),"x":\#(index * 3),"y":-\#(index),"path":"north-north-east"}"#.utf8)
            + Array(repeating: UInt8(index), count: index * 700)
    }

    static let optionVariants: [PerMessageDeflateOptions] = [
        .init(),
        .init(serverNoContextTakeover: false, requestClientNoContextTakeover: false, clientMaxWindowBits: 15),
        .init(serverMaxWindowBits: 8, clientMaxWindowBits: 8),
        .init(serverNoContextTakeover: false, serverMaxWindowBits: 9, clientMaxWindowBits: 10, offerClientMaxWindowBits: false),
    ]

    @Test func messagesCrossEveryNegotiatedConnectionBothWays() throws {
        for clientOptions in Self.optionVariants {
            for serverOptions in Self.optionVariants {
                let pool = PerMessageDeflateSharedDeflaters(options: serverOptions)
                let connection = try Connection(clientOptions: clientOptions, serverOptions: serverOptions, sharedDeflaters: pool)
                for (index, message) in Self.messages.enumerated() {
                    let fragmentBytes = [Int.max, 1, 5][index % 3]
                    let toClient = Self.receive(Self.send(message, from: connection.server), by: connection.client, fragmentBytes: fragmentBytes)
                    Self.expectReceived(toClient, message, "\(connection.server.parameters)")
                    let toServer = Self.receive(Self.send(message, from: connection.client), by: connection.server, fragmentBytes: fragmentBytes)
                    Self.expectReceived(toServer, message, "\(connection.server.parameters)")
                }
            }
        }
    }

    @Test func rolesPickOppositeParameters() {
        let parameters = PerMessageDeflateParameters(
            serverNoContextTakeover: true, clientNoContextTakeover: false, serverMaxWindowBits: 9, clientMaxWindowBits: 12
        )
        let server = PerMessageDeflateContext(parameters: parameters, role: .server, options: .init())
        let client = PerMessageDeflateContext(parameters: parameters, role: .client, options: .init())
        #expect((server.outgoingWindowBits, server.outgoingContextTakeover, server.incomingWindowBits, server.incomingContextTakeover) == (9, false, 12, true))
        #expect((client.outgoingWindowBits, client.outgoingContextTakeover, client.incomingWindowBits, client.incomingContextTakeover) == (12, true, 9, false))
    }

    @Test func anIdleConnectionHoldsNoZlibMemory() throws {
        let connection = try Connection(clientOptions: .init(serverNoContextTakeover: false, requestClientNoContextTakeover: false))
        #expect(connection.server.retainedMemoryBytes == 0)
        #expect(connection.client.retainedMemoryBytes == 0)
    }

    @Test func serverConnectionsShareTheThreadsDeflater() throws {
        let pool = PerMessageDeflateSharedDeflaters(options: .init())
        let first = try Connection(sharedDeflaters: pool)
        let second = try Connection(sharedDeflaters: pool)
        for connection in [first, second] {
            let payload = Self.send(Self.messages[3], from: connection.server)
            Self.expectReceived(Self.receive(payload, by: connection.client), Self.messages[3])
            #expect(connection.server.retainedMemoryBytes == 0)
        }
        #expect(pool.retainedMemoryBytes == MessageDeflater.memoryCostBytes(windowBits: 15, memoryLevel: 8))
    }

    @Test func aSmallerAgreedWindowGetsItsOwnSharedDeflater() throws {
        let pool = PerMessageDeflateSharedDeflaters(options: .init())
        let connection = try Connection(offer: "permessage-deflate; server_max_window_bits=9", sharedDeflaters: pool)
        #expect(connection.server.outgoingWindowBits == 9)
        _ = Self.send(Self.messages[2], from: connection.server)
        #expect(pool.retainedMemoryBytes == MessageDeflater.memoryCostBytes(windowBits: 9, memoryLevel: 8))
        #expect(pool.deflater(windowBits: 9).windowBits == 9)
    }

    @Test func anEightBitWindowIsHonouredEndToEnd() throws {
        // zlib cannot deflate with 8 bits; the deflater runs at 9, whose matches still fit 256 bytes.
        let connection = try Connection(offer: "permessage-deflate; server_max_window_bits=8", sharedDeflaters: .init(options: .init()))
        let inflater = MessageInflater(windowBits: 8, contextTakeover: false)
        var message: [UInt8] = []
        for index in 0..<2_000 { message += Array("item \(index % 37) at \(index % 300);".utf8) }
        var output: [UInt8] = []
        let payload = Self.send(message, from: connection.server)
        #expect(payload.withUnsafeBytes { inflater.decompress($0, isFinal: true, maxMessageBytes: .max, appendingTo: &output) } == .ok)
        Self.expectReceived((.ok, output), message)
    }

    @Test func withoutTheClientsContextTheServerReleasesItsInflaterAfterEachMessage() throws {
        let connection = try Connection()
        #expect(connection.server.incomingContextTakeover == false)
        let payload = Self.send(Self.messages[4], from: connection.client)
        var message: [UInt8] = []
        let half = payload.count / 2
        _ = payload[..<half].withUnsafeBytes { connection.server.decompress($0, isFinal: false, maxMessageBytes: .max, appendingTo: &message) }
        #expect(connection.server.retainedMemoryBytes == MessageInflater.memoryCostBytes(windowBits: 12))
        _ = payload[half...].withUnsafeBytes { connection.server.decompress($0, isFinal: true, maxMessageBytes: .max, appendingTo: &message) }
        Self.expectReceived((.ok, message), Self.messages[4])
        #expect(connection.server.retainedMemoryBytes == 0)
    }

    @Test func withTheClientsContextTheServerKeepsItsInflater() throws {
        let connection = try Connection(clientOptions: .init(requestClientNoContextTakeover: false))
        #expect(connection.server.incomingContextTakeover)
        for message in Self.messages {
            Self.expectReceived(Self.receive(Self.send(message, from: connection.client), by: connection.server), message)
        }
        #expect(connection.server.retainedMemoryBytes == MessageInflater.memoryCostBytes(windowBits: 12))
        #expect(connection.client.retainedMemoryBytes == MessageDeflater.memoryCostBytes(windowBits: 12, memoryLevel: 8))
    }

    @Test func aServerWithoutASharedPoolKeepsItsOwnDeflater() throws {
        let connection = try Connection()
        _ = Self.send(Self.messages[1], from: connection.server)
        #expect(connection.server.retainedMemoryBytes == MessageDeflater.memoryCostBytes(windowBits: 15, memoryLevel: 8))
    }

    @Test func anOversizedMessageStopsAtTheCapAndReleasesTheInflater() throws {
        let connection = try Connection(clientOptions: .init(requestClientNoContextTakeover: false))
        let message = [UInt8](repeating: 7, count: 100_000)
        let (outcome, received) = Self.receive(Self.send(message, from: connection.client), by: connection.server, maxMessageBytes: 65_536)
        #expect(outcome == .messageTooLarge)
        #expect(received.count == 65_536)
        #expect(connection.server.retainedMemoryBytes == 0)
    }

    @Test func theRFCSharedWindowExampleDecodesThroughAClientContext() throws {
        // A server that keeps its context (RFC 7692 §7.2.3.2).
        let parameters = try PerMessageDeflateNegotiation.clientAccept(responseHeaderValue: "permessage-deflate", options: .init()).get()
        let client = PerMessageDeflateContext(parameters: parameters, role: .client, options: .init())
        #expect(Self.receive([0xF2, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00], by: client, fragmentBytes: 3) == (.ok, Array("Hello".utf8)))
        #expect(Self.receive([0xF2, 0x00, 0x11, 0x00, 0x00], by: client) == (.ok, Array("Hello".utf8)))
    }

    @Test func smallMessagesAreNotWorthCompressing() {
        let context = PerMessageDeflateContext(parameters: .init(), role: .server, options: .init(minimumMessageBytesToCompress: 128))
        #expect(!context.shouldCompress(messageBytes: 127))
        #expect(context.shouldCompress(messageBytes: 128))
    }
}
