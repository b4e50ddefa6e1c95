import Foundation
import Testing
@testable import Protocol

// Shared helpers: parsing from text, reading the spec and example files next to the sources.

/// Parses `text` with the default limits (or `limits`).
func parse(_ text: String, limits: JSONParser.Limits = .default) -> Result<JSONValue, JSONParseError> {
    JSONParser.parse(text, limits: limits)
}

/// Parses raw bytes.
func parse(bytes: [UInt8], limits: JSONParser.Limits = .default) -> Result<JSONValue, JSONParseError> {
    JSONParser.parse(bytes, limits: limits)
}

/// The parsed value, or `nil` when parsing failed.
func value(_ text: String) -> JSONValue? {
    try? parse(text).get()
}

/// The error, or `nil` when parsing succeeded.
func parseError(_ text: String, limits: JSONParser.Limits = .default) -> JSONParseError? {
    if case .failure(let error) = parse(text, limits: limits) { return error }
    return nil
}

/// Text of the compact encoding.
func text(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// Decodes a client message from text.
func decodeClient(_ text: String, limits: SessionLimits = .defaults) -> Result<(cid: Int?, message: ClientMessage), ProtocolError> {
    ClientMessage.decode(Array(text.utf8), limits: limits)
}

/// The error a client message decodes to, or `nil` when it decodes.
func clientError(_ text: String, limits: SessionLimits = .defaults) -> ProtocolError? {
    if case .failure(let error) = decodeClient(text, limits: limits) { return error }
    return nil
}

/// The directory `Protocol/` (the spec, examples and sources live under it).
let protocolDirectory: String = {
    // #filePath is .../Protocol/Tests/ProtocolTests/TestSupport.swift
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()

/// Reads a UTF-8 text file; traps with the path when it cannot (a missing spec is a test failure anyway).
func readTextFile(_ path: String) -> String {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fatalError("cannot read \(path)") }
    return text
}

/// The names of the files in `directory` ending in `suffix`, sorted.
func files(in directory: String, endingWith suffix: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(suffix) }.sorted()
}
