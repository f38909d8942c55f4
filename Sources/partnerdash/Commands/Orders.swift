import ArgumentParser

struct Orders: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Orders for your customers.", subcommands: [OrdersAdd.self], defaultSubcommand: OrdersAdd.self)
}
