import Foundation
import PartnerCore
import PropertyBased
import Testing

@Suite("Invitation links")
struct InvitationLinkTests {
    @Test func printAndParseRoundTrip() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value(), Gen<UInt64>.value(), Gen<UInt64>.value()) { high, low, seed in
            var fresh = SeededFreshValues(seed: seed)
            let link = InvitationLink(invitationId: Ident(high: high, low: low), token: fresh.token())
            let text = link.description
            #expect(text.hasPrefix("partnerdash://invitation/"))
            #expect(InvitationLink(parsing: text) == link)
            #expect(InvitationLink(parsing: "  <\(text)>\n") == link)
            #expect(InvitationLink(parsing: "\t\(text) ") == link)
            #expect(InvitationLink(parsing: "< \(text)\t>") == link)
        }
    }

    @Test func tokensAreURLSafeAnd43Characters() {
        var fresh = SeededFreshValues(seed: 9)
        for _ in 0..<50 {
            let token = fresh.token()
            #expect(token.count == 43)
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        }
    }

    @Test(arguments: [
        "", "partnerdash://invitation/", "https://example.com/invitation/00000000-0000-0000-0000-000000000001?token=abc",
        "partnerdash://invitation/not-a-guid?token=abc", "partnerdash://invitation/00000000-0000-0000-0000-000000000001",
        "partnerdash://invitation/00000000-0000-0000-0000-000000000001?token=", "partnerdash://invitation/00000000-0000-0000-0000-000000000001?tok=abc",
        "partnerdash://invitation/00000000-0000-0000-0000-00000000001?token=abc", "<partnerdash://invitation/00000000-0000-0000-0000-000000000001?token=abc",
        "PARTNERDASH://invitation/00000000-0000-0000-0000-000000000001?token=abc",
        // Found by ReaderFuzzTests: a token is base64url, so a tab or a control character in it is no link.
        "partnerdash://invitation/00000000-0000-0000-0000-000000000001?token=ab\u{0C}c",
        "partnerdash://invitation/00000000-0000-0000-0000-000000000001?token=abc>def",
    ])
    func garbageIsRejected(_ text: String) {
        #expect(InvitationLink(parsing: text) == nil)
    }
}

@Suite("Ident")
struct IdentTests {
    @Test func printAndParseRoundTrip() async {
        await propertyCheck(count: 300, input: Gen<UInt64>.value(), Gen<UInt64>.value()) { high, low in
            let id = Ident(high: high, low: low)
            let text = id.description
            #expect(text.count == 36)
            #expect(Ident(text) == id)
            #expect(Ident(text.uppercased()) == id)
            #expect(id.short == String(text.prefix(8)))
        }
    }

    @Test func knownValues() throws {
        #expect(Ident(high: 0, low: 1).description == "00000000-0000-0000-0000-000000000001")
        let id = try #require(Ident("0123ABCD-4567-89ab-cdef-0123456789AB"))
        #expect(id == Ident(high: 0x0123_abcd_4567_89ab, low: 0xcdef_0123_4567_89ab))
        #expect(Ident(high: 1, low: 0) > Ident(high: 0, low: .max))
    }

    @Test(arguments: ["", "0123abcd45678-9ab-cdef-0123456789ab", "0123abcd-4567-89ab-cdef-0123456789a", "0123abcd-4567-89ab-cdef-0123456789abc",
                      "0123abcd-4567-89ab-cdef-0123456789ag", "0123abcd-4567-89ab-cdef0-123456789ab", "0123abcd-4567-89ab-cdef-0123456789a-",
                      "{0123abcd-4567-89ab-cdef-0123456789ab}", "0123abcd 4567 89ab cdef 0123456789ab", "0123abcd-4567-89ab-cdef-0123456789é"])
    func garbageIsRejected(_ text: String) {
        #expect(Ident(text) == nil)
    }

    @Test func codableAsAGUIDString() throws {
        let id = Ident(high: 42, low: 7)
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(id)\"]")
        #expect(try JSONDecoder().decode([Ident].self, from: data) == [id])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Ident].self, from: Data("[\"nope\"]".utf8)) }
    }
}

@Suite("Outgoing mail")
struct OutgoingMailTests {
    let date = Date(timeIntervalSince1970: 1_767_225_600)

