// Throwaway certificates for the mutual-TLS tests, made with the openssl CLI
// (as ReactorTests' TLSTestPKI does).
import Foundation

/// A fresh PKI in a temporary directory, removed on deinit:
/// - `ca`: the cluster CA; `node`: a node certificate it signed, usable as
///   server and client (both key usages), for IP 127.0.0.1;
/// - `otherCA` and `stranger`: an unrelated CA and a node certificate from it.
final class ClusterTestPKI {
    struct SetupError: Error, CustomStringConvertible { let description: String }

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("roost-cluster-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try makeRoot("ca", subject: "/CN=Roost Cluster Test CA")
        try makeRoot("other-ca", subject: "/CN=Unrelated Test CA")
        try makeLeaf("node", issuer: "ca")
        try makeLeaf("stranger", issuer: "other-ca")
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func makeRoot(_ name: String, subject: String) throws {
        try runOpenSSL([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", subject,
        ])
    }

    private func makeLeaf(_ name: String, issuer: String) throws {
        try runOpenSSL([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", "/O=Roost/CN=\(name)",
            "-CA", path("\(issuer).pem"), "-CAkey", path("\(issuer).key"),
            "-addext", "basicConstraints=critical,CA:FALSE",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-addext", "extendedKeyUsage=serverAuth,clientAuth",
        ])
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
            throw SetupError(description: "openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(String(decoding: output, as: UTF8.self))")
        }
    }
}
