import Testing
@testable import Identity

@Suite struct TokenSignerTests {
    @Test func issuedTokenVerifiesToTheSameIdentity() {
        let signer = signer()
        let token = signer.issue(for: ada, now: issueTime)
        #expect(signer.verify(token, now: issueTime) == .success(ada))
        let claims = try! signer.verifiedClaims(token, now: issueTime + 10).get()
        #expect(claims.keyID == "k1")
        #expect(claims.issuedAt == issueTime)
        #expect(claims.expiresAt == issueTime + 3600)
    }

    /// Pins the wire format so another implementation (or a later refactor)
    /// can check itself; computed independently with Python's hmac module.
    @Test func tokenMatchesAnIndependentlyComputedVector() {
        let key = (0..<32).map { UInt8($0) }
        let signer = signer(["2026a": key], current: "2026a", lifetime: .seconds(7 * 24 * 3600))
        let token = signer.issue(for: ada, now: issueTime)
        #expect(
            token
                == "djF8MjAyNmF8MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWZ8MTcwMDAwMDAwMHwxNzAwNjA0ODAwfEFkYSBMb3ZlbGFjZQ"
                + ".0oaJ2D84Evzwl3dKmvRvwGAq1N9SnZpzqb9zGqfSsVQ")
        let payload = "v1|2026a|0123456789abcdef0123456789abcdef|1700000000|1700604800|Ada Lovelace"
        #expect(payloadText(token) == payload)
    }

    @Test func tokenIsRefusedFromItsExpiryOn() {
        let signer = signer()
        let token = signer.issue(for: ada, now: issueTime)
        #expect(signer.verify(token, now: issueTime + 3599) == .success(ada))
        #expect(signer.verify(token, now: issueTime + 3600) == .failure(.expired))
        #expect(signer.verify(token, now: .max) == .failure(.expired))
    }

    @Test func editedClaimsWithTheOriginalSignatureAreRefused() {
        let signer = signer()
        let token = signer.issue(for: ada, now: issueTime)
        let mac = halves(token).mac
        for forged in [
            "v1|k1|0123456789abcdef0123456789abcdef|1700000000|9999999999|Ada Lovelace",  // longer life
            "v1|k1|0123456789abcdef0123456789abcdef|1700000000|1700003600|Admin",  // other name
            "v1|k1|ffffffffffffffffffffffffffffffff|1700000000|1700003600|Ada Lovelace",  // other player
        ] {
            let tampered = Base64URL.encode(Array(forged.utf8)) + "." + mac
            #expect(signer.verify(tampered, now: issueTime) == .failure(.badSignature), "\(forged)")
        }
    }

    @Test func changingAnyCharacterOfTheTokenMakesItFail() {
        let signer = signer()
        let token = signer.issue(for: ada, now: issueTime)
        let (payload, mac) = halves(token)
        for offset in 0..<payload.utf8.count {
            let tampered = replacingCharacter(in: payload, at: offset) + "." + mac
            guard case .failure = signer.verify(tampered, now: issueTime) else {
                Issue.record("payload changed at \(offset) still verifies")
                continue
            }
        }
        for offset in 0..<mac.utf8.count {
            let tampered = payload + "." + replacingCharacter(in: mac, at: offset)
            let result = signer.verify(tampered, now: issueTime)
            // The last character carries 2 unused bits: some changes there are non-canonical, hence malformed.
            #expect(result == .failure(.badSignature) || result == .failure(.malformed), "mac changed at \(offset)")
        }
    }

    @Test func tokenFromAnotherKeyIDIsUnknown() {
        let token = signer(["k1": secret(startingAt: 1)], current: "k1").issue(for: ada, now: issueTime)
        let other = signer(["k2": secret(startingAt: 1)], current: "k2")
        #expect(other.verify(token, now: issueTime) == .failure(.unknownKey))
    }

    @Test func tokenFromAnotherSecretUnderTheSameKeyIDIsBadlySigned() {
        let token = signer(["k1": secret(startingAt: 1)], current: "k1").issue(for: ada, now: issueTime)
        let other = signer(["k1": secret(startingAt: 100)], current: "k1")
        #expect(other.verify(token, now: issueTime) == .failure(.badSignature))
    }

    @Test func rotatedSignerVerifiesOldTokensAndSignsWithTheCurrentKey() {
        let old = signer(["2025": secret(startingAt: 1)], current: "2025")
        let oldToken = old.issue(for: ada, now: issueTime)
        let rotated = signer(["2025": secret(startingAt: 1), "2026": secret(startingAt: 50)], current: "2026")
        #expect(rotated.verify(oldToken, now: issueTime + 1) == .success(ada))

        let newToken = rotated.issue(for: ada, now: issueTime + 1)
        #expect(payloadText(newToken).hasPrefix("v1|2026|"))
        #expect(rotated.verify(newToken, now: issueTime + 1) == .success(ada))
        // A node that has not learned the new key yet cannot check new tokens...
        #expect(old.verify(newToken, now: issueTime + 1) == .failure(.unknownKey))
        // ...and once the old key is retired, its tokens stop working.
        let retired = signer(["2026": secret(startingAt: 50)], current: "2026")
        #expect(retired.verify(oldToken, now: issueTime + 1) == .failure(.unknownKey))
        #expect(retired.verify(newToken, now: issueTime + 1) == .success(ada))
    }

    @Test(arguments: [
        "", ".", "..", "abc", "abc.", ".abc", "a.b.c",
        // Padding, standard-alphabet characters, whitespace:
        "djF8azF8.AAAA=", "djF8azF8+.AAAA", "djF8azF8/.AAAA", " djF8azF8.AAAA",
        // Lone trailing character (length % 4 == 1):
        "djF8a.AAAA",
        // Valid base64url, but a MAC of the wrong length:
        "djF8azF8eA.AAAA",
    ])
    func malformedInputIsRefused(_ token: String) {
        #expect(signer().verify(token, now: issueTime) == .failure(.malformed))
    }

    @Test func payloadThatIsNotOursIsMalformed() {
        let signer = signer()
        let fakeMac = Base64URL.encode([UInt8](repeating: 7, count: 32))
        for payload in ["", "hello", "v2|k1|x|1|2|n", "v1", "v1|", "v1||x", "v1|k 1|x", "v1|k1"] {
            let token = Base64URL.encode(Array(payload.utf8)) + "." + fakeMac
            #expect(signer.verify(token, now: issueTime) == .failure(.malformed), "\(payload)")
        }
    }

    /// Only the version and key id are read before the MAC is checked.
    @Test func garbageAfterAKnownKeyIDIsRefusedByTheSignature() {
        let fakeMac = Base64URL.encode([UInt8](repeating: 7, count: 32))
        let token = Base64URL.encode(Array("v1|k1|\u{0}\u{FF}|||||".utf8)) + "." + fakeMac
        #expect(signer().verify(token, now: issueTime) == .failure(.badSignature))
    }

    /// A correctly signed payload that does not parse can only come from a
    /// signer bug or a leaked key; it is still refused.
    @Test func authenticButUnparseablePayloadIsMalformed() {
        let key = secret(startingAt: 1)
        for payload in [
            "v1|k1|0123|1700000000|1700000000|Ada",  // expires when issued
            "v1|k1|0123|01700000000|1800000000|Ada",  // leading zero
            "v1|k1|0123|-1|1800000000|Ada",  // sign
            "v1|k1|0123|1700000000|1800000000|",  // no nickname
            "v1|k1|01.3|1700000000|1800000000|Ada",  // bad player id
            "v1|k1|0123|1700000000|1800000000000000000000|Ada",  // too many digits
            "v1|k1|0123|1700000000",  // too few fields
        ] {
            let token = signedToken(payload: payload, secret: key)
            #expect(signer().verify(token, now: 0) == .failure(.malformed), "\(payload)")
        }
    }

    @Test func nicknameMayHoldSeparatorsBecauseItComesLast() {
        let token = signedToken(payload: "v1|k1|p1|1700000000|1800000000|a|b|c", secret: secret(startingAt: 1))
        #expect(signer().verify(token, now: issueTime) == .success(PlayerIdentity(playerID: "p1", nickname: "a|b|c")))
    }

    @Test func hugeInputIsRefusedWithoutScanningIt() {
        let signer = signer()
        let valid = signer.issue(for: ada, now: issueTime)
        let huge = valid + String(repeating: "A", count: 10_000_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(signer.verify(huge, now: issueTime) == .failure(.malformed))
        }
        #expect(elapsed < .milliseconds(250))  // scanning 10 MB in a debug build takes far longer
        let justOver = String(repeating: "A", count: TokenSigner.maxTokenBytes + 1)
        #expect(signer.verify(justOver, now: issueTime) == .failure(.malformed))
    }

    @Test func tokensStayWellUnderTheLengthLimit() {
        let longest = PlayerIdentity(
            playerID: String(repeating: "p", count: PlayerIdentity.maxPlayerIDBytes),
            nickname: String(repeating: "n", count: Nickname.maxCharacters))
        let keyID = String(repeating: "k", count: TokenSigner.maxKeyIDBytes)
        let token = signer([keyID: secret(startingAt: 1)], current: keyID).issue(for: longest, now: 1 << 40)
        #expect(token.utf8.count < TokenSigner.maxTokenBytes)
    }

    @Test func signerRefusesBadConfiguration() {
        let good = secret(startingAt: 1)
        #expect(throws: TokenSignerConfigurationError.secretTooShort(keyID: "k1", bytes: 31)) {
            try TokenSigner(keys: ["k1": Array(good.prefix(31))], currentKeyID: "k1")
        }
        #expect(throws: TokenSignerConfigurationError.currentKeyMissing(keyID: "k2")) {
            try TokenSigner(keys: ["k1": good], currentKeyID: "k2")
        }
        for keyID in ["", "k|1", "k.1", "ключ", String(repeating: "k", count: 33)] {
            #expect(throws: TokenSignerConfigurationError.invalidKeyID(keyID)) {
                try TokenSigner(keys: [keyID: good], currentKeyID: keyID)
            }
        }
        for lifetime in [Duration.zero, .milliseconds(999), .seconds(367 * 24 * 3600)] {
            #expect(throws: TokenSignerConfigurationError.lifetimeOutOfRange) {
                try TokenSigner(keys: ["k1": good], currentKeyID: "k1", lifetime: lifetime)
            }
        }
    }

    @Test func printingASignerShowsNoSecret() {
        let signer = signer(["k1": [UInt8](repeating: 0xAB, count: 32)], current: "k1")
        var dumped = ""
        dump(signer, to: &dumped)
        for text in [String(describing: signer), String(reflecting: signer), dumped] {
            #expect(!text.contains("171"), "\(text)")
            #expect(text.contains("k1"))
        }
    }
}