    @Test func rfc5322HasCRLFHeadersAndABody() {
        let mail = OutgoingMail(to: "rita@contoso.example", from: "ana@northwind.example", subject: "Hello",
                                body: "line one\nline two\r\nline three")
        let text = mail.rfc5322(date: date, messageId: "abc")
        let parts = text.components(separatedBy: "\r\n\r\n")
        #expect(parts.count == 2)
        let headers = parts[0].components(separatedBy: "\r\n")
        #expect(headers.contains("From: ana@northwind.example"))
        #expect(headers.contains("To: rita@contoso.example"))
        #expect(headers.contains("Subject: Hello"))
        #expect(headers.contains("Date: Thu, 01 Jan 2026 00:00:00 +0000"))
        #expect(headers.contains("Message-ID: <abc@partnerdash.local>"))
        #expect(headers.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(parts[1] == "line one\r\nline two\r\nline three\r\n")
        // No bare LF anywhere.
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test func nonASCIISubjectIsAnEncodedWord() throws {
        let mail = OutgoingMail(to: "a@b.example", subject: "Grüße von Northwind – Einladung", body: "Hallo")
        let text = mail.rfc5322(date: date, messageId: "x")
        let subject = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") })
        let word = String(subject.dropFirst("Subject: ".count))
        #expect(word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?="))
        #expect(word.allSatisfy({ $0.isASCII }))
        let base64 = String(word.dropFirst(10).dropLast(2))
        #expect(String(data: try #require(Data(base64Encoded: base64)), encoding: .utf8) == "Grüße von Northwind – Einladung")
        #expect(text.hasSuffix("Hallo\r\n"))
    }

    @Test func aLongNonASCIISubjectIsFoldedIntoShortEncodedWords() throws {
        let subject = "Müller & Söhne Großhandel GmbH lädt Sie ein, einen indirekten Anbieter zu autorisieren — 🎉 Ünïcödé"
        let text = OutgoingMail(to: "a@b.example", subject: subject, body: "").rfc5322(date: date, messageId: "x")
        let headerBlock = text.components(separatedBy: "\r\n\r\n")[0]
        let lines = headerBlock.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines)")
        let start = try #require(lines.firstIndex { $0.hasPrefix("Subject: ") })
        var words = [String(lines[start].dropFirst("Subject: ".count))]
        for line in lines[(start + 1)...] {
            guard line.hasPrefix(" ") else { break }
            words.append(String(line.dropFirst()))
        }
        #expect(words.count > 1)
        var decoded = ""
        for word in words {
            #expect(word.count <= 75 && word.hasPrefix("=?utf-8?B?") && word.hasSuffix("?="))
            let bytes = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            // Each word holds whole characters.
            decoded += try #require(String(data: bytes, encoding: .utf8))
        }
        #expect(decoded == subject)
        #expect(lines.count == 8 + words.count - 1)
    }

    @Test func headersCannotBeInjected() {
        let mail = OutgoingMail(to: "a@b.example\r\nBcc: evil@x.example", subject: "Hi\r\nBcc: evil@x.example", body: "")
        let text = mail.rfc5322(date: date, messageId: "x")
        let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc:") })
        #expect(headers.count == 8)
    }

    @Test func mailtoEncodesEverything() {
        let mail = OutgoingMail(to: "rita@contoso.example", subject: "A & B", body: "line 1\nhttps://x?y=1&z=2")
        let url = mail.mailtoURL
        #expect(url.hasPrefix("mailto:rita%40contoso.example?subject=A%20%26%20B&body="))
        #expect(url.contains("line%201%0Ahttps%3A%2F%2Fx%3Fy%3D1%26z%3D2"))
        #expect(!url.contains(" "))
    }
}

@Suite("Field validation")
struct ValidateTests {
    @Test(arguments: [("12345", false), ("123456", true), ("1234567", true), ("12345678", false), ("12345a", false),
                      ("", false), ("１２３４５６", false), (" 123456", false), ("-123456", false)])
    func mpnIds(_ value: String, _ ok: Bool) {
        #expect((Validate.mpnId(value) == nil) == ok, "\(value)")
    }

