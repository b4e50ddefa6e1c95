import Testing
@testable import Protocol

/// The spec (Protocol/README.md) and the code agree: every `json` example decodes, and encodes back
/// to the same JSON; every message type has an example; the error and close code tables list
/// exactly what the code defines.
@Suite struct SpecExamplesTests {
    /// One fenced block of the README: its language tag, its text, and the section it sits in.
    struct Block {
        var language: String
        var text: String
        var section: String
        var line: Int
    }

    static let readme = readTextFile(protocolDirectory + "/README.md")

    static let blocks: [Block] = {
        var blocks: [Block] = []
        var section = ""
        var current: Block? = nil
        for (index, line) in readme.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if var block = current {
                if line.hasPrefix("```") {
                    blocks.append(block)
                    current = nil
                } else {
                    block.text += line + "\n"
                    current = block
                }
            } else if line.hasPrefix("```") {
                current = Block(language: String(line.dropFirst(3)), text: "", section: section, line: index + 1)
            } else if line.hasPrefix("## ") {
                section = String(line.dropFirst(3))
            }
        }
        return blocks
    }()

    static var jsonBlocks: [Block] { blocks.filter { $0.language == "json" } }

    enum Direction { case client, server }

    /// Client or server: by type where only one side uses it, else by the section (`chat`).
    static func direction(of block: Block, type: String) -> Direction {
        let client = ClientMessage.MessageType.all.contains(type)
        let server = ServerMessage.MessageType.all.contains(type)
        if client && !server { return .client }
        if server && !client { return .server }
        return block.section.contains("Server messages") ? .server : .client
    }

    @Test func readmeHasJSONExamples() {
        #expect(Self.jsonBlocks.count >= 30)
    }

    @Test(arguments: jsonBlocks.indices)
    func everyJSONExampleIsAMessageThatRoundTrips(_ index: Int) throws {
        let block = Self.jsonBlocks[index]
        let example = try parse(block.text).get()
        let object = try #require(example.objectValue, "README line \(block.line): not an object")
        let type = try #require(object["t"]?.stringValue, "README line \(block.line): no t")
        switch Self.direction(of: block, type: type) {
        case .client:
            let (cid, message) = try ClientMessage.decode(object).get()
            let encoded = try parse(bytes: message.encode(cid: cid)).get()
            #expect(encoded == example, "README line \(block.line): encodes as \(encoded)")
        case .server:
            let (seq, message) = try ServerMessage.decode(object).get()
            let encoded = try parse(bytes: message.encode(seq: seq)).get()
            #expect(encoded == example, "README line \(block.line): encodes as \(encoded)")
            #expect((seq != nil) == message.isSequenced, "README line \(block.line): seq present iff sequenced")
        }
    }

    @Test func everyMessageTypeHasAnExample() throws {
        var clientTypes: Set<String> = []
        var serverTypes: Set<String> = []
        for block in Self.jsonBlocks {
            guard let type = try parse(block.text).get()["t"]?.stringValue else { continue }
            switch Self.direction(of: block, type: type) {
            case .client: clientTypes.insert(type)
            case .server: serverTypes.insert(type)
            }
        }
        #expect(clientTypes == Set(ClientMessage.MessageType.all))
        #expect(serverTypes == Set(ServerMessage.MessageType.all))
    }

    @Test func everyTransportExampleLineIsJSON() throws {
        for block in Self.blocks where block.language == "jsonl" {
            for line in block.text.split(separator: "\n") {
                #expect(throws: Never.self) { try parse(String(line)).get() }
            }
            #expect(throws: Never.self) { try Transcript.parse(block.text).get() }
        }
    }

    /// The first cell of each table row, when it is one code span: `| \`name\` | ...`.
    static func firstCells(under heading: String) -> [String] {
        guard let start = readme.range(of: heading) else { return [] }
        var cells: [String] = []
        for line in readme[start.upperBound...].split(separator: "\n").dropFirst() {
            if line.hasPrefix("## ") { break }
            guard line.hasPrefix("| ") else { continue }
            let cell = line.dropFirst(2).prefix { $0 != "|" }.trimmingCharacters(in: " ")
            cells.append(cell)
        }
        return cells
    }

    @Test func errorTableListsEveryCodeTheModuleDefines() {
        let documented = Self.firstCells(under: "## 7. Errors").filter { $0.hasPrefix("`") }.map { $0.trimmingCharacters(in: "`") }
        #expect(documented == ErrorCode.all.map(\.rawValue))
    }

    @Test func closeCodeTableListsEveryCodeTheModuleDefines() {
        let cells = Self.firstCells(under: "## 8. Close codes")
        let documented = Set(cells.flatMap { $0.split(separator: ",") }.compactMap { UInt16($0.trimmingCharacters(in: " ")) })
        let defined: Set<UInt16> = [
            CloseCodes.helloRequired, CloseCodes.unsupportedVersion, CloseCodes.invalidToken, CloseCodes.sessionReplaced,
            CloseCodes.abuse, CloseCodes.normal, CloseCodes.goingAway, CloseCodes.protocolError, CloseCodes.unsupportedData,
            CloseCodes.invalidPayload, CloseCodes.policyViolation, CloseCodes.messageTooBig, CloseCodes.internalError,
            CloseCodes.serviceRestart, CloseCodes.tryAgainLater,
        ]
        #expect(defined.isSubset(of: documented))
        #expect(documented.filter { $0 >= 4000 } == defined.filter { $0 >= 4000 })
    }

    @Test func limitsTableStatesTheDefaults() {
        let limits = SessionLimits.defaults
        let rendered = String(decoding: ServerMessage.welcome(cid: nil, .init(session: "s", node: "n")).encode(seq: nil), as: UTF8.self)
        // Every member of welcome.limits is named in the limits table.
        for member in ["maxMessageBytes", "messagesPerSecond", "messageBurst", "bytesPerSecond", "chatMaxChars",
                       "chatPerSecond", "chatBurst", "resumeGraceMs", "replayMessages"] {
            #expect(rendered.contains("\"\(member)\""))
            #expect(Self.readme.contains("`\(member)`"), "\(member) is not in the README")
        }
        #expect(limits.maxMessageBytes == 65_536 && limits.messagesPerSecond == 20 && limits.messageBurst == 40)
        #expect(limits.chatMaxChars == 280 && limits.chatPerSecond == 1 && limits.resumeGraceMilliseconds == 30_000)
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}
