import Client
import Glibc
import Foundation
import Protocol
import Testing

/// Two real nodes logging everything they log (JSON, trace level): a cluster handshake, a guest
/// login, a resume with the token on the other node, admin requests with right and wrong tokens,
/// and a clean leave. No secret and no token may appear in anything they printed.
@Suite(.serialized) struct SecretsStayOutOfLogsTests {
    @Test func noSecretOrTokenAppearsInTheLogs() throws {
        let secretFile = makeSecretFile()
        let clusterSecret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let adminToken = "admin-\(UUID().uuidString)"
        let adminTokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("roost-admin-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: adminTokenFile, contents: Data((adminToken + "\n").utf8))
        let logging = ["--log-format", "json", "--log-level", "trace", "--admin-token-file", adminTokenFile]

        let first = try NodeProcess("n1", seeds: [], secretFile: secretFile, extra: logging)
        let second = try NodeProcess("n2", seeds: [first.clusterAddress], secretFile: secretFile, extra: logging)
        defer { first.stop(); second.stop() }
        try #require(eventually { first.members() == ["n2"] && second.members() == ["n1"] }, "the cluster did not form")

        let ada = try BlockingRoostClient(first.url)
        try ada.hello()
        try ada.login(name: "Ada")
        let playerToken = try #require(ada.token)
        // The token crosses to the other node and is checked there.
        let again = try BlockingRoostClient(second.url)
        _ = try again.hello(token: playerToken)
        #expect(adminStatus(second, "Bearer \(adminToken)") == 200)
        #expect(adminStatus(second, "Bearer \(adminToken)x") == 401)
        ada.close()
        again.close()
        second.stop()
        first.stop()

        let output = first.output + second.output
        // The logs said something: JSON lines about the handshake and membership.
        #expect(output.contains(#""event":"member_joined""#))
        #expect(output.contains(#""event":"link_up""#))
        #expect(output.contains(#""event":"listening""#))
        for line in output.split(separator: "\n") where line.hasPrefix("{") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line)")
        }
        for (what, secret) in [
            ("cluster secret", clusterSecret), ("cluster secret (upper case)", clusterSecret.uppercased()),
            ("player token", playerToken), ("admin token", adminToken),
        ] {
            #expect(!output.contains(secret), "the \(what) appears in the logs")
        }
        // Nor does the signature part of the player token alone.
        if let signature = playerToken.split(separator: ".").last, signature.count >= 16 {
            #expect(!output.contains(signature))
        }
    }

    private func adminStatus(_ node: NodeProcess, _ authorization: String) -> Int? {
        httpStatus(port: node.httpPort, path: "/admin/api/cluster", authorization: authorization)
    }
}

/// The status code of a GET with an `Authorization` header.
func httpStatus(port: Int, path: String, authorization: String) -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 3, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return nil }
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: \(authorization)\r\nConnection: close\r\n\r\n".utf8)
    guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else { return nil }
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    guard count > 12 else { return nil }
    return Int(String(decoding: buffer[9..<12], as: UTF8.self))
}
