import Glibc
import Testing
import Reactor

@Suite struct SocketTests {
    @Test(arguments: ["127.0.0.1", "::1"])
    func listenerAcceptsAConnectionAndBytesFlowBothWays(host: String) throws {
        let listener = try TCPListener(address: SocketAddress(host: host, port: 0))
        defer { listener.close() }
        #expect(listener.localAddress.port > 0)
        let (client, _) = try TCPSocket.connect(to: listener.localAddress)
        defer { client.close() }
        var accepted: TCPSocket?
        for _ in 0..<1000 {
            if case .connection(let socket, let peer) = listener.accept() {
                accepted = socket
                #expect(peer.host == host)
                break
            }
            usleep(1_000)
        }
        let server = try #require(accepted)
        defer { server.close() }
        var connectDone = false
        for _ in 0..<1000 where !connectDone {
            connectDone = client.finishConnect() == nil
            usleep(1_000)
        }
        let message: [UInt8] = Array("hello".utf8)
        #expect(message.withUnsafeBytes { client.write($0) } == .bytes(5))
        var buffer = [UInt8](repeating: 0, count: 16)
        var outcome = IOOutcome.wouldBlock
        for _ in 0..<1000 {
            outcome = buffer.withUnsafeMutableBytes { server.read(into: $0) }
            if outcome != .wouldBlock { break }
            usleep(1_000)
        }
        #expect(outcome == .bytes(5))
        #expect(Array(buffer[..<5]) == message)
        client.close()
        for _ in 0..<1000 {
            outcome = buffer.withUnsafeMutableBytes { server.read(into: $0) }
            if outcome != .wouldBlock { break }
            usleep(1_000)
        }
        #expect(outcome == .endOfFile)
    }

    @Test func addressesParseAndPrint() throws {
        #expect(try SocketAddress(host: "127.0.0.1", port: 80).description == "127.0.0.1:80")
        #expect(try SocketAddress(host: "::1", port: 443).description == "[::1]:443")
        #expect(try SocketAddress(host: "[::1]", port: 443).port == 443)
        #expect(throws: SystemError.self) { try SocketAddress(host: "127.0.0.1", port: 70000) }
        #expect(throws: SystemError.self) { try SocketAddress(host: "no such host.invalid", port: 1) }
    }

    @Test func reusePortLetsTwoListenersShareAnAddress() throws {
        let first = try TCPListener(address: SocketAddress(host: "127.0.0.1", port: 0))
        defer { first.close() }
        let second = try TCPListener(address: first.localAddress)
        defer { second.close() }
        #expect(second.localAddress.port == first.localAddress.port)
    }
}
