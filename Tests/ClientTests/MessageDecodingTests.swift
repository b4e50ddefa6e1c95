import Client
import Protocol
import Testing

/// Reading what a server sends: good messages, and bad ones that must never crash a client.
struct MessageDecodingTests {
    @Test func sequencedMessageKeepsItsSeqTypeAndJSON() throws {
        let event = ClientEvent.decoding(#"{"t":"ok","seq":2,"cid":4,"extra":true}"#)
        let message = try #require(event.message)
        #expect(message.seq == 2)
        #expect(message.type == "ok")
        #expect(message.cid == 4)
        #expect(message.json["extra"] == .bool(true))
    }

    @Test func errorMessageExposesItsError() throws {
        let text = #"{"t":"error","seq":14,"cid":9,"code":"not_your_turn","message":"wait for your turn"}"#
        let message = try #require(ClientEvent.decoding(text).message)
        #expect(message.error?.code == .notYourTurn)
    }

    @Test func malformedJSONBecomesUndecodableWithBadJSON() {
        guard case .undecodable(let text, let error) = ClientEvent.decoding(#"{"t":"ok","seq":"#) else {
            Issue.record("expected undecodable")
            return
        }
        #expect(text == #"{"t":"ok","seq":"#)
        #expect(error.code == .badJSON)
    }

    @Test func nonObjectJSONIsUndecodable() {
        for text in ["[1,2]", "42", "\"welcome\"", "null", ""] {
            guard case .undecodable(_, let error) = ClientEvent.decoding(text) else {
                Issue.record("accepted \(text)")
                continue
            }
            #expect(error.code == .badJSON)
        }
    }

    @Test func unknownTypeIsUndecodableSoClientsCanSkipIt() {
        guard case .undecodable(_, let error) = ClientEvent.decoding(#"{"t":"game.replay","seq":3}"#) else {
            Issue.record("expected undecodable")
            return
        }
        #expect(error.code == .unknownType)
    }

    @Test func missingRequiredFieldIsUndecodableNamingTheField() {
        guard case .undecodable(_, let error) = ClientEvent.decoding(#"{"t":"login.ok","seq":1,"player":{"id":"p","name":"A"}}"#)
        else {
            Issue.record("expected undecodable")
            return
        }
        #expect(error.code == .badField)
        #expect(error.field == "token")
    }

    @Test func messageOverTheReadLimitIsUndecodable() {
        let text = #"{"t":"ok","seq":1,"cid":1}"#
        var copy = text
        let event = copy.withUTF8 { ClientEvent.decoding(UnsafeRawBufferPointer($0), maxBytes: 10) }
        guard case .undecodable = event else {
            Issue.record("expected undecodable")
            return
        }
    }

    @Test func everyPrefixOfAValidMessageDecodesWithoutTrapping() {
        let text = Array(#"{"t":"game.update","seq":10,"game":"g-n1-2a","u":{"k":"placed","seat":0,"column":3,"row":0}}"#.utf8)
        for end in 0...text.count {
            let prefix = Array(text[..<end])
            let event = prefix.withUnsafeBytes { ClientEvent.decoding($0, maxBytes: 1 << 20) }
            if end == text.count {
                #expect(event.message?.type == "game.update")
            } else if case .message = event {
                Issue.record("a truncated message decoded at \(end)")
            }
        }
    }

    @Test func invalidUTF8AndControlBytesAreUndecodable() {
        let bytes: [UInt8] = [0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]
        let event = bytes.withUnsafeBytes { ClientEvent.decoding($0, maxBytes: 100) }
        guard case .undecodable(_, let error) = event else {
            Issue.record("expected undecodable")
            return
        }
        #expect(error.code == .badJSON)
    }
}
