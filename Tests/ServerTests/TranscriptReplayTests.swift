import Client
import Foundation
import Protocol
import Testing

/// Replays every `Protocol/examples/*.jsonl` against a live node: the spec's examples are what the
/// server really does.
@Suite(.serialized) struct TranscriptReplayTests {
    static let examples: [String] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Protocol/examples").standardized.path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { directory + "/" + $0 }
    }()

    @Test func everyExampleIsFound() {
        #expect(Self.examples.count >= 7)
    }

    @Test(arguments: examples) func exampleReplaysAgainstALiveServer(path: String) throws {
        let transcript = try Transcript.parse(String(contentsOfFile: path, encoding: .utf8)).get()
        try withNode { node in
            var replay = TranscriptReplay(transcript)
            var connections: [String: BlockingRoostClient] = [:]
            loop: while true {
                switch replay.next() {
                case .connect(let name):
                    connections[name] = try BlockingRoostClient(node.url)
                case .send(let name, let bytes):
                    connections[name]!.sendRaw(String(decoding: bytes, as: UTF8.self))
                case .drop(let name):
                    connections.removeValue(forKey: name)?.drop()
                case .close(let name):
                    connections.removeValue(forKey: name)?.close()
                case .awaitMessage(let name, let line):
                    switch connections[name]!.next(timeout: .seconds(5)) {
                    case .message(let message)?: replay.received(message.json, on: name)
                    case .undecodable(let text, _)?: replay.received(Array(text.utf8), on: name)
                    case .closed(let close)?: replay.receivedClose(code: close.code, on: name)
                    case nil:
                        Issue.record("\(path) line \(line): nothing arrived on \(name)")
                        break loop
                    }
                case .awaitClose(let name, let line):
                    let client = connections[name]!
                    var code: UInt16?? = nil
                    while code == nil {
                        switch client.next(timeout: .seconds(5)) {
                        case .closed(let close)?: code = .some(close.code)
                        case .message?, .undecodable?: continue
                        case nil:
                            Issue.record("\(path) line \(line): \(name) was not closed")
                            break loop
                        }
                    }
                    replay.receivedClose(code: code!, on: name)
                case .finished:
                    break loop
                case .failed(let failure):
                    Issue.record("\(URL(fileURLWithPath: path).lastPathComponent): \(failure)")
                    break loop
                }
            }
        }
    }
}
