// Throwaway certificates for the TLS tests, made with the openssl CLI.
import Foundation
@testable import Reactor

/// A failure setting up a TLS test (not a failure of the code under test).
struct TLSTestSetupError: Error, CustomStringConvertible {
    let description: String
}

/// A fresh PKI in its own temporary directory, removed on deinit:
/// - `ca`: the trusted root;
/// - `server`: signed by `ca`, for DNS:localhost and IP:127.0.0.1;
/// - `client`: signed by `ca`, for client authentication;
/// - `otherCA` and `stranger`: an unrelated root and a client certificate it signed.
final class TLSTestPKI {
    let directory: URL

    init() throws {
        TLSGlobals.ignoreSIGPIPE()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("roost-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try makeRoot("ca", subject: "/CN=Roost Test CA")
        try makeRoot("other-ca", subject: "/CN=Unrelated Test CA")
        try makeLeaf(
            "server", subject: "/O=Roost/CN=localhost", issuer: "ca",
            extensions: ["subjectAltName=DNS:localhost,IP:127.0.0.1", "extendedKeyUsage=serverAuth"])
        try makeLeaf("client", subject: "/O=Roost/CN=roost-test-client", issuer: "ca", extensions: ["extendedKeyUsage=clientAuth"])
        try makeLeaf("stranger", subject: "/CN=stranger", issuer: "other-ca", extensions: ["extendedKeyUsage=clientAuth"])
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var caPath: String { path("ca.pem") }
    var otherCAPath: String { path("other-ca.pem") }
    var serverChainPath: String { path("server.pem") }
    var serverKeyPath: String { path("server.key") }
    var clientChainPath: String { path("client.pem") }
    var clientKeyPath: String { path("client.key") }
    var strangerChainPath: String { path("stranger.pem") }
    var strangerKeyPath: String { path("stranger.key") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A server context presenting `server`, optionally requiring client certificates from `ca`.
    func serverContext(requireClientCertificate: Bool = false, alpn: [String] = []) throws -> TLSContext {
        if requireClientCertificate {
            return try TLSContext.server(
                certificateChainPath: serverChainPath, privateKeyPath: serverKeyPath, clientTrustRootsPath: caPath, alpn: alpn)
        }
        return try TLSContext.server(certificateChainPath: serverChainPath, privateKeyPath: serverKeyPath, alpn: alpn)
    }

    /// A client context trusting `ca`.
    func clientContext(certificate: (chain: String, key: String)? = nil, alpn: [String] = []) throws -> TLSContext {
        try TLSContext.client(trustRootsPath: caPath, clientCertificate: certificate, alpn: alpn)
    }

    private func makeRoot(_ name: String, subject: String) throws {
        try runOpenSSL([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", subject,
        ])
    }

    private func makeLeaf(_ name: String, subject: String, issuer: String, extensions: [String]) throws {
        var arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", subject,
            "-CA", path("\(issuer).pem"), "-CAkey", path("\(issuer).key"),
            "-addext", "basicConstraints=critical,CA:FALSE",
        ]
        for item in extensions { arguments += ["-addext", item] }
        try runOpenSSL(arguments)
    }

    private func runOpenSSL(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TLSTestSetupError(
                description: "openssl \(arguments.prefix(2).joined(separator: " ")) exited with \(process.terminationStatus): "
                    + String(decoding: output, as: UTF8.self))
        }
    }
}
