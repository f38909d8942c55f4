import Foundation
import PartnerCore
import Testing

/// The one export (Partner Center's names, CSV/JSON/JSON Lines, the formula guard) and the
/// import that reads it back: every row checked with the commands' own rules, all of them
/// reported, and export → import → export the same bytes.
@Suite struct ExportImportTests {
    // MARK: The formula guard

    @Test func formulasAreGuardedAndE164NumbersStayReadable() {
        for formula in ["=HYPERLINK(\"http://x\")", "+1-555-0100", "-2+3", "@SUM(A1)", "\tx", "\rx", "+ 1 555", "+1  555",
                        "+0 555 0100", "+1 555 ", "+1234567890123456", "+1 (555) 0100", "+"] {
            #expect(CSV.field(formula).hasPrefix("'") || CSV.field(formula).hasPrefix("\"'"), "\(formula.debugDescription) is guarded")
            #expect(CSV.unguarded(CSV.isFormula(formula) ? "'" + formula : formula) == formula)
        }
        for phone in ["+14255550100", "+1 425 555 0100", "+44 20 7946 0958", "+123456789012345"] {
            #expect(CSV.isE164(phone) && CSV.field(phone) == phone, "\(phone) stays readable")
        }
        for plain in ["Alpine Ski", "'quoted", "1+1", "a=b"] {
            #expect(CSV.field(plain) == plain && CSV.unguarded(plain) == plain)
        }
    }

    // MARK: Reading CSV