    @Test(arguments: [("name@example.com", true), ("a@b.c", true), ("first.last+tag@sub.example.org", true),
                      ("", false), ("name", false), ("@example.com", false), ("name@", false), ("name@example", false),
                      ("name@.example.com", false), ("name@example.com.", false), ("a@b@c.d", false), ("a b@c.d", false),
                      ("name@exa mple.com", false), ("name@example.com\n", false), ("tab\t@x.y", false),
                      // RFC 5322 dot-atoms: every atext character, upper case, hyphens inside a label.
                      ("o'brien@example.ie", true), ("!#$%&'*+-/=?^_`{|}~@example.com", true), ("ANA@EXAMPLE.COM", true),
                      ("x_y-z@my-host.example", true), (String(repeating: "a", count: 64) + "@example.com", true),
                      (".ana@example.com", false), ("ana.@example.com", false), ("a..b@example.com", false),
                      (String(repeating: "a", count: 65) + "@example.com", false), ("ana@-example.com", false),
                      ("ana@example-.com", false), ("ana@exa_mple.com", false), ("ana@example..com", false),
                      ("ana@" + String(repeating: "a", count: 64) + ".com", false)])
    func emails(_ value: String, _ ok: Bool) {
        #expect((Validate.email(value) == nil) == ok, "\(value)")
    }

    /// What RFC 5322 lets an address field hold besides one addr-spec is refused, saying what it is.
    @Test(arguments: [
        ("x,victim@attacker.example", "not a list"), ("a@b.com, c@d.com", "not a list"), ("a@b.com;c@d.com", "not a list"),
        ("friends: a@b.com, c@d.com;", "not a group"), ("undisclosed-recipients:;", "not a group"),
        ("Ana Lima <ana@example.com>", "without a display name or angle brackets"),
        ("<ana@example.com>", "without a display name or angle brackets"),
        ("\"x,victim\"@attacker.example", "must not quote"), ("\"ana lima\"@example.com", "must not quote"),
        ("\"ana\"@example.com", "must not quote"), ("ana\\@example.com", "must not quote"),
        ("ana(work)@example.com", "without a comment"), ("ana@example.com (Ana)", "without a comment"),
        ("ana@[192.0.2.1]", "not an address literal"),
        ("josé@example.com", "ASCII"), ("ana@exämple.com", "ASCII"), ("ana＠example.com", "ASCII"),
        ("ana@example.com\u{202E}", "ASCII"), ("ana@xn--exmple-cua.com", nil),
    ] as [(String, String?)])
    func anEmailIsOneAddrSpec(_ value: String, _ says: String?) {
        let problem = Validate.email(value)
        if let says {
            #expect(problem?.contains(says) == true, "\(value): \(problem ?? "accepted")")
        } else {
            #expect(problem == nil, "\(value): \(problem ?? "")")
        }
    }

    @Test(arguments: [("ab", true), ("contoso", true), ("contoso2", true), (String(repeating: "a", count: 27), true),
                      ("a", false), (String(repeating: "a", count: 28), false), ("2contoso", false), ("Contoso", false),
                      ("con-toso", false), ("con.toso", false), ("", false), ("contosö", false)])
    func domainPrefixes(_ value: String, _ ok: Bool) {
        #expect((Validate.domainPrefix(value) == nil) == ok, "\(value)")
    }

    @Test(arguments: [("US", true), ("DE", true), ("GB", true), ("us", false), ("UK", false), ("USA", false), ("", false), ("XX", false)])
    func countries(_ value: String, _ ok: Bool) {
        #expect((Validate.country(value) == nil) == ok, "\(value)")
    }

    @Test(arguments: [("+1 555 0100", true), ("(030) 123-4567", true), ("12345", true), ("1234", false),
                      ("123456789012345678901", false), ("555-CALL-NOW", false), ("", false), ("+1 555 0100 ext. 5", false),
                      ("٠١٢٣٤٥٦", false), ("½½½½½", false)])
    func phones(_ value: String, _ ok: Bool) {
        #expect((Validate.phone(value) == nil) == ok, "\(value)")
    }

    @Test(arguments: [("en-US", true), ("de-DE", true), ("fr-CA", true), ("en_US", false), ("EN-us", false), ("en", false),
                      ("en-USA", false), ("eng-US", false), ("en-US-x", false), ("", false), ("éé-ÉÉ", false)])
    func cultures(_ value: String, _ ok: Bool) {
        #expect((Validate.culture(value) == nil) == ok, "\(value)")
    }

    @Test(arguments: [("en", true), ("de", true), ("EN", false), ("eng", false), ("", false), ("é", false)])
    func languages(_ value: String, _ ok: Bool) {
        #expect((Validate.language(value) == nil) == ok, "\(value)")
    }

