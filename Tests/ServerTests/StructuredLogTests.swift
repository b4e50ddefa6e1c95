import Cluster
import Foundation
import Logging
import Membership
import Testing

@testable import Server

/// The log handler's lines: one per event, JSON that parses whatever the strings hold, text that
/// stays one line, levels filtered, the node named on every line.
@Suite struct StructuredLogTests {
    @Test func jsonLinesCarryTimeLevelMessageAndSortedFields() throws {
        let line = LogLineFormatter.json(
            level: .warning, message: "n2 declared dead", metadata: ["node": "n1", "event": "member_declared_dead"],
            timestamp: "2026-11-27T14:00:00.000Z")
        #expect(line == #"{"ts":"2026-11-27T14:00:00.000Z","level":"warning","msg":"n2 declared dead","event":"member_declared_dead","node":"n1"}"# + "\n")
    }

    @Test func jsonStringsEscapeQuotesBackslashesAndControlCharacters() throws {
        let hostile = "a\"b\\c\nd\re\tf\u{01}g\u{7F}h"
        let line = LogLineFormatter.json(
            level: .info, message: hostile, metadata: ["peer": .string(hostile), "list": ["x", "y"], "map": ["k": "v"]],
            timestamp: "t")
        #expect(line.filter { $0 == "\n" }.count == 1, "one line")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == hostile)
        #expect(object["peer"] as? String == hostile)
        #expect(object["list"] as? [String] == ["x", "y"])
        #expect((object["map"] as? [String: String]) == ["k": "v"])
    }

    @Test func textLinesNameTheComponentAndWarningsAndStayOneLine() {
        #expect(LogLineFormatter.text(level: .info, message: "n2 joined", metadata: ["component": "cluster"])
            == "roost cluster: n2 joined\n")
        #expect(LogLineFormatter.text(level: .warning, message: "n2 declared dead", metadata: ["component": "cluster"])
            == "roost cluster: warning: n2 declared dead\n")
        #expect(LogLineFormatter.text(level: .error, message: "forged\nroost serve: fake", metadata: [:])
            == "roost: error: forged?roost serve: fake\n")
    }

    @Test func theLoggerWritesOnlyAtOrAboveItsLevelAndNamesTheNode() throws {
        let (sink, lines) = LogSink.memory()
        let logger = RoostLogHandler.logger(node: "n7", format: .json, level: .info, sink: sink)
        logger.debug("not written")
        logger.info("written", metadata: ["event": "test"])
        #expect(lines.all.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: Any])
        #expect(object["node"] as? String == "n7")
        #expect(object["level"] as? String == "info")
        #expect(object["event"] as? String == "test")
        #expect((object["ts"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func clusterEventsBecomeLinesWithAnEventNameAndFields() throws {
        let (sink, lines) = LogSink.memory()
        let logger = RoostLogHandler.logger(node: "n1", format: .json, level: .info, sink: sink)
        let member = Member(
            node: NodeID(name: "n2", address: "127.0.0.1:7947"), status: .dead, incarnation: Incarnation(generation: 42))
        ClusterNodeLogEvent.declaredDead(member).log(to: logger)
        ClusterLinkLogEvent.connectFailed(target: "127.0.0.1:1", error: "connection refused").log(to: logger)
        let objects = try lines.all.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.count == 2)
        #expect(objects[0]["event"] as? String == "member_declared_dead")
        #expect(objects[0]["level"] as? String == "warning")
        #expect(objects[0]["member"] as? String == "n2")
        #expect(objects[0]["generation"] as? String == "42")
        #expect(objects[0]["component"] as? String == "cluster")
        #expect(objects[1]["event"] as? String == "dial_failed")
        #expect(objects[1]["component"] as? String == "link")
    }
}
