import PartnerCore
import TerminalKit

/// What the pages of an order share: New customer → New subscription →
/// Review, or New subscription → Review for an existing customer. Each page
/// is a thin screen over this one object, so Back and Next keep everything
/// typed, and nothing is stored until Submit.
@MainActor
final class OrderWizard {
    enum Purpose: Equatable {
        /// Add new customer, for a reseller or none (rule 4).
        case newCustomer
        /// Add subscription for a customer the provider already has (rule 6).
        case existingCustomer(CustomerID)
    }

    let session: DashboardSession
    let purpose: Purpose
    /// The New customer page; unused for an existing customer.
    var details: CustomerDetailsForm
    var picker: OfferPicker
    /// A refusal routed back to a page, shown on it until the next key.
    var notice: String?

    init(session: DashboardSession, reseller: AccountID?) {
        self.session = session
        purpose = .newCustomer
        details = CustomerDetailsForm(model: session.model, provider: session.account, reseller: reseller)
        picker = OfferPicker(offers: session.catalog.offers, hasBack: true)
    }

    init(session: DashboardSession, customer: CustomerID) {
        self.session = session
        purpose = .existingCustomer(customer)
        details = CustomerDetailsForm(model: session.model, provider: session.account, reseller: nil)
        picker = OfferPicker(offers: session.catalog.offers, hasBack: false)
    }

    var isNewCustomer: Bool { purpose == .newCustomer }
    var steps: [String] { isNewCustomer ? ["Customer", "Subscriptions", "Review"] : ["Subscriptions", "Review"] }
    var what: String { isNewCustomer ? "the new customer" : "the new subscriptions" }

    var hasData: Bool { (isNewCustomer && details.form.isDirty) || picker.hasPicks }

    /// The customer, only if the signed-in account may see it (rule 6).
    var existingCustomer: Customer? {
        guard case .existingCustomer(let id) = purpose, let account = session.account?.id else { return nil }
        return session.model.customer(id, visibleTo: account)
    }

    /// The indirect reseller the customer is (or will be) associated with.
    var customerReseller: AccountID? {
        isNewCustomer ? details.reseller : existingCustomer?.associatedPartnerId
    }

    /// "Foo Ltd · foo.onmicrosoft.com", for the top of each page.
    var customerLine: String {
        if let customer = existingCustomer { return "\(customer.name) · \(customer.companyProfile.domain)" }
        if !isNewCustomer { return "a customer you are not a reseller of record for" }
        let d = details.details
        let name = d.companyName.isEmpty ? "New customer" : d.companyName
        return d.domainPrefix.isEmpty ? name : "\(name) · \(d.domain)"
    }

    /// Fills the partner-of-record list for the New subscription page: the
    /// resellers that can act for the customer (rule 2, asked of the model),
    /// defaulting to the customer's. A new customer with a reseller gets no
    /// "None": the order credits a reseller whenever the customer has one.
    func preparePicker() {
        let model = session.model
        let resellers: [PartnerAccount] = session.account.map { provider in
            switch purpose {
            case .newCustomer:
                return model.resellersActingFor(resellersOfRecord: Set([details.reseller].compactMap { $0 }), provider: provider.id)
            case .existingCustomer(let id):
                return model.resellersActingFor(customer: id, provider: provider.id)
            }
        } ?? []
        var options: [(id: AccountID?, name: String)] = resellers.map { ($0.id, $0.legalName) }
        let reseller = customerReseller.flatMap { id in resellers.contains { $0.id == id } ? id : nil }
        if !(isNewCustomer && reseller != nil) { options.append((nil, "None")) }
        picker.setPartnerOptions(options, preferred: reseller)
        // Arriving from either side, the page starts on its list.
        picker.focus(on: .offers)
    }

    /// Rule 9 said on the first page, before anything is typed (issue 13 item 3): Submit
    /// would refuse this user. Nil for an admin agent.
    var adminAgentHint: String? { session.user.flatMap { session.model.adminAgentRemedy(for: $0.id) }?.hint }

    /// Draws `adminAgentHint`, if any, at the top of `area`; returns the rows left below it.
    func renderAdminAgentHint(into grid: inout CellGrid, area: Rect) -> Rect {
        guard let hint = adminAgentHint else { return area }
        let y = Paragraph.write("! " + hint, into: &grid, area: area, row: area.row, hanging: 2, style: .warning)
        return Rect(row: y, col: area.col, height: area.bottom - y, width: area.width)
    }

    /// The order as Submit would place it.
    var cart: [CartLine] { picker.cart() }

    var command: Command {
        switch purpose {
        case .newCustomer: return .addCustomer(details.details, reseller: details.reseller, cart: cart)
        case .existingCustomer(let id): return .placeOrder(customer: id, cart: cart)
        }
    }

    /// The page a refusal names: a customer field, the cart, or none (it is
    /// then shown on Review). Sets the message where it will be seen.
    enum Route { case customer, cart, review }

    func route(_ error: DomainError) -> Route {
        if isNewCustomer, error.field == "reseller" {
            notice = "Indirect reseller: \(error.message)"
            details.form.focus(on: .reseller)
            return .customer
        }
        if isNewCustomer, details.form.show(error) {
            notice = "Not created: fix the field marked !"
            return .customer
        }
        if error.field.hasPrefix("cart") {
            let lines = picker.picked
            if let open = error.field.firstIndex(of: "["), let close = error.field.firstIndex(of: "]"),
               let index = Int(error.field[error.field.index(after: open)..<close]), lines.indices.contains(index) {
                picker.focusOffer(lines[index].id)
                notice = "\(lines[index].name): \(error.message)"
                if error.field.hasSuffix("partnerOfRecord") { picker.focus(on: .partner) }
            } else {
                notice = error.message
            }
            return .cart
        }
        return .review
    }
}