    @Test func readingTakesBackWhatWritingWrote() throws {
        let rows = [["id", "name", "note"], ["1", "Smith, \"Jones\" & Co", "two\r\nlines"], ["2", "", "=1+1"], ["3", "Łódź", ""]]
        let text = rows.map(CSV.record).joined()
        let read = try CSV.read(text)
        #expect(read.map(\.fields) == rows.map { $0.map { CSV.isFormula($0) ? "'" + $0 : $0 } })
        #expect(read.map(\.line) == [1, 2, 4, 5], "a record starts on its own line; a quoted line break counts")
        #expect(try CSV.read("\u{FEFF}a,b\nc,d\n").map(\.fields) == [["a", "b"], ["c", "d"]], "BOM skipped, LF accepted")
        #expect(try CSV.read("a,\"\"\r\n").map(\.fields) == [["a", ""]])
        #expect(throws: CSVSyntaxError(line: 2, message: "a quoted field is not closed before the end of the file")) {
            try CSV.read("a\n\"open,b\nc")
        }
        #expect(throws: CSVSyntaxError.self) { try CSV.read("a,b\"c\n") }
    }

    @Test func datesAreISO8601UTCToTheSecondBothWays() {
        let date = Date(timeIntervalSince1970: 1_767_607_200)
        #expect(ExportDate.string(date) == "2026-01-05T10:00:00Z")
        #expect(ExportDate.date("2026-01-05T10:00:00Z") == date)
        for bad in ["2026-01-05", "2026-02-30T10:00:00Z", "2026-01-05T10:00:00.000Z", "2026-01-05T10:00:00+01:00", "2026-13-01T00:00:00Z"] {
            #expect(ExportDate.date(bad) == nil, "\(bad)")
        }
    }

    // MARK: The export

    @Test func everyResourceUsesPartnerCentersNamesAndTheResellersMPNID() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("alpineski", for: w.r1.account)
        let model = w.model
        let customers = try model.export(.customers(visibleTo: w.provider), catalog: w.catalog, now: w.now)
        #expect(customers.columns.map(\.name) == CustomerColumn.allCases.map(\.rawValue))
        let row = try #require(customers.rows.first { $0[0] == customer.description })
        #expect(row[CustomerColumn.allCases.firstIndex(of: .associatedPartnerId)!] == w.r1.mpnId, "the MPN ID, never the tenant id")
        #expect(row[CustomerColumn.allCases.firstIndex(of: .relationshipToPartner)!] == "reseller")
        let subscriptions = try model.export(.subscriptions(visibleTo: w.provider, customer: customer), catalog: w.catalog, now: w.now)
        let value = { (column: SubscriptionColumn) in subscriptions.rows[0][SubscriptionColumn.allCases.firstIndex(of: column)!] }
        #expect(subscriptions.count == 1 && value(.partnerId) == w.r1.mpnId && value(.termDuration) == Fixture.m365.termDuration.rawValue)
        #expect(value(.autoRenewEnabled) == "true" && value(.status) == "active" && value(.billingCycle) == Fixture.m365.billingCycle.rawValue)
        #expect(ExportDate.date(value(.creationDate)) != nil)
        let orders = try model.export(.orders(visibleTo: w.provider, customer: customer), catalog: w.catalog, now: w.now)
        #expect(orders.columns.map(\.name).contains("lineItems.partnerIdOnRecord") && orders.count == 1)
        let log = try model.export(.activityLog(visibleTo: w.provider), catalog: w.catalog, now: w.now)
        #expect(log.columns.map(\.name) == ["operationDate", "userPrincipalName", "operationType", "resourceType", "resourceName",
                                            "customerId", "resourceOldValue", "resourceNewValue", "operationStatus"])
        #expect(log.rows.first?[3] == "customer", "add_customer changes a customer")
        // A reseller sees only its own customers (rule 6); another provider none of them.
        #expect(try model.export(.customers(visibleTo: w.otherProvider), catalog: w.catalog, now: w.now).count == 0)
    }

    @Test func jsonAndJSONLinesKeyEachRowByColumnWithTypedValues() throws {
        let table = ExportTable(columns: [ExportColumn("id"), ExportColumn("quantity", .integer), ExportColumn("autoRenewEnabled", .boolean),
                                          ExportColumn("partnerId")],
                                rows: [["a\"\n\u{1}", "5", "true", ""], ["b", "7", "false", "4812345"]])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(table.text(.json).utf8)) as? [[String: Any]])
        #expect(array.count == 2 && array[0]["id"] as? String == "a\"\n\u{1}" && array[0]["quantity"] as? Int == 5)
        #expect(array[0]["autoRenewEnabled"] as? Bool == true && array[0]["partnerId"] is NSNull)
        let lines = table.text(.jsonl).split(separator: "\n")
        #expect(lines.count == 2)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["partnerId"] as? String == "4812345" && second["autoRenewEnabled"] as? Bool == false)
        #expect(table.text(.csv, byteOrderMark: true).utf8.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(ExportTable(columns: table.columns, rows: []).text(.json) == "[]\n")
    }

    // MARK: The import

    /// The standard world's accounts and partnerships, without customers: an empty workspace
    /// for the same provider and resellers.
    static func withoutCustomers(_ m: PartnerModel) -> PartnerModel {
        PartnerModel(accounts: Array(m.accounts.values), users: Array(m.users.values), membershipProfiles: Array(m.membershipProfiles.values),
                     listings: m.listings, changeRequests: Array(m.changeRequests.values), invitations: Array(m.invitations.values),
                     partnerships: Array(m.partnerships.values), customers: [], orders: [], subscriptions: [], auditLog: [],
                     lastSequence: m.lastSequence)
    }

    static func imported(_ resource: ImportResource, _ text: String, into model: inout PartnerModel, w: World) throws -> ImportDecision {
        var context = CommandContext(now: w.now, fresh: SeededFreshValues(seed: 9), catalog: w.catalog)
        let decision = try model.decideImport(resource, csv: text, as: .user(w.providerAdmin), context: &context)
        for transaction in decision.transactions { model.apply(transaction, sequence: model.lastSequence + 1) }
        return decision
    }

    @Test func exportImportExportGivesTheSameBytes() throws {
        var w = try World.standard()
        for (prefix, reseller) in [("alpineski", w.r1.account), ("bakery", w.r2.account), ("cohowinery", nil as AccountID?)] {
            _ = try w.addCustomer(prefix, for: reseller)
        }
        let source = w.model
        let customers = try source.export(.customers(visibleTo: w.provider), catalog: w.catalog, now: w.now).csv
        let subscriptions = try source.export(.subscriptions(visibleTo: w.provider), catalog: w.catalog, now: w.now).csv
        var target = Self.withoutCustomers(source)
        let first = try Self.imported(.customers, customers, into: &target, w: w)
        let second = try Self.imported(.subscriptions, subscriptions, into: &target, w: w)
        #expect(first.problems.isEmpty && second.problems.isEmpty, "\(first.problems) \(second.problems)")
        #expect(first.transactions.count == 3 && second.transactions.count == 3)
        #expect(try target.export(.customers(visibleTo: w.provider), catalog: w.catalog, now: w.now).csv == customers)
        #expect(try target.export(.subscriptions(visibleTo: w.provider), catalog: w.catalog, now: w.now).csv == subscriptions)
        // One audit record per row, as customers add and orders add would write.
        #expect(target.auditLog.map(\.operationType) == Array(repeating: .add_customer, count: 3) + Array(repeating: .create_order, count: 3))
        #expect(target.customers.values.allSatisfy { c in c.relationships.contains { $0.partnerId == w.provider } })
    }

    @Test func everyBadRowIsReportedWithItsLineColumnAndRule() throws {
        let w = try World.standard()
        let header = CustomerColumn.allCases.map(\.rawValue)
        func row(_ prefix: String, _ change: (inout [String: String]) -> Void = { _ in }) -> [String] {
            var values = ["companyProfile.companyName": "Co \(prefix)", "companyProfile.domain": "\(prefix).onmicrosoft.com",
                          "billingProfile.firstName": "Ann", "billingProfile.lastName": "Lee", "billingProfile.email": "ann@\(prefix).example",
                          "billingProfile.culture": "en-US", "billingProfile.language": "en",
                          "billingProfile.defaultAddress.addressLine1": "1 Main St", "billingProfile.defaultAddress.city": "Seattle",
                          "billingProfile.defaultAddress.postalCode": "98052", "billingProfile.defaultAddress.country": "US",
                          "billingProfile.defaultAddress.phoneNumber": "+1 425 555 0100", "associatedPartnerId": w.r1.mpnId]
            change(&values)
            return header.map { values[$0] ?? "" }
        }
        let text = ([header, row("good"), row("bademail") { $0["billingProfile.email"] = "not-an-address" }, row("good"),
                     row("nobody") { $0["associatedPartnerId"] = "9999999" }, row("third") { $0["associatedPartnerId"] = w.r3.mpnId },
                     row("fine")]).map(CSV.record).joined()
        var model = w.model
        let decision = try Self.imported(.customers, text, into: &model, w: w)
        #expect(decision.transactions.count == 2, "the good rows are decided; the caller refuses the file")
        #expect(decision.problems.map(\.line) == [3, 4, 5, 6])
        #expect(decision.problems.map(\.field) == ["billingProfile.email", "companyProfile.domain", "associatedPartnerId", "associatedPartnerId"])
        #expect(decision.problems[1].message == "good.onmicrosoft.com is already taken", "the row before it took the domain")
        #expect(decision.problems[3].rule == 2, "a reseller outside an active partnership: rule 2")
        #expect(decision.problems[0].description.hasPrefix("line 3: billingProfile.email: "))
    }

    @Test func unknownColumnsAreRefusedByName() throws {
        let w = try World.standard()
        var model = w.model
        do {
            _ = try Self.imported(.customers, "id,companyProfile.companyName,colour,billingProfile.phone\r\n", into: &model, w: w)
            Issue.record("an unknown column was accepted")
        } catch let error as ImportRefused {
            #expect(error.problems.map(\.field) == ["colour", "billingProfile.phone"] && error.problems.allSatisfy { $0.line == 1 })
        }
        #expect(throws: ImportRefused.self) { try Self.imported(.customers, "", into: &model, w: w) }
    }

    @Test func subscriptionRowsAreCheckedAsOrdersAddChecksThem() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("alpineski", for: w.r1.account)
        let (other, _) = try w.addCustomer("otherco", for: nil, as: .user(w.otherProviderAdmin))
        let header = SubscriptionColumn.allCases.map(\.rawValue)
        func row(_ change: (inout [String: String]) -> Void) -> [String] {
            var values = ["customerId": customer.description, "offerId": Fixture.m365.id, "quantity": "3", "status": "active",
                          "partnerId": w.r1.mpnId, "creationDate": "2026-01-05T10:00:00Z", "commitmentEndDate": "2026-02-04T10:00:00Z",
                          "autoRenewEnabled": "true"]
            change(&values)
            return header.map { values[$0] ?? "" }
        }
        let text = [header, row { _ in }, row { $0["quantity"] = "0" }, row { $0["customerId"] = other.description },
                    row { $0["offerId"] = "nothing" }, row { $0["offerName"] = "Something else" }, row { $0["partnerId"] = w.r3.mpnId },
                    row { $0["autoRenewEnabled"] = "yes" }, row { $0["commitmentEndDate"] = "soon" }].map(CSV.record).joined()
        var model = w.model
        let decision = try Self.imported(.subscriptions, text, into: &model, w: w)
        #expect(decision.transactions.count == 1 && decision.imported == 1)
        #expect(decision.problems.map(\.field) == ["quantity", "customerId", "offerId", "offerName", "partnerId", "autoRenewEnabled",
                                                   "commitmentEndDate"])
        #expect(decision.problems.map(\.rule) == [8, 6, nil, nil, 2, nil, nil], "r3 is in no partnership with the provider")
        let imported = try #require(model.subscriptions(of: customer).last)
        #expect(imported.creationDate == ExportDate.date("2026-01-05T10:00:00Z") && imported.partnerId == w.r1.mpnId && imported.quantity == 3)
    }

    /// A subscription naming a reseller the provider is partnered with but that is not (yet)
    /// a reseller of record of the customer (one the customer authorized later, by an
    /// invitation, which no customer column carries) makes it one: an audited
    /// `create_customer_relationship` before the order, once per customer and reseller.
    @Test func aSubscriptionsPartnerOfRecordBecomesAResellerOfRecord() throws {
        var w = try World.standard()
        let (customer, _) = try w.addCustomer("alpineski", for: w.r1.account)
        #expect(w.model.customers[customer]?.isResellerOfRecord(w.r2.account) == false)
        let header = SubscriptionColumn.allCases.map(\.rawValue)
        let row = {
            header.map { ["customerId": customer.description, "offerId": Fixture.m365.id, "quantity": "3", "status": "active",
                          "partnerId": w.r2.mpnId, "supportContact.supportMpnId": w.r2.mpnId, "creationDate": "2026-01-05T10:00:00Z",
                          "commitmentEndDate": "2026-02-04T10:00:00Z", "autoRenewEnabled": "true"][$0] ?? "" }
        }
        let text = [header, row(), row()].map(CSV.record).joined()
        var model = w.model
        let decision = try Self.imported(.subscriptions, text, into: &model, w: w)
        #expect(decision.problems == [] && decision.imported == 2)
        #expect(decision.transactions.map(\.audit.operationType) == [.create_customer_relationship, .create_order, .create_order])
        #expect(decision.transactions[0].audit.involvedAccounts.contains(w.r2.account))
        let after = try #require(model.customers[customer])
        #expect(after.isResellerOfRecord(w.r2.account) && after.relationships.count == 3, "provider, r1 and r2")
        #expect(model.subscriptions(of: customer).filter { $0.partnerId == w.r2.mpnId }.count == 2)
        #expect(model.invariantViolations(catalog: w.catalog).isEmpty)
    }
}
