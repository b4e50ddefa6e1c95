@testable import ClusterWire
import Testing

/// The pieces under the handshake: the MAC input, messages, keyring, ledger.
@Suite struct ClusterHandshakePartsTests {
    static let vectorTranscript = ClusterHandshakeTranscript(
        hello: ClusterHello(
            keyID: "k1", clusterName: "roost", initiatorName: "a", expectedAcceptorName: "b",
            initiatorAddress: "10.0.0.1:7946", instanceID: 1, nonce: ClusterNonce(bytes: [UInt8](repeating: 1, count: 32))),
        challenge: ClusterChallenge(
            acceptorName: "b", acceptorAddress: "10.0.0.2:7946", instanceID: 2,
            nonce: ClusterNonce(bytes: [UInt8](repeating: 2, count: 32)), mac: [UInt8](repeating: 0, count: 32)))

    /// Pins the MAC input and the MACs (computed independently with Python's hmac
    /// module); ClusterTests checks OpenSSL's HMAC gives the same.
    @Test func transcriptMatchesTheDocumentedVector() {
        let transcript = Self.vectorTranscript
        #expect(hex(transcript.macInput(author: .acceptor)) == "726f6f73742d636c75737465722d68616e647368616b652d76310041026b3105726f6f7374016101620d31302e302e302e313a373934360d31302e302e302e323a373934360000000000000001000000000000000201010101010101010101010101010101010101010101010101010101010101010202020202020202020202020202020202020202020202020202020202020202")
        let crypto = ClusterHandshakeCrypto.forTests(seed: 1)
        let secret = [UInt8](repeating: 0xA1, count: 32)
        #expect(hex(transcript.mac(author: .acceptor, secret: secret, crypto: crypto)) == "da15fd415b6687bb6be9f7f9a2c20c630f0157726645770fc524184a48d2a462")
        #expect(hex(transcript.mac(author: .initiator, secret: secret, crypto: crypto)) == "17b5d116c0be8040dd85c00f9df96784d17567ebe446de81c5594f1d5eb2d816")
    }

    @Test func helloHasTheDocumentedLayoutAndParsesBack() throws {
        let hello = ClusterHello(
            keyID: "k1", clusterName: "roost", initiatorName: "a", expectedAcceptorName: "",
            initiatorAddress: "h:1", instanceID: 0x0102030405060708, nonce: ClusterNonce(bytes: [UInt8](repeating: 9, count: 32)))
        let payload = hello.payload
        #expect(Array(payload.prefix(22)) == [2, 0x6B, 0x31, 5, 0x72, 0x6F, 0x6F, 0x73, 0x74, 1, 0x61, 0, 3, 0x68, 0x3A, 0x31, 1, 2, 3, 4, 5, 6])
        #expect(payload.count == 3 + 6 + 2 + 1 + 4 + 8 + 32)
        #expect(try payload.withUnsafeBytes { try ClusterHello.parse($0) } == hello)
    }

    @Test func challengeAndProofParseBackAndRefuseBadLengths() throws {
        let challenge = ClusterChallenge(acceptorName: "b", acceptorAddress: "", instanceID: 5, nonce: ClusterNonce(bytes: [UInt8](repeating: 3, count: 32)), mac: [UInt8](repeating: 4, count: 32))
        #expect(try challenge.payload.withUnsafeBytes { try ClusterChallenge.parse($0) } == challenge)
        #expect(throws: ClusterWireReader.Failure(field: "mac", problem: "is cut short (31 of 32 bytes)")) {
            try Array(challenge.payload.dropLast()).withUnsafeBytes { try ClusterChallenge.parse($0) }
        }
        #expect(throws: ClusterWireReader.Failure(field: "end", problem: "1 unexpected trailing bytes")) {
            try ([UInt8](repeating: 1, count: 33)).withUnsafeBytes { try ClusterProof.parse($0) }
        }
    }

    @Test func nonceRoundTripsItsBytes() {
        let bytes = (0..<32).map { UInt8($0 * 7) }
        #expect(ClusterNonce(bytes: bytes).bytes == bytes)
        #expect(ClusterNonce(bytes: bytes) != ClusterNonce(bytes: bytes.reversed()))
    }

    @Test func namesRefuseControlCharactersSpacesAndLength() {
        #expect(ClusterNames.isValidName("node-1.eu_west".utf8))
        #expect(!ClusterNames.isValidName("".utf8))
        #expect(!ClusterNames.isValidName("a b".utf8))
        #expect(!ClusterNames.isValidName("a\nb".utf8))
        #expect(!ClusterNames.isValidName(String(repeating: "x", count: 65).utf8))
        #expect(ClusterNames.isValidAddress("[::1]:7946".utf8))
        #expect(ClusterNames.isValidAddress("".utf8))
        #expect(!ClusterNames.isValidAddress("host :1".utf8))
    }

    @Test func keyringRefusesShortSecretsAndMissingCurrentKey() {
        #expect(throws: ClusterKeyringError.secretTooShort(keyID: "k1", bytes: 16)) { try ClusterKeyring(secret: [UInt8](repeating: 1, count: 16)) }
        #expect(throws: ClusterKeyringError.currentKeyMissing(keyID: "k9")) { try ClusterKeyring(keys: ["k1": secretA], currentKeyID: "k9") }
        #expect(throws: ClusterKeyringError.invalidKeyID("k 1")) { try ClusterKeyring(keys: ["k 1": secretA], currentKeyID: "k 1") }
    }

    @Test func keyringNeverShowsItsSecrets() throws {
        let keyring = try ClusterKeyring(keys: ["old": secretA, "new": secretB], currentKeyID: "new")
        var dumped = ""
        dump(keyring, to: &dumped)
        for text in [keyring.description, dumped, String(reflecting: keyring)] {
            #expect(text.contains("new"))
            #expect(!text.contains("161"), "secret byte 0xA1 = 161 shown: \(text)")
            #expect(!text.contains("178"), "secret byte 0xB2 = 178 shown: \(text)")
        }
    }

    @Test func ledgerTellsReplaysFromReflectionsAndForgetsTheOldest() {
        let ledger = ClusterNonceLedger(capacity: 2)
        let n1 = ClusterNonce(bytes: [UInt8](repeating: 1, count: 32))
        let n2 = ClusterNonce(bytes: [UInt8](repeating: 2, count: 32))
        let n3 = ClusterNonce(bytes: [UInt8](repeating: 3, count: 32))
        ledger.recordOwn(n1)
        #expect(ledger.recordPeer(n1) == .reflected)
        #expect(ledger.recordPeer(n2) == .fresh)
        #expect(ledger.recordPeer(n2) == .replayed)
        #expect(ledger.recordPeer(n3) == .fresh)  // evicts n1
        #expect(ledger.count == 2)
        #expect(ledger.recordPeer(n1) == .fresh)  // forgotten; evicts n2
        #expect(ledger.recordPeer(n3) == .replayed)
    }

    @Test func closeReasonsParseOnlyOneByte() {
        #expect([UInt8]([6]).withUnsafeBytes { ClusterCloseReason.parse($0) } == .authenticationFailed)
        #expect([UInt8]([]).withUnsafeBytes { ClusterCloseReason.parse($0) } == nil)
        #expect(ClusterCloseReason(rawValue: 200).description == "reason 200")
    }
}