    @Test(arguments: [("https://example.com", true), ("http://example.com/x", true), ("https://", false), ("ftp://example.com", false),
                      ("https://exa mple.com", false), ("example.com", false)])
    func urls(_ value: String, _ ok: Bool) {
        #expect((Validate.url(value) == nil) == ok, "\(value)")
    }

    @Test func userPrincipalNamesBelongToTheirTenant() {
        #expect(Validate.inTenant("ana@northwind.onmicrosoft.com", "northwind.onmicrosoft.com") == nil)
        #expect(Validate.inTenant("Ana@NorthWind.onmicrosoft.com", "northwind.onmicrosoft.com") == nil)
        #expect(Validate.inTenant("ana@contoso.onmicrosoft.com", "northwind.onmicrosoft.com") != nil)
        #expect(Validate.inTenant("ana@northwind.onmicrosoft.com.example", "northwind.onmicrosoft.com") != nil)
        #expect(Validate.inTenant("ana", "northwind.onmicrosoft.com") != nil)
    }

    @Test func required() {
        #expect(Validate.required("x") == nil)
        #expect(Validate.required("  ") != nil)
        #expect(Validate.required("") != nil)
    }
}

@Suite("Secrets")
struct SecretsTests {
    @Test func hashIsSHA256Hex() {
        #expect(Secrets.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Secrets.matches("abc", hash: Secrets.hash("abc")))
        #expect(!Secrets.matches("abd", hash: Secrets.hash("abc")))
        #expect(!Secrets.matches("abc", hash: ""))
    }

    @Test func passwordsMixEveryClass() async {
        await propertyCheck(count: 200, input: Gen<UInt64>.value()) { seed in
            var fresh = SeededFreshValues(seed: seed)
            let p = fresh.temporaryPassword()
            #expect(p.count == 16)
            #expect(p.contains(where: { $0.isASCII && $0.isUppercase }))
            #expect(p.contains(where: { $0.isASCII && $0.isLowercase }))
            #expect(p.contains(where: { $0.isASCII && $0.isNumber }))
            #expect(p.contains(where: { "!#$%*+-=?@".contains($0) }))
            // No look-alikes: I, O, l, 0, 1.
            #expect(!p.contains(where: { "IOl01".contains($0) }))
        }
    }

    @Test func verificationCodesAreSixDigits() {
        var fresh = SeededFreshValues(seed: 3)
        for _ in 0..<100 {
            let code = fresh.verificationCode()
            #expect(code.count == 6 && code.allSatisfy { $0.isASCII && $0.isNumber })
        }
    }
}

@Suite("Calendar days")
struct CalendarDayTests {
    @Test func theDayDependsOnTheZoneAndIsZeroPadded() throws {
        // 2026-03-01 02:30 UTC is still February 28 in New York.
        let date = Date(timeIntervalSince1970: 1_772_332_200)
        #expect(CalendarDay(date).description == "2026-03-01")
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        #expect(CalendarDay(date, timeZone: newYork).description == "2026-02-28")
        #expect(CalendarDay(Date(timeIntervalSince1970: 0)).description == "1970-01-01")
    }

    @Test func agreesWithISO8601AtAnyMomentUntil2100() async {
        await propertyCheck(count: 300, input: Gen<Int>.int(in: 0...4_102_444_800)) { seconds in
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(CalendarDay(date).description == String(date.formatted(.iso8601).prefix(10)))
        }
    }
}

@Suite("CSV")
struct CSVTests {
    @Test func fieldsAreQuotedAndFormulasDefused() {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("two\nlines") == "\"two\nlines\"")
        #expect(CSV.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSV.field("@SUM(A1)") == "'@SUM(A1)")
        // A phone in E.164 form stays readable; one with a hyphen is guarded (docs/SCRIPTING.md).
        #expect(CSV.field("+1 555 0100") == "+1 555 0100")
        #expect(CSV.field("+1-555-0100") == "'+1-555-0100")
        #expect(CSV.field("-2") == "'-2")
        #expect(CSV.field("\tcmd") == "'\tcmd")
        #expect(CSV.field("\rx") == "\"'\rx\"")
        #expect(CSV.field("") == "")
        #expect(CSV.record(["a", "b,c"]) == "a,\"b,c\"\r\n")
    }
}
